/**
 * The app's certificate credential, end to end: config.ts refuses a bad certificate or key with the variable's name;
 * msal-node signs a client assertion with a certificate's key (PS256, x5t#S256) and the emulator's token endpoint,
 * checking it as the identity platform does, gives app-only tokens for it; a certificate not uploaded to the app
 * registration gets none. The admin view of the credential says its kind and expiry, never the key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import {
  appCredentialOf,
  EncryptionKeyRing,
  GraphTokenProvider,
  msalCredentialOf,
  viewOfAppCredential,
} from '../../server/auth';
import { ConfigError, parseConfig } from '../../server/config';
import type { Store } from '../../server/store';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADDIN_CLIENT_ID, CONTOSO_TENANT_ID } from '../../sandbox/microsoft365/world/seed';
import { newKey, openTempStore, startEmulator } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'app-cert-'));
let emulator: Microsoft365Emulator;
let store: Store;
let cleanup: () => Promise<void>;

/** A self-signed certificate valid for `days`, written as PEM files; answers their paths and the certificate. */
async function certificate(name: string, days: number) {
  const now = Date.now();
  const pems = await selfsigned.generate([{ name: 'commonName', value: name }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 3_600_000),
    notAfterDate: new Date(now + days * 86_400_000),
  });
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  writeFileSync(cert, pems.cert);
  writeFileSync(key, pems.private);
  return { cert, key, pem: pems.cert, privateKey: pems.private };
}

const PRODUCTION = {
  SYNC_MODE: 'production',
  AUTH_CLIENT_ID: ADDIN_CLIENT_ID,
  AUTH_ALLOWED_TENANTS: CONTOSO_TENANT_ID,
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  ADMIN_API_KEY: 'admin-key-for-tests-0123456789abcdef',
  PUBLIC_URL: 'https://sync.example.com',
  ODOO_URL: 'https://odoo.example.com',
  ODOO_DATABASE: 'odoo',
  ODOO_LOGIN: 'sync',
  ODOO_API_KEY: 'odoo-key',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

function providerFor(settings: { cert: string; key: string }): GraphTokenProvider {
  const credential = appCredentialOf({
    AUTH_CLIENT_CERTIFICATE_FILE: settings.cert,
    AUTH_CLIENT_CERTIFICATE_KEY_FILE: settings.key,
  });
  if (credential === null) throw new Error('no credential');
  return new GraphTokenProvider({
    msal: { authorityHost: emulator.baseUrl, clientId: ADDIN_CLIENT_ID, ...msalCredentialOf(credential) },
    store,
    keys: new EncryptionKeyRing([newKey('k1')]),
  });
}

beforeAll(async () => {
  emulator = await startEmulator();
  ({ store, cleanup } = await openTempStore());
});

afterAll(async () => {
  await cleanup();
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the app certificate in the configuration', () => {
  it('when production names a certificate and its key instead of a secret, then the configuration is accepted', async () => {
    const good = await certificate('good', 400);
    const env = { ...PRODUCTION, AUTH_CLIENT_CERTIFICATE_FILE: good.cert, AUTH_CLIENT_CERTIFICATE_KEY_FILE: good.key };
    expect(problemsOf(env)).toEqual([]);
    expect(problemsOf(PRODUCTION)).toEqual([
      expect.stringMatching(/^AUTH_CLIENT_SECRET: is required in production mode \(or AUTH_CLIENT_CERTIFICATE_FILE\)/),
    ]);
  });

  it('when the certificate or key is missing, unreadable, not PEM, not a pair, or set with a secret, then one line names the variable', async () => {
    const good = await certificate('pair-a', 400);
    const other = await certificate('pair-b', 400);
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ AUTH_CLIENT_CERTIFICATE_FILE: good.cert }, /^AUTH_CLIENT_CERTIFICATE_KEY_FILE: must be set together/],
      [
        { AUTH_CLIENT_CERTIFICATE_FILE: join(dir, 'nope.pem'), AUTH_CLIENT_CERTIFICATE_KEY_FILE: good.key },
        /^AUTH_CLIENT_CERTIFICATE_FILE: .*nope\.pem does not exist; it must be a PEM certificate/,
      ],
      [
        { AUTH_CLIENT_CERTIFICATE_FILE: junk, AUTH_CLIENT_CERTIFICATE_KEY_FILE: good.key },
        /^AUTH_CLIENT_CERTIFICATE_FILE: .*junk\.pem is not a PEM certificate/,
      ],
      [
        { AUTH_CLIENT_CERTIFICATE_FILE: good.cert, AUTH_CLIENT_CERTIFICATE_KEY_FILE: junk },
        /^AUTH_CLIENT_CERTIFICATE_KEY_FILE: .*junk\.pem is not an unencrypted PEM private key/,
      ],
      [
        { AUTH_CLIENT_CERTIFICATE_FILE: good.cert, AUTH_CLIENT_CERTIFICATE_KEY_FILE: other.key },
        /^AUTH_CLIENT_CERTIFICATE_KEY_FILE: .*pair-b\.key is not the private key of .*pair-a\.pem/,
      ],
      [
        {
          AUTH_CLIENT_CERTIFICATE_FILE: good.cert,
          AUTH_CLIENT_CERTIFICATE_KEY_FILE: good.key,
          AUTH_CLIENT_SECRET: 's',
        },
        /^AUTH_CLIENT_CERTIFICATE_FILE: is set together with AUTH_CLIENT_SECRET/,
      ],
      [
        { AUTH_CLIENT_SECRET: 's', AUTH_CLIENT_SECRET_EXPIRES: 'next june' },
        /^AUTH_CLIENT_SECRET_EXPIRES: must be a date/,
      ],
    ];
    for (const [variables, line] of cases) {
      const problems = problemsOf({ ...PRODUCTION, ...variables });
      expect(problems).toEqual([expect.stringMatching(line)]);
      expect(problems.join('\n')).not.toContain('PRIVATE KEY');
    }
  });
});

describe('msal-node with the certificate', () => {
  it('when the certificate is uploaded to the app registration, then msal gets app-only tokens with a signed assertion, never a secret', async () => {
    const uploaded = await certificate('uploaded', 400);
    await emulator.control.addAppCertificate(uploaded.pem);
    const before = (await emulator.control.tokenRequests()).length;

    const token = await providerFor(uploaded).forApp(CONTOSO_TENANT_ID);

    expect(token.accessToken.split('.')).toHaveLength(3);
    const requests = (await emulator.control.tokenRequests()).slice(before);
    expect(requests).toEqual([
      expect.objectContaining({ grantType: 'client_credentials', clientId: ADDIN_CLIENT_ID, status: 200 }),
    ]);
  });

  it('when the certificate was never uploaded, then the token endpoint refuses the assertion and no token comes', async () => {
    const stranger = await certificate('stranger', 400);
    const before = (await emulator.control.tokenRequests()).length;

    await expect(providerFor(stranger).forApp(CONTOSO_TENANT_ID)).rejects.toThrow();

    const requests = (await emulator.control.tokenRequests()).slice(before);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.status === 401 && /invalid_client AADSTS700027/.test(r.error ?? ''))).toBe(true);
  });

  it('when the admin view of the credential is made, then it has the kind, expiry, thumbprint and subject, and no key', async () => {
    const shown = await certificate('shown', 20);
    const credential = appCredentialOf({
      AUTH_CLIENT_CERTIFICATE_FILE: shown.cert,
      AUTH_CLIENT_CERTIFICATE_KEY_FILE: shown.key,
    })!;
    const view = viewOfAppCredential(credential);
    expect(view).toEqual({
      kind: 'certificate',
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      thumbprintSha256: expect.stringMatching(/^[0-9A-F]{64}$/),
      subject: 'CN=shown',
      configuredBy: ['AUTH_CLIENT_CERTIFICATE_FILE', 'AUTH_CLIENT_CERTIFICATE_KEY_FILE'],
    });
    const days = (Date.parse(view.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(19);
    expect(days).toBeLessThan(21);
    expect(JSON.stringify(view)).not.toContain('PRIVATE KEY');
  });
});
