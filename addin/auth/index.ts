// Wires the account manager to the real host: Office requirement checks, legacy SSO, the dialog, MSAL NAA.
import { createNestablePublicClientApplication } from '@azure/msal-browser';
import type { AddinConfig } from '../../contract/addin-api';
import { runAuthDialog } from '../office/dialog';
import { supportsLegacySso, supportsNestedAppAuth } from '../office/requirements';
import { getSsoToken } from '../office/sso';
import { AccountManager } from './account-manager';

export { AccountManager, SignInError } from './account-manager';
export type { NaaClient, SignInMethods } from './account-manager';

export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/common';

/** `pageUrl`: the task pane's own URL; the dialog page sits next to it (same domain, as Office requires). */
export function createAccountManager(config: AddinConfig, pageUrl: string): AccountManager {
  return new AccountManager(config.apiScope, new URL('auth-dialog.html', pageUrl).toString(), {
    supportsNestedAppAuth,
    supportsLegacySso,
    getSsoToken,
    runAuthDialog,
    createNaaClient: () =>
      createNestablePublicClientApplication({
        auth: { clientId: config.clientId, authority: config.authority ?? DEFAULT_AUTHORITY },
      }),
  });
}
