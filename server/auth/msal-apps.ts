/**
 * Builds msal-node ConfidentialClientApplications: one short-lived app per person's operation (its cache is that
 * person's encrypted partition), one long-lived app per tenant for app-only tokens. Authority `<host>/<tenant>` with
 * the host declared known, so msal talks to that host only (Microsoft, a sovereign cloud or the emulator); no region.
 */
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { Logger } from 'pino';
import type { TokenCacheRepository } from '../store';
import { EncryptedCachePlugin } from './cache-plugin';
import type { EncryptionKeyRing } from './encryption';

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

  constructor(
    private readonly settings: MsalSettings,
    private readonly cache: TokenCacheRepository,
    private readonly keys: EncryptionKeyRing,
  ) {
    this.host = settings.authorityHost.replace(/\/+$/, '');
  }

  /** An app whose token cache is the person's partition, loaded before and saved after every msal call. */
  forPartition(tenantId: string, partitionKey: string): ConfidentialClientApplication {
    return new ConfidentialClientApplication(
      this.configuration(tenantId, new EncryptedCachePlugin(this.cache, this.keys, partitionKey)),
    );
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
