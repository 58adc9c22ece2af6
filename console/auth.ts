// Sign-in with the Microsoft identity platform (msal-browser, auth code flow with PKCE, redirect): the console asks
// for the API's own scope; the access token's `roles` claim says whether the person holds the admin role.
import { InteractionRequiredAuthError, PublicClientApplication, type AccountInfo } from '@azure/msal-browser';
import type { ConsoleConfig } from './config';

export interface Session {
  account: AccountInfo;
  /** A valid access token for the admin API (renewed silently, or by a redirect when it must be). */
  token(): Promise<string>;
  roles: string[];
  signOut(): Promise<void>;
}

export function rolesOf(accessToken: string): string[] {
  const payload = accessToken.split('.')[1] ?? '';
  const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { roles?: unknown };
  return Array.isArray(json.roles) ? json.roles.map(String) : [];
}

export async function createAuth(config: ConsoleConfig, redirectUri: string) {
  const pca = new PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: config.knownAuthorities,
      redirectUri,
      postLogoutRedirectUri: redirectUri,
    },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await pca.initialize();
  const redirected = await pca.handleRedirectPromise();
  const scopes = [config.apiScope];

  const token = async (account: AccountInfo): Promise<string> => {
    try {
      return (await pca.acquireTokenSilent({ account, scopes })).accessToken;
    } catch (error) {
      if (error instanceof InteractionRequiredAuthError) {
        await pca.acquireTokenRedirect({ account, scopes });
        return new Promise<string>(() => undefined);
      }
      throw error;
    }
  };

  return {
    /** The signed-in session, or null when nobody is signed in yet. */
    async session(): Promise<Session | null> {
      const account = redirected?.account ?? pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? null;
      if (!account) return null;
      pca.setActiveAccount(account);
      const first = redirected?.accessToken || (await token(account));
      return {
        account,
        roles: rolesOf(first),
        token: () => token(account),
        signOut: () => pca.logoutRedirect({ account }),
      };
    },
    signIn: () => pca.loginRedirect({ scopes, prompt: 'select_account' }),
  };
}
