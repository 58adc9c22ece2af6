/**
 * The person's msal cache at rest: sealed with AES-256-GCM under the newest key, bound to its partition, re-sealed
 * on read after a key rotation, and never present in plaintext in the database files (searched byte by byte).
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { decodeJwt } from 'jose';
import {
  connectCaller,
  EncryptionKeyRing,
  parseEncryptionKeys,
  type Caller,
  type TokenValidator,
} from '../../server/auth';
import { AppError } from '../../server/errors';
import type { Mailbox, Store } from '../../server/store';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADELE_ID, CONTOSO_TENANT_ID, MEGAN_ID } from '../../sandbox/microsoft365/world/seed';
import { newKey, openTempStore, startEmulator, tokenProviderFor, validatorFor } from './helpers';

const k1 = newKey('k1');
const k2 = newKey('k2');
let emulator: Microsoft365Emulator;
let store: Store;
let file: string;
let cleanup: () => Promise<void>;
let validator: TokenValidator;

beforeAll(async () => {
  emulator = await startEmulator();
  ({ store, file, cleanup } = await openTempStore());
  validator = validatorFor(emulator);
});

afterAll(async () => {
  await cleanup();
  await emulator.stop();
});

async function callerFor(user: string): Promise<Caller> {
  return validator.validate(await emulator.control.mintAddinToken({ user }));
}

async function connected(user: string, keys: EncryptionKeyRing): Promise<Mailbox> {
  const tokens = tokenProviderFor(emulator, store, keys);
  return (await connectCaller({ store, tokens }, await callerFor(user))).mailbox;
}

/** Every byte SQLite has on disk for the store: the main file plus its journal / WAL. */
async function rawDatabaseBytes(): Promise<Buffer> {
  const dir = dirname(file);
  const names = await readdir(dir);
  return Buffer.concat(await Promise.all(names.map((name) => readFile(join(dir, name)))));
}

describe('token cache at rest', () => {
  it('when the cache is stored, then no token is in the database files in plaintext', async () => {
    const keys = new EncryptionKeyRing([k1]);
    const mailbox = await connected('adele@contoso.example', keys);
    const outcome = await tokenProviderFor(emulator, store, keys).forUser(mailbox);
    if (outcome.kind !== 'ok') throw new Error(`no token: ${JSON.stringify(outcome)}`);
    const entry = await store.tokenCache.get(`${CONTOSO_TENANT_ID}.${ADELE_ID}`);
    if (!entry) throw new Error('no cache partition stored');
    const cache = JSON.parse(keys.open(entry, `${CONTOSO_TENANT_ID}.${ADELE_ID}`).plaintext) as {
      AccessToken: Record<string, { secret: string }>;
      RefreshToken: Record<string, { secret: string }>;
      IdToken: Record<string, { secret: string }>;
    };
    const secrets = [
      outcome.token.accessToken,
      ...Object.values(cache.AccessToken).map((t) => t.secret),
      ...Object.values(cache.RefreshToken).map((t) => t.secret),
      ...Object.values(cache.IdToken).map((t) => t.secret),
    ];
    expect(secrets).toContain(outcome.token.accessToken);
    expect(Object.keys(cache.RefreshToken)).toHaveLength(1);

    const raw = await rawDatabaseBytes();
    // The search can find things: the stored ciphertext itself is there.
    expect(raw.includes(Buffer.from(entry.ciphertext.slice(0, 64)))).toBe(true);
    for (const secret of secrets) {
      expect(raw.includes(Buffer.from(secret))).toBe(false);
      // Token signatures are the unique part; look for them alone too.
      expect(raw.includes(Buffer.from(secret.split('.').pop()!.slice(0, 40)))).toBe(false);
    }
    expect(raw.includes(Buffer.from('"RefreshToken"'))).toBe(false);
  });

  it('when a newer key is added, then reading re-seals the partition with it and the old key can go', async () => {
    const mailbox = await connected('megan@contoso.example', new EncryptionKeyRing([k1]));
    const partition = `${CONTOSO_TENANT_ID}.${MEGAN_ID}`;
    expect((await store.tokenCache.get(partition))?.keyId).toBe('k1');

    const rotated = tokenProviderFor(emulator, store, new EncryptionKeyRing([k2, k1]));
    expect((await rotated.forUser(mailbox)).kind).toBe('ok');
    expect((await store.tokenCache.get(partition))?.keyId).toBe('k2');

    const outcome = await tokenProviderFor(emulator, store, new EncryptionKeyRing([k2])).forUser(mailbox);
    if (outcome.kind !== 'ok') throw new Error(`no token after dropping k1: ${JSON.stringify(outcome)}`);
    expect(decodeJwt(outcome.token.accessToken).oid).toBe(MEGAN_ID);
  });

  it('when the key that sealed a partition was removed, then background work fails loudly, naming the cause', async () => {
    const mailbox = await connected('alex@contoso.example', new EncryptionKeyRing([k1]));
    const withoutK1 = tokenProviderFor(emulator, store, new EncryptionKeyRing([k2]));
    await expect(withoutK1.forUser(mailbox)).rejects.toThrow(/No encryption key 'k1'/);
  });
});

describe('encryption key ring', () => {
  const ring = new EncryptionKeyRing([k2, k1]);

  it('when a value is sealed, then it opens for its own partition only', () => {
    const sealed = ring.seal('{"secret":"value"}', 'tenant.alice');
    expect(sealed.keyId).toBe('k2');
    expect(ring.open(sealed, 'tenant.alice')).toEqual({ plaintext: '{"secret":"value"}', stale: false });
    expect(() => ring.open(sealed, 'tenant.bob')).toThrow(/failed authentication/);
  });

  it('when the ciphertext is altered, then opening fails', () => {
    const sealed = ring.seal('hello', 'p');
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => ring.open({ ...sealed, ciphertext: raw.toString('base64') }, 'p')).toThrow(AppError);
  });

  it('when an older key sealed it, then it opens and is reported stale', () => {
    const old = new EncryptionKeyRing([k1]).seal('hello', 'p');
    expect(ring.open(old, 'p')).toEqual({ plaintext: 'hello', stale: true });
  });

  it.each([
    ['', /holds no key/],
    ['k1', /entry 1 must be id:base64/],
    [`k1:${Buffer.alloc(16).toString('base64')}`, /exactly 32 bytes/],
    [`k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32).toString('base64')}`, /unique/],
  ])('when ENCRYPTION_KEYS is %j, then configuration fails naming the variable', (spec, message) => {
    expect(() => parseEncryptionKeys(spec)).toThrow(message);
    expect(() => parseEncryptionKeys(spec)).toThrow(/ENCRYPTION_KEYS/);
  });

  it('when ENCRYPTION_KEYS lists two keys, then the first one seals', () => {
    const spec = `new:${Buffer.alloc(32, 1).toString('base64')}, old:${Buffer.alloc(32, 2).toString('base64')}`;
    expect(EncryptionKeyRing.fromSpec(spec).currentKeyId).toBe('new');
  });
});
