// The sign-in dialog page (last rung of the ladder): MSAL redirect sign-in, then the token goes to the task pane
// through messageParent. Opened by office/dialog.ts; `?claims=` carries a claims challenge.
import { PublicClientApplication } from '@azure/msal-browser';
import { loadConfig } from '../config';
import { DEFAULT_AUTHORITY } from '../auth';
import { sendToParent } from '../office/dialog';
import { whenOfficeReady } from '../office/host';

async function signIn(): Promise<string> {
  const config = await loadConfig(window.location.href);
  const pca = new PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority ?? DEFAULT_AUTHORITY,
      redirectUri: window.location.origin + window.location.pathname,
    },
  });
  await pca.initialize();
  const redirected = await pca.handleRedirectPromise();
  if (redirected) return redirected.accessToken;
  const claims = new URL(window.location.href).searchParams.get('claims') ?? undefined;
  await pca.acquireTokenRedirect({ scopes: [config.apiScope], claims });
  // acquireTokenRedirect navigates away; this page runs again and returns from handleRedirectPromise above.
  return new Promise<string>(() => undefined);
}

async function main(): Promise<void> {
  await whenOfficeReady();
  try {
    sendToParent({ type: 'token', token: await signIn() });
  } catch (error) {
    sendToParent({ type: 'error', message: (error as Error).message });
  }
}

void main();
