/**
 * People's own ERP keys at rest (private appointments, docs/SECURITY.md 13): sealed with the store's one key ring in
 * `token_cache`, never in plaintext in the database files, bound to their ERP user, handed out only while the ERP
 * accepts them; a refused key raises the person's `erp_private_key` condition, a new key clears it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EncryptionKeyRing, ErpPersonKeys } from '../../server/auth';
import type { Mailbox, Store } from '../../server/store';
import { newKey, openTempStore } from './helpers';

const KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0';
const NEW_KEY = 'f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1';
const k1 = newKey('k1');
const k2 = newKey('k2');
let store: Store;
let file: string;
let cleanup: () => Promise<void>;
let mailbox: Mailbox;

beforeAll(async () => {
  ({ store, file, cleanup } = await openTempStore());
  await store.tenants.upsert({ id: 't1', name: 'Contoso', authMode: 'delegated' });
  mailbox = await store.mailboxes.upsert({
    tenantId: 't1',
    userObjectId: 'adele',
    upn: 'adele@contoso.example',
    email: 'adele@contoso.example',
    erpUserId: '7',
  });
});

afterAll(async () => {
  await cleanup();
});

const keysWith = (ring: EncryptionKeyRing) =>
  new ErpPersonKeys({ store, keys: ring, clock: { now: () => new Date() }, erpName: 'Odoo' });

async function rawDatabaseBytes(): Promise<Buffer> {
  const dir = dirname(file);
  const names = await readdir(dir);
  return Buffer.concat(await Promise.all(names.map((name) => readFile(join(dir, name)))));
}

describe("a person's own ERP key", () => {
  it('when it is linked, then the adapter gets it for its owner only and the database files never hold it', async () => {
    const keys = keysWith(new EncryptionKeyRing([k1]));
    expect(await keys.stateOf('7', mailbox.id)).toBe('missing');
    await keys.link('7', mailbox.id, KEY);
    expect(await keys.keyFor({ id: '7' })).toBe(KEY);
    expect(await keys.keyFor({ id: '8' })).toBeNull();
    expect(await keys.stateOf('7', mailbox.id)).toBe('linked');
    expect(await keys.stateOf('7', 'another-mailbox')).toBe('missing');
    expect((await rawDatabaseBytes()).includes(Buffer.from(KEY))).toBe(false);
    expect((await store.tokenCache.get('erp-person-key:7'))?.keyId).toBe('k1');
  });

  it("when its sealed row is copied to another ERP user's partition, then it does not open", async () => {
    const keys = keysWith(new EncryptionKeyRing([k1]));
    const sealed = await store.tokenCache.get('erp-person-key:7');
    await store.tokenCache.put('erp-person-key:8', sealed!.ciphertext, sealed!.keyId);
    await expect(keys.keyFor({ id: '8' })).rejects.toThrow(/sealed for another owner/);
    await store.tokenCache.delete('erp-person-key:8');
  });

  it('when the encryption keys rotate, then it is sealed again with the newest key on first read', async () => {
    const keys = keysWith(new EncryptionKeyRing([k2, k1]));
    expect(await keys.keyFor({ id: '7' })).toBe(KEY);
    expect((await store.tokenCache.get('erp-person-key:7'))?.keyId).toBe('k2');
  });

  it('when the ERP refuses it, then it is no longer handed out and the person sees a condition until a new key is linked', async () => {
    const keys = keysWith(new EncryptionKeyRing([k2]));
    await keys.refused({ id: '7', login: 'adele@contoso.example' });
    await keys.refused({ id: '7', login: 'adele@contoso.example' });
    expect(await keys.keyFor({ id: '7' })).toBeNull();
    expect(await keys.stateOf('7', mailbox.id)).toBe('refused');
    const [condition] = await store.conditions.list(mailbox.id);
    expect(condition).toMatchObject({ kind: 'erp_private_key', effect: 'limits', clearedBy: 'person', occurrences: 1 });
    expect(condition?.reason).toContain('expired or revoked');
    expect(JSON.stringify(condition)).not.toContain(KEY);
    await keys.link('7', mailbox.id, NEW_KEY);
    expect(await keys.keyFor({ id: '7' })).toBe(NEW_KEY);
    expect(await store.conditions.list(mailbox.id)).toEqual([]);
  });

  it('when its sealed record is malformed, then reading it fails with an error naming the field, and unlink clears it', async () => {
    const ring = new EncryptionKeyRing([k2]);
    const keys = keysWith(ring);
    const sealed = ring.seal(
      JSON.stringify({ mailboxId: mailbox.id, linkedAt: 'x', refusedAt: null }),
      'erp-person-key:9',
    );
    await store.tokenCache.put('erp-person-key:9', sealed.ciphertext, sealed.keyId);
    await expect(keys.keyFor({ id: '9' })).rejects.toThrow(/ERP user 9 is malformed \(apiKey: /);
    await expect(keys.stateOf('9', mailbox.id)).rejects.toThrow(/malformed/);
    await keys.unlink('9', mailbox.id);
    expect(await store.tokenCache.get('erp-person-key:9')).toBeUndefined();
  });

  it('when the person unlinks it, then nothing is handed out any more', async () => {
    const keys = keysWith(new EncryptionKeyRing([k2]));
    await keys.unlink('7', mailbox.id);
    expect(await keys.keyFor({ id: '7' })).toBeNull();
    expect(await keys.stateOf('7', mailbox.id)).toBe('missing');
  });
});
