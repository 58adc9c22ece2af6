/**
 * Builds msal-node ConfidentialClientApplications: one short-lived app per person's operation (its cache is that
 * person's encrypted partition), one long-lived app per tenant for app-only tokens. Authority `<host>/<tenant>` with
 * the host declared known, so msal talks to that host only (Microsoft, a sovereign cloud or the emulator); no region.
 */
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { Logger } from 'pino';
import { AppError } from '../errors';
import type { TokenCacheRepository } from '../store';
import { EncryptedCachePlugin } from './cache-plugin';
import type { EncryptionKeyRing } from './encryption';

const MAX_CACHED_TENANTS = 1_000;

async function fetchMetadata(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (cause) {
    throw new AppError('transient', 'The identity platform cannot be reached.', { cause });
  }
  if (!response.ok) throw new AppError('transient', `Identity discovery answered ${response.status}.`);
  const document = (await response.json()) as Record<string, unknown>;
  const fields = ['authorization_endpoint', 'token_endpoint', 'end_session_endpoint', 'issuer', 'jwks_uri'];
  return JSON.stringify(Object.fromEntries(fields.map((field) => [field, document[field]])));
}

export interface MsalSettings {
  /** e.g. https://login.microsoftonline.com (AUTH_AUTHORITY_HOST). */
  authorityHost: string;
  clientId: string;
  clientSecret: string;
  logger?: Logger;
}

export class MsalApps {
  private readonly host: string;
  private readonly appOnly = new Map<string, ConfidentialClientApplication>();
  private readonly metadata = new Map<string, Promise<string>>();

  constructor(
    private readonly settings: MsalSettings,
    private readonly cache: TokenCacheRepository,
    private readonly keys: EncryptionKeyRing,
  ) {
    this.host = settings.authorityHost.replace(/\/+$/, '');
  }

  /** An app whose token cache is the person's partition, loaded before and saved after every msal call. */
  async forPartition(tenantId: string, partitionKey: string): Promise<ConfidentialClientApplication> {
    const configuration = this.configuration(tenantId, new EncryptedCachePlugin(this.cache, this.keys, partitionKey));
    configuration.auth.authorityMetadata = await this.metadataOf(tenantId);
    return new ConfidentialClientApplication(configuration);
  }

  /**
   * The tenant's OpenID configuration, fetched once: a fresh msal app would otherwise fetch it on every background
   * token. A failed fetch is not kept, so the next call tries again.
   */
  private metadataOf(tenantId: string): Promise<string> {
    let entry = this.metadata.get(tenantId);
    if (entry === undefined) {
      if (this.metadata.size >= MAX_CACHED_TENANTS) this.metadata.delete(this.metadata.keys().next().value as string);
      entry = fetchMetadata(`${this.host}/${tenantId}/v2.0/.well-known/openid-configuration`);
      entry.catch(() => this.metadata.delete(tenantId));
      this.metadata.set(tenantId, entry);
    }
    return entry;
  }

  /** App-only tokens live in memory only: they are cheap to get again and no person's grant is involved. */
  forTenant(tenantId: string): ConfidentialClientApplication {
    let app = this.appOnly.get(tenantId);
    if (app === undefined) {
      app = new ConfidentialClientApplication(this.configuration(tenantId));
      this.appOnly.set(tenantId, app);
    }
    return app;
  }

  private configuration(tenantId: string, cachePlugin?: EncryptedCachePlugin): Configuration {
    const logger = this.settings.logger;
    return {
      auth: {
        clientId: this.settings.clientId,
        clientSecret: this.settings.clientSecret,
        authority: `${this.host}/${tenantId}`,
        knownAuthorities: [new URL(this.host).host],
      },
      ...(cachePlugin ? { cache: { cachePlugin } } : {}),
      system: {
        loggerOptions: {
          // msal's own lines at debug; PII (tokens, UPNs) is never logged.
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message) => logger?.debug({ component: 'msal' }, message),
        },
      },
    };
  }
}
