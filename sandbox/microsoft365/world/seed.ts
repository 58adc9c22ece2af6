/**
 * The seeded default world: tenant "contoso" with three people and the add-in/back-end app registration, and a
 * second tenant "fabrikam" (one person) for isolation tests. Ids are fixed so docs and tests can name them.
 */
import type { World } from './types';

export const CONTOSO_TENANT_ID = 'a8f3c2d1-4b5e-4c6f-9a7b-1c2d3e4f5a6b';
export const FABRIKAM_TENANT_ID = 'b9e4d3c2-5a6f-4d7e-8b9c-2d3e4f5a6b7c';

export const ADELE_ID = '5c1d2e3f-6a7b-4c8d-9e0f-1a2b3c4d5e01';
export const MEGAN_ID = '5c1d2e3f-6a7b-4c8d-9e0f-1a2b3c4d5e02';
export const ALEX_ID = '5c1d2e3f-6a7b-4c8d-9e0f-1a2b3c4d5e03';
export const FABRIKAM_USER_ID = '6d2e3f4a-7b8c-4d9e-8f0a-2b3c4d5e6f01';

/** The add-in + back-end registration (one app: the add-in asks for access_as_user, the back end does OBO). */
export const ADDIN_CLIENT_ID = '3f2e1d0c-9b8a-4765-a432-10fedcba9876';
export const ADDIN_CLIENT_SECRET = 'sandbox-secret-not-for-production';

/** The app role of the sync's admins (the admin API and console require it in the token's `roles`). */
export const SYNC_ADMIN_ROLE = 'Sync.Admin';

/** Office clients Microsoft documents for pre-authorizing an add-in's SSO scope. */
export const OFFICE_CLIENT_IDS = [
  'ea5a67f6-b6f3-4338-b240-c655ddc3cc8e', // all Microsoft Office application endpoints
  'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft Office
  '93d53678-613d-4013-afc1-62e9e444a0a5', // Office on the web
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3', // Outlook on the web
];

/**
 * `addinHost`: host of the App ID URI; `consoleRedirectUris`: the admin console's pages, registered as "spa"
 * redirect URIs (sign-in with the auth code flow and PKCE).
 */
export function defaultWorld(addinHost = 'localhost:3000', consoleRedirectUris: string[] = []): World {
  return {
    tenants: [
      { id: CONTOSO_TENANT_ID, name: 'Contoso', domains: ['contoso.example', 'contoso.onmicrosoft.example'] },
      { id: FABRIKAM_TENANT_ID, name: 'Fabrikam', domains: ['fabrikam.example'] },
    ],
    users: [
      user(ADELE_ID, CONTOSO_TENANT_ID, 'adele@contoso.example', 'Adele Vance'),
      user(MEGAN_ID, CONTOSO_TENANT_ID, 'megan@contoso.example', 'Megan Bowen'),
      user(ALEX_ID, CONTOSO_TENANT_ID, 'alex@contoso.example', 'Alex Wilber'),
      user(FABRIKAM_USER_ID, FABRIKAM_TENANT_ID, 'pradeep@fabrikam.example', 'Pradeep Gupta'),
    ],
    apps: [
      {
        clientId: ADDIN_CLIENT_ID,
        displayName: 'Outlook ERP Sync',
        homeTenantId: CONTOSO_TENANT_ID,
        secrets: [ADDIN_CLIENT_SECRET],
        appIdUri: `api://${addinHost}/${ADDIN_CLIENT_ID}`,
        exposedScopes: ['access_as_user'],
        preAuthorizedClientIds: [...OFFICE_CLIENT_IDS],
        spaRedirectUris: consoleRedirectUris,
        appRoles: [SYNC_ADMIN_ROLE],
        // Megan administers the sync in Contoso; Adele and Alex are people without the role.
        appRoleAssignments: { [MEGAN_ID]: [SYNC_ADMIN_ROLE] },
        consents: {
          [CONTOSO_TENANT_ID]: {
            delegated: ['Calendars.ReadWrite', 'User.Read', 'openid', 'profile', 'offline_access', 'email'],
            application: ['Calendars.ReadWrite'],
          },
          [FABRIKAM_TENANT_ID]: {
            delegated: ['Calendars.ReadWrite', 'User.Read', 'openid', 'profile', 'offline_access', 'email'],
            application: [],
          },
        },
      },
    ],
  };
}

function user(id: string, tenantId: string, upn: string, displayName: string) {
  return { id, tenantId, userPrincipalName: upn, mail: upn, displayName };
}
