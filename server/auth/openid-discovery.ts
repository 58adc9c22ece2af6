/**
 * A tenant's OpenID configuration (`<host>/<tenant>/v2.0/.well-known/openid-configuration`), fetched once per tenant
 * and kept: the token validator needs its issuer and keys, msal its endpoints. A failed fetch is not kept, so the
 * next call tries again. The document is parsed, not trusted: a discovery answer without issuer or keys is a fault.
 */
import { z } from 'zod';
import { AppError } from '../errors';

const MAX_CACHED_TENANTS = 1_000;
const DISCOVERY_TIMEOUT_MS = 10_000;

const OpenIdConfigurationSchema = z.looseObject({
  issuer: z.string(),
  jwks_uri: z.url(),
  authorization_endpoint: z.string().optional(),
  token_endpoint: z.string().optional(),
  end_session_endpoint: z.string().optional(),
});

export type OpenIdConfiguration = z.infer<typeof OpenIdConfigurationSchema>;

export class OpenIdDiscovery {
  private readonly documents = new Map<string, Promise<OpenIdConfiguration>>();
  private readonly host: string;

  constructor(authorityHost: string) {
    this.host = authorityHost.replace(/\/+$/, '');
  }

  of(tenantId: string): Promise<OpenIdConfiguration> {
    let entry = this.documents.get(tenantId);
    if (entry === undefined) {
      const oldest = this.documents.keys().next();
      if (this.documents.size >= MAX_CACHED_TENANTS && !oldest.done) this.documents.delete(oldest.value);
      entry = this.fetch(tenantId);
      entry.catch(() => this.documents.delete(tenantId));
      this.documents.set(tenantId, entry);
    }
    return entry;
  }

  private async fetch(tenantId: string): Promise<OpenIdConfiguration> {
    const url = `${this.host}/${tenantId}/v2.0/.well-known/openid-configuration`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    } catch (cause) {
      throw new AppError('transient', 'The identity platform cannot be reached.', { cause });
    }
    if (response.status >= 500) throw new AppError('transient', `Identity discovery answered ${response.status}.`);
    // A tenant the identity platform does not know: for a token, a refusal.
    if (!response.ok) {
      throw new AppError(
        'unauthorized',
        `The token's tenant is unknown to the identity platform (${response.status}).`,
      );
    }
    const parsed = OpenIdConfigurationSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new AppError('transient', 'Identity discovery document lacks issuer or jwks_uri.');
    return parsed.data;
  }
}
