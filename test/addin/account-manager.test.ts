// The sign-in ladder: NAA silent -> popup -> dialog, legacy SSO and its error codes, the dialog fallback, and one
// shared sign-in for concurrent callers. Host pieces are a stand-in Office host or small NAA stand-ins.
import { AccountManager, SignInError, type NaaClient, type SignInMethods } from '../../addin/auth/account-manager';
import { createAccountManager } from '../../addin/auth';
import { ssoErrorOf } from '../../addin/office/sso';
import { installOffice } from './helpers/office-stand-in';

const CONFIG = { clientId: 'c', apiOrigin: 'https://h', apiScope: 'api://h/c/access_as_user' };
const PAGE = 'https://h/addin/taskpane.html';

function jwt(expSeconds: number): string {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '');
  return `${b64({ alg: 'none' })}.${b64({ exp: expSeconds })}.sig`;
}

function methods(overrides: Partial<SignInMethods>): SignInMethods & { dialogs: string[] } {
  const dialogs: string[] = [];
  return {
    dialogs,
    supportsNestedAppAuth: () => false,
    supportsLegacySso: () => false,
    createNaaClient: () => Promise.reject(new Error('NAA not expected')),
    getSsoToken: () => Promise.reject(new Error('SSO not expected')),
    runAuthDialog: async (url) => {
      dialogs.push(url);
      return jwt(Math.floor(Date.now() / 1000) + 3600);
    },
    ...overrides,
  };
}

describe('nested app authentication', () => {
  it('when silent needs interaction, then the popup is used with the same scope and claims', async () => {
    const calls: string[] = [];
    const naa: NaaClient = {
      acquireTokenSilent: async () => {
        calls.push('silent');
        throw Object.assign(new Error('interaction_required'), { name: 'InteractionRequiredAuthError' });
      },
      acquireTokenPopup: async (req) => {
        calls.push(`popup ${req.scopes.join()} ${req.claims ?? ''}`);
        return { accessToken: 'naa-popup' };
      },
    };
    const manager = new AccountManager(
      CONFIG.apiScope,
      'https://h/addin/auth-dialog.html',
      methods({ supportsNestedAppAuth: () => true, createNaaClient: async () => naa }),
    );
    expect(await manager.getToken({ authChallenge: '{"x":1}' })).toBe('naa-popup');
    expect(calls).toEqual(['silent', `popup ${CONFIG.apiScope} {"x":1}`]);
  });

  it('when the popup is cancelled, then a SignInError says so and no dialog opens', async () => {
    const naa: NaaClient = {
      acquireTokenSilent: () => Promise.reject(Object.assign(new Error('x'), { name: 'InteractionRequiredAuthError' })),
      acquireTokenPopup: () => Promise.reject(Object.assign(new Error('x'), { errorCode: 'user_cancelled' })),
    };
    const m = methods({ supportsNestedAppAuth: () => true, createNaaClient: async () => naa });
    const error = await new AccountManager(CONFIG.apiScope, 'https://h/addin/auth-dialog.html', m)
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as Error).message).toBe('Sign-in was cancelled.');
    expect(m.dialogs).toEqual([]);
  });
});

describe('legacy SSO and the dialog fallback', () => {
  it('when getAccessToken fails with 13003 (unsupported account), then the dialog opens next to the pane', async () => {
    const office = installOffice({ mode: 'read', ewsId: 'A=', ssoErrorCode: 13003 });
    const error = await createAccountManager(CONFIG, PAGE)
      .getToken({ authChallenge: '{"c":1}' })
      .catch((e: unknown) => e);
    // The stand-in host has no dialogs, so the last rung fails, after being tried with the claims.
    expect(office.dialogs).toEqual([`https://h/addin/auth-dialog.html?claims=${encodeURIComponent('{"c":1}')}`]);
    expect(error).toBeInstanceOf(SignInError);
    expect(office.tokenRequests[0]).toMatchObject({
      allowSignInPrompt: true,
      allowConsentPrompt: true,
      forMSGraphAccess: true,
      authChallenge: '{"c":1}',
    });
  });

  it.each([
    [13002, 'Sign-in was cancelled.'],
    [13001, 'Sign in to Office to use ERP sync.'],
    [13013, 'Too many sign-in attempts. Wait a moment and try again.'],
  ])('when getAccessToken fails with %i, then the person reads "%s" and no dialog opens', async (code, message) => {
    const office = installOffice({ mode: 'read', ewsId: 'A=', ssoErrorCode: code });
    const error = await createAccountManager(CONFIG, PAGE)
      .getToken()
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(message);
    expect(office.dialogs).toEqual([]);
  });

  it('maps every documented code; unknown codes go to the dialog', () => {
    for (const code of [13003, 13004, 13005, 13006, 13007, 13010, 13012, 50001])
      expect(ssoErrorOf(code, '').kind).toBe('use_dialog');
    expect(ssoErrorOf(13008, '').kind).toBe('retry_later');
    expect(ssoErrorOf(99999, 'odd').kind).toBe('use_dialog');
  });

  it('when neither NAA nor SSO exists, then the dialog token is cached until near expiry', async () => {
    let now = Date.now();
    const m = methods({});
    const manager = new AccountManager(CONFIG.apiScope, 'https://h/addin/auth-dialog.html', m, () => now);
    const first = await manager.getToken();
    expect(await manager.getToken()).toBe(first);
    expect(m.dialogs).toHaveLength(1);
    now += 56 * 60 * 1000; // inside the 5-minute margin of the 1-hour token
    await manager.getToken();
    expect(m.dialogs).toHaveLength(2);
  });

  it('when two callers ask at once, then one sign-in serves both', async () => {
    let asked = 0;
    const m = methods({
      supportsLegacySso: () => true,
      getSsoToken: async () => `sso-${++asked}`,
    });
    const manager = new AccountManager(CONFIG.apiScope, 'https://h/addin/auth-dialog.html', m);
    expect(await Promise.all([manager.getToken(), manager.getToken()])).toEqual(['sso-1', 'sso-1']);
    expect(asked).toBe(1);
  });
});
