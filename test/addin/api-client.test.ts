// The backend client over real HTTP with the real account manager and a stand-in Office host: bearer tokens,
// the claims challenge retried once with authChallenge, problems typed, unreachable backend.
import { ApiClient, ApiProblem, ApiUnreachable, claimsFromWwwAuthenticate } from '../../addin/api/client';
import { createI18n } from '../../addin/taskpane/i18n';
import { PROBLEM_TYPES } from '../../contract/addin-api';
import { createAccountManager } from '../../addin/auth';
import { describeError } from '../../addin/taskpane/errors';
import { ContractServer } from './helpers/contract-server';
import { installOffice } from './helpers/office-stand-in';

const CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
const CHALLENGE = {
  method: 'GET',
  path: '/api/me',
  status: 401,
  headers: { 'www-authenticate': `Bearer realm="", error="insufficient_claims", claims="${btoa(CLAIMS)}"` },
  body: { type: PROBLEM_TYPES.claimsChallenge, title: 'More sign-in needed', status: 401 },
};

let server: ContractServer;
beforeEach(async () => {
  server = await new ContractServer().start();
});
afterEach(() => server.stop());

function client(tokens: string[]) {
  const office = installOffice({ mode: 'read', ewsId: 'AAMk=', tokens });
  const config = { clientId: 'c', apiOrigin: server.origin, apiScope: 'api://h/c/access_as_user' };
  return {
    office,
    api: new ApiClient(server.origin, (r) => createAccountManager(config, 'https://h/addin/taskpane.html').getToken(r)),
  };
}

const EN = createI18n('en-US');

describe('claims challenge', () => {
  it('when the backend answers 401 with claims, then the token is re-asked with authChallenge and the call retried once', async () => {
    const { office, api } = client(['token-1', 'token-2']);
    server.script.push(CHALLENGE);

    const me = await api.me();

    expect(me.mailbox.email).toBe('ada@contoso.example');
    expect(office.tokenRequests.map((r) => r.authChallenge)).toEqual([undefined, CLAIMS]);
    expect(server.calls('GET', '/api/me').map((r) => r.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('when the retried call is challenged again, then it fails with the problem and is not retried a second time', async () => {
    const { api } = client(['token-1', 'token-2', 'token-3']);
    server.script.push(CHALLENGE, { ...CHALLENGE });

    const error = await api.me().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).is(PROBLEM_TYPES.claimsChallenge)).toBe(true);
    expect(server.calls('GET', '/api/me')).toHaveLength(2);
  });

  it('reads raw JSON claims as well as base64 ones', () => {
    expect(claimsFromWwwAuthenticate(`Bearer claims="${btoa(CLAIMS)}"`)).toBe(CLAIMS);
    expect(claimsFromWwwAuthenticate('Bearer error="invalid_token"')).toBeNull();
    expect(claimsFromWwwAuthenticate(null)).toBeNull();
  });
});

describe('problems', () => {
  it('when throttled, then the problem carries Retry-After and reads in plain words', async () => {
    const { api } = client(['t']);
    server.script.push({
      method: 'GET',
      path: '/api/events/',
      status: 429,
      headers: { 'retry-after': '12' },
      body: { type: PROBLEM_TYPES.throttled, title: 'Too many requests', status: 429 },
    });
    const error = (await api.eventStatus('x').catch((e: unknown) => e)) as ApiProblem;
    expect(error.retryAfterSeconds).toBe(12);
    expect(describeError(error, EN)).toBe('The sync service is busy. Try again in 12 seconds.');
  });

  it('when consent is missing, then the message tells who must act', async () => {
    const { api } = client(['t']);
    server.script.push({
      method: 'GET',
      path: '/api/me',
      status: 403,
      body: { type: PROBLEM_TYPES.consentRequired, title: 'Consent required', status: 403 },
    });
    expect(describeError(await api.me().catch((e: unknown) => e), EN)).toMatch(/Your administrator approves ERP sync/);
  });

  it('when the answer is not a problem body, then a problem is synthesised from the status', async () => {
    const { api } = client(['t']);
    server.script.push({
      method: 'GET',
      path: '/api/events/',
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<h1>Bad gateway</h1>',
    });
    const error = (await api.eventStatus('x').catch((e: unknown) => e)) as ApiProblem;
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error.problem).toMatchObject({ type: 'about:blank', status: 502 });
  });

  it('when the backend is unreachable, then ApiUnreachable says so in plain words', async () => {
    const { api } = client(['t']);
    await server.stop();
    const error = await api.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiUnreachable);
    expect(describeError(error, EN)).toMatch(/cannot be reached/);
    server = await new ContractServer().start();
  });
});
