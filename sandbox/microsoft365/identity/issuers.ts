/**
 * Issuer and audience conventions of the identity platform: v2 issuer `<v2 base>/{tid}/v2.0`, v1 issuer
 * `<v1 base>/{tid}/` (sts.windows.net style), Graph's audience and well-known app id.
 */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const OIDC_SCOPES = ['openid', 'profile', 'offline_access', 'email'];

export interface IssuerConfig {
  /** Base of v2 issuers; default the emulator's base URL (so discovery and tokens agree). */
  v2Base: string;
  /** Base of v1 issuers; default `<baseUrl>/sts` (Microsoft: https://sts.windows.net). */
  v1Base: string;
}

export function v2Issuer(config: IssuerConfig, tenantId: string): string {
  return `${trimSlash(config.v2Base)}/${tenantId}/v2.0`;
}

export function v1Issuer(config: IssuerConfig, tenantId: string): string {
  return `${trimSlash(config.v1Base)}/${tenantId}/`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
