/**
 * Scope handling at the token endpoint: splits what msal-node sends (Graph scopes with or without the resource
 * prefix, `.default`, and the OIDC scopes it adds) and decides what a person's consent allows.
 */
import type { DirectoryUser } from '../contracts';
import type { WorldDirectory } from '../world/directory';
import type { AppRegistration } from '../world/types';
import { AadError } from './aad-error';
import { GRAPH_RESOURCE, OIDC_SCOPES } from './issuers';

export interface RequestedScopes {
  /** Graph permission names (without prefix); '.default' when asked. */
  graph: string[];
  oidc: string[];
}

const GRAPH_PREFIXES = [`${GRAPH_RESOURCE}/`, 'https://graph.microsoft.com//', '00000003-0000-0000-c000-000000000000/'];

export function parseScopes(scope: string | undefined): RequestedScopes {
  const result: RequestedScopes = { graph: [], oidc: [] };
  for (const raw of (scope ?? '').split(/\s+/).filter(Boolean)) {
    if (OIDC_SCOPES.includes(raw.toLowerCase())) {
      result.oidc.push(raw.toLowerCase());
      continue;
    }
    const prefix = GRAPH_PREFIXES.find((p) => raw.toLowerCase().startsWith(p));
    if (prefix) result.graph.push(raw.slice(prefix.length));
    else if (!raw.includes('/') && !raw.includes(':'))
      result.graph.push(raw); // bare names mean Graph
    else {
      throw new AadError(
        400,
        'invalid_scope',
        70011,
        `The provided value for the input parameter 'scope' is not valid. The scope ${raw} is not valid.`,
      );
    }
  }
  return result;
}

/** Graph permissions the person may get for this app: the tenant's consent, unless they withdrew it. */
export function consentedGraphScopes(directory: WorldDirectory, app: AppRegistration, user: DirectoryUser): string[] {
  if (directory.switchesFor(user.id).consentWithdrawn.includes(app.clientId)) return [];
  const delegated = app.consents[user.tenantId]?.delegated ?? [];
  return delegated.filter((s) => !OIDC_SCOPES.includes(s.toLowerCase()));
}

/**
 * The Graph scopes to put in the token: all consented ones (as Microsoft does), after checking every requested one
 * is consented. Missing consent: invalid_grant + suberror consent_required (AADSTS65001).
 */
export function grantDelegated(
  directory: WorldDirectory,
  app: AppRegistration,
  user: DirectoryUser,
  requested: RequestedScopes,
): string[] {
  const consented = consentedGraphScopes(directory, app, user);
  const lower = new Set(consented.map((s) => s.toLowerCase()));
  const missing = requested.graph.filter((s) => s !== '.default' && !lower.has(s.toLowerCase()));
  if (consented.length === 0 || missing.length > 0) {
    throw new AadError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
      { suberror: 'consent_required' },
    );
  }
  return consented;
}

/** MFA switch: interaction_required with a claims challenge (AADSTS50079), as in Microsoft's OBO error example. */
export function requireNoInteraction(directory: WorldDirectory, app: AppRegistration, user: DirectoryUser): void {
  if (!directory.switchesFor(user.id).mfaRequired) return;
  throw new AadError(
    400,
    'interaction_required',
    50079,
    `Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multifactor authentication to access '${app.clientId}'.`,
    { claims: MFA_CLAIMS_CHALLENGE },
  );
}

export const MFA_CLAIMS_CHALLENGE = JSON.stringify({
  access_token: { polids: { essential: true, values: ['9ab03e19-ed42-4168-b6b7-7001fb3e933a'] } },
});
