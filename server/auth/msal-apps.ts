/**
 * Builds msal-node ConfidentialClientApplications: one short-lived app per person's operation (its cache is that
 * person's encrypted partition), one long-lived app per tenant for app-only tokens. Authority `<host>/<tenant>` with
 * the host declared known, so msal talks to that host only (Microsoft, a sovereign cloud or the emulator); no region.
 */
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { Logger } from 'pino';
import type { TokenCacheRepository } from '../store';
import type { AppCredential } from './app-credential';
import { EncryptedCachePlugin } from './cache-plugin';
import type { EncryptionKeyRing } from './encryption';
import { OpenIdDiscovery } from './openid-discovery';

export type MsalSettings = {
  /** e.g. https://login.microsoftonline.com (AUTH_AUTHORITY_HOST). */
  authorityHost: string;
  clientId: string;
  logger?: Logger;
} & (
  | { clientSecret: string }
  /** A certificate credential: msal signs a client assertion with its key (PS256, `x5t#S256`) for every token. */
  | { clientCertificate: { thumbprintSha256: string; privateKey: string } }
);

/** msal's settings for an app credential (app-credential.ts). */
export function msalCredentialOf(
  credential: AppCredential,
): { clientSecret: string } | { clientCertificate: { thumbprintSha256: string; privateKey: string } } {
  if (credential.kind === 'secret') return { clientSecret: credential.secret };
  return { clientCertificate: { thumbprintSha256: credential.thumbprintSha256, privateKey: credential.privateKey } };
}

export class MsalApps {
  private readonly host: string;
  private readonly appOnly = new Map<string, ConfidentialClientApplication>();
  // A fresh msal app would otherwise fetch the tenant's OpenID configuration on every background token.
  private readonly discovery: OpenIdDiscovery;

  constructor(
    private readonly settings: MsalSettings,
    private readonly cache: TokenCacheRepository,
    private readonly keys: EncryptionKeyRing,
  ) {
    this.host = settings.authorityHost.replace(/\/+$/, '');
    this.discovery = new OpenIdDiscovery(this.host);
  }

  /** An app whose token cache is the person's partition, loaded before and saved after every msal call. */
  async forPartition(tenantId: string, partitionKey: string): Promise<ConfidentialClientApplication> {
    const configuration = this.configuration(tenantId, new EncryptedCachePlugin(this.cache, this.keys, partitionKey));
    configuration.auth.authorityMetadata = await this.metadataOf(tenantId);
    return new ConfidentialClientApplication(configuration);
  }

  /** The endpoints msal needs, from the tenant's discovery document (kept per tenant by OpenIdDiscovery). */
  private async metadataOf(tenantId: string): Promise<string> {
    const document = await this.discovery.of(tenantId);
    const fields = ['authorization_endpoint', 'token_endpoint', 'end_session_endpoint', 'issuer', 'jwks_uri'] as const;
    return JSON.stringify(Object.fromEntries(fields.map((field) => [field, document[field]])));
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
        ...('clientSecret' in this.settings
          ? { clientSecret: this.settings.clientSecret }
          : { clientCertificate: this.settings.clientCertificate }),
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
