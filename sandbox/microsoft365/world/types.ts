/**
 * What the emulated directory holds: tenants, users and app registrations (with their consents). Plain JSON so
 * the whole world can be saved to a file and loaded back.
 */
import type { DirectoryUser } from '../contracts';

export interface Tenant {
  id: string;
  /** Display name, e.g. "Contoso". */
  name: string;
  /** Verified domains; the first is the default (UPN suffix). */
  domains: string[];
}

export interface AppRegistration {
  clientId: string;
  displayName: string;
  /** Tenant that owns the registration. Multi-tenant apps are usable in every tenant listed in `consents`. */
  homeTenantId: string;
  secrets: string[];
  /**
   * Certificate credentials (PEM, public part only), as uploaded under "Certificates & secrets": the app may sign a
   * client assertion with the private key of any of them instead of sending a secret.
   */
  certificates?: string[];
  /** e.g. api://localhost:3000/<clientId> (the add-in's WebApplicationInfo Resource). */
  appIdUri: string;
  /** Scopes the app exposes, e.g. access_as_user. */
  exposedScopes: string[];
  /** Client ids (Office, Outlook, ...) allowed to ask for the exposed scopes without consent. */
  preAuthorizedClientIds: string[];
  /** Per tenant: delegated Graph permissions consented (admin-wide) and application permissions admin-consented. */
  consents: Record<string, { delegated: string[]; application: string[] }>;
  /** Redirect URIs of the "spa" platform: auth code flow with PKCE, redeemed cross-origin (CORS) without a secret. */
  spaRedirectUris?: string[];
  /**
   * App roles the app defines for users (e.g. Sync.Admin), and who is assigned which: user object id -> role values.
   * Microsoft puts a person's assigned roles in the `roles` claim of the tokens issued for the app's API.
   */
  appRoles?: string[];
  appRoleAssignments?: Record<string, string[]>;
}

export interface World {
  tenants: Tenant[];
  users: DirectoryUser[];
  apps: AppRegistration[];
}

export type { DirectoryUser };
