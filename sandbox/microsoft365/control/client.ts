/**
 * Typed client of the emulator's control API over HTTPS, for tests and scripts (works against an in-process
 * emulator or one started with `npm run sandbox:m365`). Throws ControlRequestError with the problem detail on 4xx/5xx.
 */
import { fetch, type Dispatcher } from 'undici';
import type { FaultRule, FaultRuleInput } from '../platform/faults';
import type { RequestLogEntry } from '../platform/request-log';
import type { EmulatorSettings } from '../settings';
import type { TokenFault } from '../identity/token-faults';
import type { TokenLogEntry } from '../identity/token-log';

export class ControlRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`control API answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'ControlRequestError';
  }
}

export interface AddinTokenOptions {
  /** User id or UPN. */
  user: string;
  clientId?: string;
  version?: '1.0' | '2.0';
  scopes?: string[];
  expiresInSeconds?: number;
  authorizedParty?: string;
  issuer?: string;
}

export interface GraphTokenOptions {
  /** User id or UPN; absent for an app-only token. */
  user?: string;
  tenantId?: string;
  clientId?: string;
  scopes?: string[];
  roles?: string[];
  lifetimeSeconds?: number;
}

export class ControlClient {
  constructor(
    readonly baseUrl: string,
    private readonly dispatcher?: Dispatcher,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ControlRequestError(response.status, parsed);
    return parsed as T;
  }

  /** The token Office / nested app authentication hands the add-in (aud = the add-in's client id). */
  async mintAddinToken(options: AddinTokenOptions): Promise<string> {
    return (await this.call<{ token: string }>('POST', '/tokens/addin', options)).token;
  }

  /** Assigns a person exactly these app roles (e.g. ['Sync.Admin']); [] removes them. */
  async setAppRoles(user: string, roles: string[], clientId?: string): Promise<void> {
    await this.call('POST', '/app-role-assignments', { user, roles, ...(clientId ? { clientId } : {}) });
  }

  /** Uploads a certificate (PEM, public part) to the app registration: it may then sign client assertions. */
  async addAppCertificate(certificate: string, clientId?: string): Promise<void> {
    await this.call('POST', '/app-certificates', { certificate, ...(clientId ? { clientId } : {}) });
  }

  /** A Graph access token without going through the token endpoint (for Graph-only tests). */
  async mintGraphToken(options: GraphTokenOptions = {}): Promise<string> {
    return (await this.call<{ token: string }>('POST', '/tokens/graph', options)).token;
  }

  revokeRefreshTokens(user: string): Promise<{ revoked: number }> {
    return this.call('POST', `/users/${encodeURIComponent(user)}/revoke-refresh-tokens`);
  }

  setConsent(user: string, granted: boolean, clientId?: string): Promise<unknown> {
    return this.call('POST', '/consent', { user, granted, clientId });
  }

  setMfaRequired(user: string, required: boolean): Promise<unknown> {
    return this.call('POST', '/mfa', { user, required });
  }

  rotateSigningKey(): Promise<{ newKid: string; previousKids: string[] }> {
    return this.call('POST', '/keys/rotate');
  }

  retireOldSigningKeys(): Promise<{ retired: string[] }> {
    return this.call('POST', '/keys/retire-old');
  }

  addTokenFault(fault: TokenFault): Promise<unknown> {
    return this.call('POST', '/token-faults', fault);
  }

  async tokenRequests(): Promise<TokenLogEntry[]> {
    return (await this.call<{ requests: TokenLogEntry[] }>('GET', '/token-requests')).requests;
  }

  addFault(rule: FaultRuleInput): Promise<FaultRule> {
    return this.call('POST', '/faults', rule);
  }

  async faults(): Promise<FaultRule[]> {
    return (await this.call<{ faults: FaultRule[] }>('GET', '/faults')).faults;
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }

  updateSettings(settings: Partial<EmulatorSettings>): Promise<EmulatorSettings> {
    return this.call('PATCH', '/settings', settings);
  }

  async requests(): Promise<RequestLogEntry[]> {
    return (await this.call<{ requests: RequestLogEntry[] }>('GET', '/requests')).requests;
  }

  /** Fault: every delta token issued so far answers 410 SyncStateNotFound. */
  async expireDeltaTokens(): Promise<void> {
    await this.call('POST', '/delta-tokens/expire');
  }

  async requestCounts(): Promise<Record<string, number>> {
    return (await this.call<{ counts: Record<string, number> }>('GET', '/requests/counts')).counts;
  }

  clearRequests(): Promise<unknown> {
    return this.call('DELETE', '/requests');
  }

  advanceClock(seconds: number): Promise<{ now: string; offsetMs: number }> {
    return this.call('POST', '/clock', { advanceSeconds: seconds });
  }

  setClockOffset(offsetMs: number): Promise<{ now: string; offsetMs: number }> {
    return this.call('POST', '/clock', { offsetMs });
  }
}
