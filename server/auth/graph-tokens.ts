/**
 * Graph access tokens for the three ways the backend acts: on behalf of the person in the pane (OBO), silently
 * for a person's mailbox in the background (their encrypted msal cache), and as the app itself (client
 * credentials) for tenants in app-only mode. "Ask the person again" and "try later" are distinct typed outcomes.
 */
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import { AppError } from '../errors';
import type { Mailbox, StoreRepositories } from '../store';
import { partitionKeyOf, type Caller } from './caller';
import type { EncryptionKeyRing } from './encryption';
import { MsalApps, type MsalSettings } from './msal-apps';
import { readMsalError, type MsalVerdict } from './msal-errors';

/** Delegated Graph permission the sync needs; the resource stays graph.microsoft.com whatever host serves Graph. */
export const GRAPH_DELEGATED_SCOPES = ['https://graph.microsoft.com/Calendars.ReadWrite'];
export const GRAPH_APP_SCOPES = ['https://graph.microsoft.com/.default'];
/** The application permission an app-only tenant's administrator must grant. */
export const APP_ONLY_ROLE = 'Calendars.ReadWrite';

export interface GraphToken {
  accessToken: string;
  expiresOn: Date | null;
}

export type TokenOutcome =
  | { kind: 'ok'; token: GraphToken }
  /** The stored grant is dead (revoked, expired, consent withdrawn): only the person can fix it, by reconnecting. */
  | { kind: 'needs_reconnect'; reason: string }
  /** App-only tenant whose administrator has not granted the application permission. */
  | { kind: 'not_authorized'; reason: string }
  /** Throttled, 5xx or unreachable: try again later; nothing is wrong with the grant. */
  | { kind: 'transient'; reason: string };

export interface GraphTokenProviderDeps {
  msal: MsalSettings;
  store: Pick<StoreRepositories, 'tokenCache' | 'mailboxes' | 'tenants'>;
  keys: EncryptionKeyRing;
  logger?: Logger;
}

export class GraphTokenProvider {
  private readonly apps: MsalApps;
  private readonly inFlight = new Map<string, Promise<TokenOutcome>>();

  constructor(private readonly deps: GraphTokenProviderDeps) {
    this.apps = new MsalApps(deps.msal, deps.store.tokenCache, deps.keys);
  }

  /**
   * Exchanges the pane's token for a Graph token and stores the person's cache (with its refresh token).
   * `fresh` skips cached tokens so the identity platform is asked (connect and reconnect do this).
   * Throws AppError consent_required (403), claims_challenge (401, `details.claims` base64), unauthorized, transient.
   */
  async onBehalfOf(caller: Caller, options: { fresh?: boolean } = {}): Promise<GraphToken> {
    try {
      const app = await this.apps.forPartition(caller.tenantId, partitionKeyOf(caller));
      const result = await app.acquireTokenOnBehalfOf({
        oboAssertion: caller.rawToken,
        scopes: GRAPH_DELEGATED_SCOPES,
        skipCache: options.fresh === true,
      });
      if (result === null) throw new AppError('internal', 'On-behalf-of returned no token.', { operational: false });
      return { accessToken: result.accessToken, expiresOn: result.expiresOn };
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw oboProblem(readMsalError(error), error);
    }
  }

  /** Background token for a person's mailbox; one in-flight acquisition per person. Marks dead grants. */
  forUser(mailbox: Mailbox): Promise<TokenOutcome> {
    const key = partitionKeyOf({ tenantId: mailbox.tenantId, objectId: mailbox.userObjectId });
    let pending = this.inFlight.get(key);
    if (pending === undefined) {
      pending = this.silent(mailbox, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** App-only token for a tenant. Throws AppError consent_required when the application permission is missing. */
  async forApp(tenantId: string): Promise<GraphToken> {
    let result;
    try {
      result = await this.apps.forTenant(tenantId).acquireTokenByClientCredential({ scopes: GRAPH_APP_SCOPES });
    } catch (error) {
      const verdict = readMsalError(error);
      if (verdict.kind === 'transient') throw new AppError('transient', verdict.message, { cause: error });
      throw new AppError('consent_required', `App-only access to tenant ${tenantId} failed: ${verdict.message}`, {
        cause: error,
      });
    }
    if (result === null)
      throw new AppError('internal', 'Client credentials returned no token.', { operational: false });
    const roles = decodeJwt(result.accessToken).roles;
    if (!Array.isArray(roles) || !roles.includes(APP_ONLY_ROLE)) {
      throw new AppError(
        'consent_required',
        `An administrator of tenant ${tenantId} has not granted the application permission ${APP_ONLY_ROLE}.`,
      );
    }
    return { accessToken: result.accessToken, expiresOn: result.expiresOn };
  }

  /** What background work calls: app-only or delegated, as the mailbox's tenant chose. */
  async forMailbox(mailbox: Mailbox): Promise<TokenOutcome> {
    const tenant = await this.deps.store.tenants.get(mailbox.tenantId);
    if (tenant?.authMode !== 'app_only') return this.forUser(mailbox);
    try {
      return { kind: 'ok', token: await this.forApp(mailbox.tenantId) };
    } catch (error) {
      if (error instanceof AppError && error.code === 'transient') return { kind: 'transient', reason: error.message };
      if (error instanceof AppError && error.code === 'consent_required') {
        return { kind: 'not_authorized', reason: error.message };
      }
      throw error;
    }
  }

  /** Forgets a person's stored grant (sign-out, mailbox removal). */
  async forget(person: { tenantId: string; objectId: string }): Promise<boolean> {
    return this.deps.store.tokenCache.delete(partitionKeyOf(person));
  }

  private async silent(mailbox: Mailbox, key: string): Promise<TokenOutcome> {
    // A dead grant stays dead until the person reconnects: no retries against the identity platform meanwhile.
    if (mailbox.status === 'needs_reconnect') {
      return { kind: 'needs_reconnect', reason: mailbox.statusReason ?? 'The mailbox needs to be reconnected.' };
    }
    let app;
    try {
      app = await this.apps.forPartition(mailbox.tenantId, key);
    } catch (error) {
      if (error instanceof AppError && error.code === 'transient') return { kind: 'transient', reason: error.message };
      throw error;
    }
    const account = await app.getTokenCache().getAccountByHomeId(`${mailbox.userObjectId}.${mailbox.tenantId}`);
    if (account === null) return this.markDead(mailbox, 'No stored sign-in for this mailbox: the person must connect.');
    try {
      const result = await app.acquireTokenSilent({ account, scopes: GRAPH_DELEGATED_SCOPES });
      return { kind: 'ok', token: { accessToken: result.accessToken, expiresOn: result.expiresOn } };
    } catch (error) {
      const verdict = readMsalError(error);
      if (verdict.kind === 'transient') return { kind: 'transient', reason: verdict.message };
      if (verdict.kind === 'unexpected') {
        throw new AppError('internal', `Background token failed: ${verdict.message}`, { cause: error });
      }
      return this.markDead(mailbox, `Microsoft no longer accepts the stored sign-in (${verdict.message}).`);
    }
  }

  private async markDead(mailbox: Mailbox, reason: string): Promise<TokenOutcome> {
    await this.deps.store.mailboxes.setStatus(mailbox.id, 'needs_reconnect', reason);
    this.deps.logger?.warn({ mailboxId: mailbox.id, tenantId: mailbox.tenantId }, 'mailbox needs reconnect');
    return { kind: 'needs_reconnect', reason };
  }
}

function oboProblem(verdict: MsalVerdict, cause: unknown): AppError {
  switch (verdict.kind) {
    case 'consent_required':
      return new AppError(
        'consent_required',
        'ERP sync has not been granted access to your calendar yet. Consent is needed (you or your administrator).',
        { cause },
      );
    case 'claims_challenge':
      return new AppError('claims_challenge', 'Microsoft asks you to sign in again (for example, multifactor).', {
        cause,
        details: { claims: Buffer.from(verdict.claims, 'utf8').toString('base64') },
      });
    case 'assertion_invalid':
    case 'grant_dead':
      return new AppError('unauthorized', `Microsoft refused your sign-in token: ${verdict.message}`, { cause });
    case 'transient':
      return new AppError('transient', `The identity platform is unavailable: ${verdict.message}`, { cause });
    case 'unexpected':
      return new AppError('internal', `On-behalf-of failed: ${verdict.message}`, { cause, operational: false });
  }
}
