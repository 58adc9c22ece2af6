/**
 * Discovery, signing keys and token shapes against the identity facts the product relies on (microsoft-facts.md
 * "Identity platform and msal-node"): tokens verified with jose against the served JWKS, v1/v2 issuers and
 * audiences, configurable issuer hosts, key rotation, error bodies as Microsoft publishes them.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import { ADDIN_CLIENT_ID, ADDIN_CLIENT_SECRET, CONTOSO_TENANT_ID } from '../../../sandbox/microsoft365/world/seed';
import { startEmulator } from './helpers';

const FIXTURES = join(__dirname, '../../fixtures/identity');
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

let emulator: Microsoft365Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function tokenRequest(
  form: Record<string, string>,
  tenant = CONTOSO_TENANT_ID,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${emulator.baseUrl}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('discovery', () => {
  it('when asked for a tenant by GUID or verified domain, then issuer and endpoints name the tenant GUID', async () => {
    for (const segment of [CONTOSO_TENANT_ID, 'contoso.example']) {
      const { status, body } = await getJson(`${emulator.baseUrl}/${segment}/v2.0/.well-known/openid-configuration`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        issuer: `${emulator.baseUrl}/${CONTOSO_TENANT_ID}/v2.0`,
        token_endpoint: `${emulator.baseUrl}/${CONTOSO_TENANT_ID}/oauth2/v2.0/token`,
        authorization_endpoint: `${emulator.baseUrl}/${CONTOSO_TENANT_ID}/oauth2/v2.0/authorize`,
        jwks_uri: `${emulator.baseUrl}/${CONTOSO_TENANT_ID}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
  });

  it('when asked for common or organizations, then the issuer carries the {tenantid} template', async () => {
    for (const segment of ['common', 'organizations']) {
      const { body } = await getJson(`${emulator.baseUrl}/${segment}/v2.0/.well-known/openid-configuration`);
      expect(body.issuer).toBe(`${emulator.baseUrl}/{tenantid}/v2.0`);
      expect(body.token_endpoint).toBe(`${emulator.baseUrl}/${segment}/oauth2/v2.0/token`);
    }
  });

  it('when the tenant is unknown, then discovery answers 400 invalid_tenant AADSTS90002', async () => {
    const { status, body } = await getJson(`${emulator.baseUrl}/nowhere.example/v2.0/.well-known/openid-configuration`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });

  it('when the keys are fetched, then each is an RS256 signing JWK whose kid and x5t are the certificate thumbprint', async () => {
    const { body } = await getJson(`${emulator.baseUrl}/${CONTOSO_TENANT_ID}/discovery/v2.0/keys`);
    const keys = body.keys as Array<Record<string, unknown>>;
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', e: 'AQAB' });
      const der = Buffer.from((key.x5c as string[])[0]!, 'base64');
      const thumbprint = createHash('sha1').update(new X509Certificate(der).raw).digest('base64url');
      expect(key.x5t).toBe(thumbprint);
      expect(key.kid).toBe(thumbprint);
    }
  });
});

describe('add-in tokens (what Office / nested app authentication hands the task pane)', () => {
  it('when a v2 token is validated with jose against discovery, then iss, aud = client id, scp access_as_user and tid all hold', async () => {
    const token = await emulator.control.mintAddinToken({ user: 'adele@contoso.example' });
    const { body: config } = await getJson(
      `${emulator.baseUrl}/${CONTOSO_TENANT_ID}/v2.0/.well-known/openid-configuration`,
    );
    const jwks = createRemoteJWKSet(new URL(String(config.jwks_uri)));
    const { payload } = await jwtVerify(token, jwks, { issuer: String(config.issuer), audience: ADDIN_CLIENT_ID });
    expect(String(payload.scp).split(' ')).toContain('access_as_user');
    expect(payload).toMatchObject({ ver: '2.0', tid: CONTOSO_TENANT_ID, preferred_username: 'adele@contoso.example' });
    expect(String(payload.iss)).toContain(String(payload.tid)); // multi-tenant check: tid matches iss
  });

  it('when a v1 token is asked for, then iss is the sts-style issuer and aud the App ID URI', async () => {
    const token = await emulator.control.mintAddinToken({ user: 'adele@contoso.example', version: '1.0' });
    const jwks = createRemoteJWKSet(new URL(`${emulator.baseUrl}/${CONTOSO_TENANT_ID}/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(token, jwks, {
      issuer: `${emulator.baseUrl}/sts/${CONTOSO_TENANT_ID}/`,
      audience: `api://localhost:3000/${ADDIN_CLIENT_ID}`,
    });
    expect(payload).toMatchObject({ ver: '1.0', upn: 'adele@contoso.example', scp: 'access_as_user' });
  });

  it('when the emulator is started with Microsoft issuer hosts, then discovery and tokens use them consistently', async () => {
    const other = await startEmulator({
      issuers: { v2Base: 'https://login.microsoftonline.com', v1Base: 'https://sts.windows.net' },
    });
    try {
      const { body } = await getJson(`${other.baseUrl}/${CONTOSO_TENANT_ID}/v2.0/.well-known/openid-configuration`);
      expect(body.issuer).toBe(`https://login.microsoftonline.com/${CONTOSO_TENANT_ID}/v2.0`);
      const v2 = await other.control.mintAddinToken({ user: 'adele@contoso.example' });
      const v1 = await other.control.mintAddinToken({ user: 'adele@contoso.example', version: '1.0' });
      const jwks = createRemoteJWKSet(new URL(String(body.jwks_uri)));
      await expect(jwtVerify(v2, jwks, { issuer: String(body.issuer) })).resolves.toBeDefined();
      await expect(
        jwtVerify(v1, jwks, { issuer: `https://sts.windows.net/${CONTOSO_TENANT_ID}/` }),
      ).resolves.toBeDefined();
    } finally {
      await other.stop();
    }
  });
});

describe('signing key rotation', () => {
  it('when a key is rotated, then old tokens verify until the old key is retired, and new tokens use the new kid', async () => {
    const keysUrl = `${emulator.baseUrl}/${CONTOSO_TENANT_ID}/discovery/v2.0/keys`;
    const before = await emulator.control.mintAddinToken({ user: 'adele@contoso.example' });
    const graphBefore = await emulator.control.mintGraphToken({ user: 'adele@contoso.example' });
    const { newKid, previousKids } = await emulator.control.rotateSigningKey();
    const after = await emulator.control.mintAddinToken({ user: 'adele@contoso.example' });
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    expect(previousKids).toContain(decodeProtectedHeader(before).kid);

    const during = (await getJson(keysUrl)).body as unknown as JSONWebKeySet;
    expect(during.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([newKid, ...previousKids]));
    await expect(jwtVerify(before, createLocalJWKSet(during))).resolves.toBeDefined();
    expect(
      (await fetch(`${emulator.graphBaseUrl}/subscriptions`, { headers: { authorization: `Bearer ${graphBefore}` } }))
        .status,
    ).toBe(200);

    await emulator.control.retireOldSigningKeys();
    const retired = (await getJson(keysUrl)).body as unknown as JSONWebKeySet;
    expect(retired.keys.map((k) => k.kid)).toEqual([newKid]);
    await expect(jwtVerify(before, createLocalJWKSet(retired))).rejects.toThrow();
    await expect(jwtVerify(after, createLocalJWKSet(retired))).resolves.toBeDefined();
    const rejected = await fetch(`${emulator.graphBaseUrl}/subscriptions`, {
      headers: { authorization: `Bearer ${graphBefore}` },
    });
    expect(rejected.status).toBe(401);
    expect(((await rejected.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
  });
});

describe('token endpoint wire format', () => {
  it('when OBO is posted as in Microsoft example (shared secret), then the response has the documented fields', async () => {
    const example = fixture('obo-token-request-shared-secret.form.json');
    const assertion = await emulator.control.mintAddinToken({ user: 'adele@contoso.example' });
    const { status, body } = await tokenRequest({
      grant_type: String(example.grant_type),
      client_id: ADDIN_CLIENT_ID,
      client_secret: ADDIN_CLIENT_SECRET,
      assertion,
      scope: 'https://graph.microsoft.com/Calendars.ReadWrite offline_access',
      requested_token_use: String(example.requested_token_use),
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(Object.keys(fixture('obo-token-response-success.json')).sort());
    expect(body.token_type).toBe('Bearer');
  });

  it('when a scope names an unknown resource, then the error matches Microsoft invalid_scope example field for field', async () => {
    const { status, body } = await tokenRequest(
      {
        grant_type: 'client_credentials',
        client_id: ADDIN_CLIENT_ID,
        client_secret: ADDIN_CLIENT_SECRET,
        scope: 'https://foo.microsoft.com/mail.read',
      },
      CONTOSO_TENANT_ID,
    );
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_scope');
    const example = fixture('token-error-invalid-scope.json');
    for (const field of Object.keys(example)) expect(body).toHaveProperty(field);
  });

  it('when an error is returned, then description, codes, timestamp, trace and correlation ids follow the platform format', async () => {
    const { status, body } = await tokenRequest(
      { grant_type: 'password', client_id: ADDIN_CLIENT_ID, client_secret: ADDIN_CLIENT_SECRET },
      CONTOSO_TENANT_ID,
      { 'client-request-id': '11111111-2222-3333-4444-555555555555' },
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: 'unsupported_grant_type',
      error_codes: [70003],
      correlation_id: '11111111-2222-3333-4444-555555555555',
    });
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(body.error_description)).toMatch(
      /^AADSTS70003: .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: 11111111-2222-3333-4444-555555555555\r\nTimestamp: /s,
    );
  });

  it('when MFA is required, then the raw error has the same fields as Microsoft interaction_required example', async () => {
    await emulator.control.setMfaRequired('adele@contoso.example', true);
    try {
      const { body } = await tokenRequest({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        client_id: ADDIN_CLIENT_ID,
        client_secret: ADDIN_CLIENT_SECRET,
        assertion: await emulator.control.mintAddinToken({ user: 'adele@contoso.example' }),
        scope: 'https://graph.microsoft.com/Calendars.ReadWrite',
        requested_token_use: 'on_behalf_of',
      });
      const example = fixture('obo-error-interaction-required-claims.json');
      expect(body.error).toBe(example.error);
      expect(body.error_codes).toEqual(example.error_codes);
      expect(body.claims).toBe(example.claims);
    } finally {
      await emulator.control.setMfaRequired('adele@contoso.example', false);
    }
  });
});
