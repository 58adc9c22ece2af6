/**
 * On-behalf-of from the pane and background tokens for the scheduler, with the real msal-node against the emulator
 * over HTTPS: connect, consent and claims challenges as the pane expects them, a dead grant turning the mailbox
 * "needs reconnect" (listed for admins, no retries), and one reconnect restoring it.
 */
import { decodeJwt } from 'jose';
import { claimsFromWwwAuthenticate } from '../../addin/api/client';
import { PROBLEM_TYPES } from '../../contract/addin-api';
import { EncryptionKeyRing, type GraphTokenProvider, type TokenOutcome } from '../../server/auth';
import type { Mailbox, Store } from '../../server/store';
import { MFA_CLAIMS_CHALLENGE } from '../../sandbox/microsoft365/identity/scopes';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADELE_ID, ALEX_ID, CONTOSO_TENANT_ID, MEGAN_ID } from '../../sandbox/microsoft365/world/seed';
import {
  ADMIN_KEY,
  call,
  newKey,
  openTempStore,
  startApi,
  startEmulator,
  tokenProviderFor,
  validatorFor,
  type TestApi,
} from './helpers';

let emulator: Microsoft365Emulator;
let store: Store;
let cleanup: () => Promise<void>;
let api: TestApi;
let tokens: GraphTokenProvider;

beforeAll(async () => {
  emulator = await startEmulator();
  // Shorter than msal's 5-minute renewal margin: every background call redeems the refresh token.
  await emulator.control.updateSettings({ accessTokenLifetimeSeconds: 120 });
  ({ store, cleanup } = await openTempStore());
  tokens = tokenProviderFor(emulator, store, new EncryptionKeyRing([newKey('k1')]));
  api = await startApi({ emulator, store, validator: validatorFor(emulator), tokens });
});

afterAll(async () => {
  await api.stop();
  await cleanup();
  await emulator.stop();
});

const paneToken = (user: string) => emulator.control.mintAddinToken({ user });

async function connect(user: string) {
  return call(api, 'POST', '/api/connect', await paneToken(user));
}

async function mailboxOf(userId: string): Promise<Mailbox> {
  const mailbox = await store.mailboxes.getByUser(CONTOSO_TENANT_ID, userId);
  if (!mailbox) throw new Error(`no mailbox for ${userId}`);
  return mailbox;
}

async function refreshRequests(): Promise<number> {
  const { requests } = await emulator.control.call<{ requests: Array<{ grantType: string }> }>(
    'GET',
    '/token-requests',
  );
  return requests.filter((r) => r.grantType === 'refresh_token').length;
}

function expectOk(outcome: TokenOutcome, userId: string): void {
  if (outcome.kind !== 'ok') throw new Error(`expected a token, got ${JSON.stringify(outcome)}`);
  expect(decodeJwt(outcome.token.accessToken)).toMatchObject({ oid: userId, aud: 'https://graph.microsoft.com' });
}

describe('on-behalf-of from the pane', () => {
  it('when a person connects, then the mailbox is connected and their encrypted cache is stored', async () => {
    const answer = await connect('adele@contoso.example');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ connection: 'connected', mailbox: { userId: ADELE_ID } });
    const mailbox = await mailboxOf(ADELE_ID);
    expect(mailbox).toMatchObject({ status: 'connected', upn: 'adele@contoso.example', statusReason: null });
    expect((await store.tenants.get(CONTOSO_TENANT_ID))?.authMode).toBe('delegated');
    const entry = await store.tokenCache.get(`${CONTOSO_TENANT_ID}.${ADELE_ID}`);
    expect(entry?.keyId).toBe('k1');
    expect(entry?.ciphertext).not.toMatch(/RefreshToken|AccessToken|secret/);
  });

  it('when the person has not consented, then connect answers 403 consent-required and records nothing', async () => {
    await emulator.control.setConsent('megan@contoso.example', false);
    try {
      const answer = await connect('megan@contoso.example');
      expect(answer.status).toBe(403);
      expect(answer.body.type).toBe(PROBLEM_TYPES.consentRequired);
      expect(await store.mailboxes.getByUser(CONTOSO_TENANT_ID, MEGAN_ID)).toBeUndefined();
    } finally {
      await emulator.control.setConsent('megan@contoso.example', true);
    }
  });

  it('when MFA is required, then connect answers 401 with the claims the pane re-asks with', async () => {
    await emulator.control.setMfaRequired('alex@contoso.example', true);
    try {
      const answer = await connect('alex@contoso.example');
      expect(answer.status).toBe(401);
      expect(answer.body.type).toBe(PROBLEM_TYPES.claimsChallenge);
      const header = answer.headers.get('www-authenticate');
      expect(header).toMatch(/^Bearer .*error="insufficient_claims"/);
      // The pane's own parser reads exactly what the identity platform asked for.
      expect(claimsFromWwwAuthenticate(header)).toBe(MFA_CLAIMS_CHALLENGE);
      expect(Buffer.from(String(answer.body.claims), 'base64').toString('utf8')).toBe(MFA_CLAIMS_CHALLENGE);
      expect(answer.headers.get('access-control-expose-headers')).toContain('www-authenticate');
      expect(await store.mailboxes.getByUser(CONTOSO_TENANT_ID, ALEX_ID)).toBeUndefined();
    } finally {
      await emulator.control.setMfaRequired('alex@contoso.example', false);
    }
  });
  it('when an administrator disabled the mailbox, then connect answers 403 and leaves it disabled', async () => {
    await connect('megan@contoso.example');
    const mailbox = await mailboxOf(MEGAN_ID);
    await store.mailboxes.setStatus(mailbox.id, 'disabled', 'turned off by admin');
    try {
      const answer = await connect('megan@contoso.example');
      expect(answer.status).toBe(403);
      expect(answer.body.type).toBe('https://outlook-erp-sync.dev/problems/forbidden');
      expect((await mailboxOf(MEGAN_ID)).status).toBe('disabled');
    } finally {
      await store.mailboxes.setStatus(mailbox.id, 'connected');
    }
  });
});

describe('background tokens', () => {
  it('when the scheduler asks for a connected mailbox, then it gets a token silently (refresh token redeemed)', async () => {
    await connect('adele@contoso.example');
    const before = await refreshRequests();
    expectOk(await tokens.forUser(await mailboxOf(ADELE_ID)), ADELE_ID);
    expect(await refreshRequests()).toBe(before + 1);
  });

  it('when two background jobs ask at once, then one refresh is shared', async () => {
    const mailbox = await mailboxOf(ADELE_ID);
    const before = await refreshRequests();
    const [a, b] = await Promise.all([tokens.forUser(mailbox), tokens.forUser(mailbox)]);
    expect(a).toBe(b);
    expectOk(a, ADELE_ID);
    expect(await refreshRequests()).toBe(before + 1);
  });

  it('when the token endpoint fails transiently, then the outcome is transient and the mailbox stays connected', async () => {
    await emulator.control.addTokenFault({ status: 503, count: 1 });
    const outcome = await tokens.forUser(await mailboxOf(ADELE_ID));
    expect(outcome.kind).toBe('transient');
    expect((await mailboxOf(ADELE_ID)).status).toBe('connected');
  });

  it('when refresh tokens are revoked, then the mailbox needs reconnect, admins see it, retries stop, and reconnect restores sync', async () => {
    await connect('adele@contoso.example');
    await emulator.control.revokeRefreshTokens('adele@contoso.example');

    const outcome = await tokens.forUser(await mailboxOf(ADELE_ID));
    expect(outcome.kind).toBe('needs_reconnect');
    const dead = await mailboxOf(ADELE_ID);
    expect(dead.status).toBe('needs_reconnect');
    expect(dead.statusReason).toMatch(/no longer accepts the stored sign-in.*AADSTS50173/);

    const listed = await call<{ mailboxes: Array<{ userObjectId: string; statusReason: string }> }>(
      api,
      'GET',
      '/admin/mailboxes?status=needs_reconnect',
      ADMIN_KEY,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.mailboxes.map((m) => m.userObjectId)).toEqual([ADELE_ID]);

    const me = await call(api, 'GET', '/api/me', await paneToken('adele@contoso.example'));
    expect(me.body.connection).toBe('needs_reconnect');

    const before = await refreshRequests();
    expect((await tokens.forUser(dead)).kind).toBe('needs_reconnect');
    expect(await refreshRequests()).toBe(before);

    const reconnect = await connect('adele@contoso.example');
    expect(reconnect.body.connection).toBe('connected');
    const restored = await mailboxOf(ADELE_ID);
    expect(restored).toMatchObject({ status: 'connected', statusReason: null });
    expectOk(await tokens.forUser(restored), ADELE_ID);
  });

  it.each([
    ['consent is withdrawn', () => emulator.control.setConsent('megan@contoso.example', false)],
    ['the refresh token expired from inactivity', () => emulator.control.advanceClock(91 * 24 * 3600)],
  ])('when %s, then the mailbox needs reconnect', async (_name, breakIt) => {
    await connect('megan@contoso.example');
    await breakIt();
    try {
      expect((await tokens.forUser(await mailboxOf(MEGAN_ID))).kind).toBe('needs_reconnect');
      expect((await mailboxOf(MEGAN_ID)).status).toBe('needs_reconnect');
    } finally {
      await emulator.control.setConsent('megan@contoso.example', true);
      await emulator.control.setClockOffset(0);
    }
  });

  it('when a mailbox was never connected through the pane, then it needs reconnect (no stored grant)', async () => {
    const mailbox = await store.mailboxes.upsert({
      tenantId: CONTOSO_TENANT_ID,
      userObjectId: ALEX_ID,
      upn: 'alex@contoso.example',
      email: 'alex@contoso.example',
    });
    const outcome = await tokens.forUser(mailbox);
    expect(outcome).toMatchObject({ kind: 'needs_reconnect', reason: expect.stringMatching(/No stored sign-in/) });
  });
});
