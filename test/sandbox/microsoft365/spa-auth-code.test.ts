/**
 * The single-page app sign-in the admin console uses (auth code flow + PKCE, Microsoft's v2-oauth2-auth-code-flow
 * article): account picker, code in the fragment, redemption only cross-origin with the right verifier, once; the
 * access token carries the person's app roles (Sync.Admin for Adele, none for Megan) and the id token the nonce.
 */
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import {
  ADDIN_CLIENT_ID,
  ADELE_ID,
  CONTOSO_TENANT_ID,
  MEGAN_ID,
  defaultWorld,
} from '../../../sandbox/microsoft365/world/seed';
import { startEmulator } from './helpers';

const API_HOST = 'localhost:4443';
const REDIRECT = `https://${API_HOST}/admin/console/`;
const SCOPE = `api://${API_HOST}/${ADDIN_CLIENT_ID}/access_as_user openid profile offline_access`;

let emulator: Microsoft365Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ world: defaultWorld(API_HOST, [REDIRECT]) });
});
afterAll(async () => {
  await emulator.stop();
});

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');

function authorizeUrl(extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    client_id: ADDIN_CLIENT_ID,
    redirect_uri: REDIRECT,
    response_type: 'code',
    response_mode: 'fragment',
    scope: SCOPE,
    state: 'st-1',
    nonce: 'n-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return `${emulator.baseUrl}/${CONTOSO_TENANT_ID}/oauth2/v2.0/authorize?${params}`;
}

/** Picks an account on the emulator's page (a form post) and returns the fragment's fields. */
async function signIn(userId: string): Promise<URLSearchParams> {
  const url = new URL(authorizeUrl());
  const response = await fetch(url.origin + url.pathname, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(url.searchParams), account: userId }).toString(),
  });
  expect(response.status).toBe(302);
  const location = response.headers.get('location') ?? '';
  expect(location.startsWith(`${REDIRECT}#`)).toBe(true);
  return new URLSearchParams(location.split('#')[1]);
}

async function redeem(form: Record<string, string>, origin: string | null = `https://${API_HOST}`) {
  const response = await fetch(`${emulator.baseUrl}/${CONTOSO_TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: response.status,
    cors: response.headers.get('access-control-allow-origin'),
    body: (await response.json()) as Record<string, string>,
  };
}

const codeForm = (code: string, codeVerifier = verifier) => ({
  client_id: ADDIN_CLIENT_ID,
  grant_type: 'authorization_code',
  code,
  redirect_uri: REDIRECT,
  code_verifier: codeVerifier,
  scope: SCOPE,
  client_info: '1',
});

it('when nobody is signed in, then /authorize shows an account picker of the tenant', async () => {
  const response = await fetch(authorizeUrl());
  const page = await response.text();
  expect(response.status).toBe(200);
  expect(page).toContain('Pick an account');
  expect(page).toContain('adele@contoso.example');
  expect(page).not.toContain('pradeep@fabrikam.example');
});

it('when an admin signs in, then the code redeems once, cross-origin, into a token with roles Sync.Admin', async () => {
  const fields = await signIn(MEGAN_ID);
  expect(fields.get('state')).toBe('st-1');
  const code = fields.get('code')!;
  const first = await redeem(codeForm(code));
  expect(first.status).toBe(200);
  expect(first.cors).toBe('*');
  const access = decodeJwt(first.body.access_token!);
  expect(access).toMatchObject({ aud: ADDIN_CLIENT_ID, oid: MEGAN_ID, scp: 'access_as_user', roles: ['Sync.Admin'] });
  expect(decodeJwt(first.body.id_token!).nonce).toBe('n-1');
  expect(first.body.client_info).toBeDefined();
  const again = await redeem(codeForm(code));
  expect(again.status).toBe(400);
  expect(again.body.error_codes).toEqual([54005]);
});

it('when a person without the app role signs in, then the token has no roles claim', async () => {
  const code = (await signIn(ADELE_ID)).get('code')!;
  const answer = await redeem(codeForm(code));
  expect(answer.status).toBe(200);
  expect(decodeJwt(answer.body.access_token!).roles).toBeUndefined();
});

it('when the verifier is wrong or the request is not cross-origin, then the code is refused', async () => {
  const wrong = await redeem(codeForm((await signIn(ADELE_ID)).get('code')!, randomBytes(32).toString('base64url')));
  expect(wrong.status).toBe(400);
  expect(wrong.body.error_codes).toEqual([501481]);
  const serverSide = await redeem(codeForm((await signIn(ADELE_ID)).get('code')!), null);
  expect(serverSide.status).toBe(400);
  expect(serverSide.body.error_codes).toEqual([9002327]);
});

it('when the redirect URI is not a registered spa URI, then /authorize answers an error page, not a redirect', async () => {
  const response = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/' }), { redirect: 'manual' });
  expect(response.status).toBe(400);
  expect(await response.text()).toContain('AADSTS50011');
});

it('when prompt=none and no session, then login_required goes back to the app', async () => {
  const response = await fetch(authorizeUrl({ prompt: 'none' }), { redirect: 'manual' });
  const fields = new URLSearchParams((response.headers.get('location') ?? '').split('#')[1]);
  expect(fields.get('error')).toBe('login_required');
  expect(fields.get('state')).toBe('st-1');
});
