// Owns the sign-in ladder for the backend API token: MSAL nested app authentication (silent -> popup) where the
// host supports it, else legacy Office SSO, else the Office dialog. It does not call the backend.
import type { TokenRequest } from '../api/client';

/** The subset of MSAL's IPublicClientApplication the ladder uses (createNestablePublicClientApplication). */
export interface NaaClient {
  acquireTokenSilent(request: {
    scopes: string[];
    claims?: string;
    forceRefresh?: boolean;
  }): Promise<{ accessToken: string }>;
  acquireTokenPopup(request: { scopes: string[]; claims?: string }): Promise<{ accessToken: string }>;
}

/** Everything host-specific, injected so the ladder is testable with a stand-in Office host. */
export interface SignInMethods {
  supportsNestedAppAuth(): boolean;
  supportsLegacySso(): boolean;
  createNaaClient(): Promise<NaaClient>;
  getSsoToken(authChallenge?: string): Promise<string>;
  runAuthDialog(url: string): Promise<string>;
}

/** Sign-in failed in a way the person must see (cancelled, throttled, not signed in to Office). */
export class SignInError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'SignInError';
  }
}

/** Renew dialog tokens this long before they expire. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

function jwtExpiry(token: string): number {
  const payload = token.split('.')[1];
  if (!payload) return 0;
  const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
  return (json.exp ?? 0) * 1000;
}

function errorName(error: unknown): string {
  return String((error as { name?: unknown; errorCode?: unknown } | null)?.name ?? '');
}

function errorCode(error: unknown): string {
  return String((error as { errorCode?: unknown } | null)?.errorCode ?? '');
}

export class AccountManager {
  private naa: Promise<NaaClient> | null = null;
  private inFlight: Promise<string> | null = null;
  private dialogToken: { token: string; expiresAt: number } | null = null;

  constructor(
    private readonly scope: string,
    private readonly dialogUrl: string,
    private readonly methods: SignInMethods,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token for the backend. Concurrent callers share one sign-in (Office answers 13008 to a second one). */
  getToken(request: TokenRequest = {}): Promise<string> {
    if (request.authChallenge || request.forceRefresh) return this.acquire(request);
    this.inFlight ??= this.acquire(request).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async acquire(request: TokenRequest): Promise<string> {
    if (this.methods.supportsNestedAppAuth()) return this.viaNaa(request);
    if (this.methods.supportsLegacySso()) return this.viaSso(request);
    return this.viaDialog(request);
  }

  private async viaNaa(request: TokenRequest): Promise<string> {
    this.naa ??= this.methods.createNaaClient();
    const client = await this.naa;
    const scopes = [this.scope];
    const claims = request.authChallenge;
    try {
      return (await client.acquireTokenSilent({ scopes, claims, forceRefresh: request.forceRefresh })).accessToken;
    } catch (silentError) {
      if (errorName(silentError) !== 'InteractionRequiredAuthError' && !claims) throw silentError;
    }
    try {
      return (await client.acquireTokenPopup({ scopes, claims })).accessToken;
    } catch (popupError) {
      if (errorCode(popupError) === 'user_cancelled') throw new SignInError('Sign-in was cancelled.', popupError);
      // Popups blocked or NAA broken on this host: the dialog still works.
      return this.viaDialog(request);
    }
  }

  private async viaSso(request: TokenRequest): Promise<string> {
    try {
      return await this.methods.getSsoToken(request.authChallenge);
    } catch (error) {
      const kind = (error as { kind?: string }).kind;
      if (kind === 'use_dialog') return this.viaDialog(request);
      throw new SignInError((error as Error).message, error);
    }
  }

  private async viaDialog(request: TokenRequest): Promise<string> {
    const cached = this.dialogToken;
    if (cached && !request.authChallenge && !request.forceRefresh && cached.expiresAt - EXPIRY_MARGIN_MS > this.now()) {
      return cached.token;
    }
    const url = new URL(this.dialogUrl);
    if (request.authChallenge) url.searchParams.set('claims', request.authChallenge);
    try {
      const token = await this.methods.runAuthDialog(url.toString());
      this.dialogToken = { token, expiresAt: jwtExpiry(token) };
      return token;
    } catch (error) {
      throw new SignInError((error as Error).message, error);
    }
  }
}
