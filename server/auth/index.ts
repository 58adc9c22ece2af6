/**
 * Authentication and Graph tokens: add-in token validation (jose), on-behalf-of, the encrypted per-person token
 * cache for background sync, app-only mode, and connecting a mailbox. HTTP wiring lives in server/http.
 */
export type { Caller } from './caller';
export { partitionKeyOf } from './caller';
export { createTokenValidator, ACCESS_AS_USER } from './token-validator';
export type { TokenValidator, TokenValidatorOptions } from './token-validator';
export { EncryptionKeyRing, parseEncryptionKeys } from './encryption';
export type { EncryptionKey, Sealed, Opened } from './encryption';
export { EncryptedCachePlugin } from './cache-plugin';
export { ErpPersonKeys } from './erp-person-keys';
export type { PersonKeyState } from './erp-person-keys';
export type { MsalSettings } from './msal-apps';
export { msalCredentialOf } from './msal-apps';
export { appCredentialOf, viewOfAppCredential } from './app-credential';
export type { AppCredential, AppCredentialView, AppCredentialSettings } from './app-credential';
export { GraphTokenProvider, GRAPH_DELEGATED_SCOPES, GRAPH_APP_SCOPES, APP_ONLY_ROLE } from './graph-tokens';
export type { GraphToken, TokenOutcome, GraphTokenProviderDeps } from './graph-tokens';
export { connectCaller } from './connect';
export { mailboxOfCaller, scopeOfCaller } from './caller-scope';
export type { CallerScope, CallerMappings } from './caller-scope';
export type { ConnectDeps } from './connect';
export { setTenantAuthMode } from './tenant-mode';
