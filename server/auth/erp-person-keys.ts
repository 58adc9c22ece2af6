/**
 * People's own ERP API keys (Odoo: for their private appointments, which Odoo shows to nobody else): sealed with the
 * same key ring and table as the Graph token caches (`token_cache`, AES-256-GCM, the partition name as additional
 * data), one partition per ERP user. It hands a key to the ERP adapter only for its owner, stops handing out a key
 * the ERP refused, and raises the `erp_private_key` condition for the person. It never logs a key, and it does not
 * check keys: the ERP port does (`checkPersonKey`) before `link` is called.
 */
import { z } from 'zod';
import { AppError } from '../errors';
import { firstIssue } from '../zod-issue';
import type { StoreRepositories } from '../store';
import type { EncryptionKeyRing } from './encryption';

/** What the pane shows: no key linked, a key in use, or a key the ERP refused (the person enters a new one). */
export type PersonKeyState = 'missing' | 'linked' | 'refused';

/** What save() seals, checked when it is opened: a record of another shape is an error, not a key. */
const SealedRecordSchema = z.object({
  apiKey: z.string().min(1),
  mailboxId: z.string(),
  linkedAt: z.string(),
  refusedAt: z.string().nullable(),
});
type SealedRecord = z.infer<typeof SealedRecordSchema>;

export interface ErpPersonKeysDeps {
  store: Pick<StoreRepositories, 'tokenCache' | 'conditions'>;
  keys: EncryptionKeyRing;
  clock: { now(): Date };
  /** The ERP's display name ("Odoo"), for the condition's words. */
  erpName: string;
}

const partitionOf = (erpUserId: string) => `erp-person-key:${erpUserId}`;

export class ErpPersonKeys {
  constructor(private readonly deps: ErpPersonKeysDeps) {}

  /** Stores the key `erpUserId` proved theirs (the ERP checked it), replacing any other, and clears the condition. */
  async link(erpUserId: string, mailboxId: string, apiKey: string): Promise<void> {
    const linkedAt = this.deps.clock.now().toISOString();
    await this.save(erpUserId, { apiKey, mailboxId, linkedAt, refusedAt: null });
    await this.deps.store.conditions.clear(mailboxId, 'erp_private_key');
  }

  /** Forgets the person's key; their private appointments stop syncing. */
  async unlink(erpUserId: string, mailboxId: string): Promise<void> {
    // A malformed record is no one's key: unlinking removes it, so the person can link a key again.
    const record = await this.load(erpUserId).catch((error: unknown) => {
      if (error instanceof MalformedRecordError) return { mailboxId };
      throw error;
    });
    if (record?.mailboxId === mailboxId) await this.deps.store.tokenCache.delete(partitionOf(erpUserId));
    await this.deps.store.conditions.clear(mailboxId, 'erp_private_key');
  }

  /** The state for the pane of the mailbox `mailboxId`, whose ERP user is `erpUserId` (null while unknown). */
  async stateOf(erpUserId: string | null, mailboxId: string): Promise<PersonKeyState> {
    const record = erpUserId === null ? null : await this.load(erpUserId);
    if (record?.mailboxId !== mailboxId) return 'missing';
    return record.refusedAt === null ? 'linked' : 'refused';
  }

  /** The ERP adapter's view (`PersonKeys`): a person's key while the ERP accepts it, else null. */
  async keyFor(person: { id: string }): Promise<string | null> {
    const record = await this.load(person.id);
    return record && record.refusedAt === null ? record.apiKey : null;
  }

  /** The ERP refused the key in use: it is not offered again, and the person's pane says what to do. */
  async refused(person: { id: string; login: string }): Promise<void> {
    const record = await this.load(person.id);
    if (!record || record.refusedAt !== null) return;
    await this.save(person.id, { ...record, refusedAt: this.deps.clock.now().toISOString() });
    const { erpName } = this.deps;
    await this.deps.store.conditions.raise(record.mailboxId, {
      kind: 'erp_private_key',
      reason: `${erpName} refused the API key linked for ${person.login}'s private appointments (expired or revoked); they are not syncing.`,
    });
  }

  private async load(erpUserId: string): Promise<SealedRecord | null> {
    const partition = partitionOf(erpUserId);
    const entry = await this.deps.store.tokenCache.get(partition);
    if (entry === undefined) return null;
    const opened = this.deps.keys.open(entry, partition);
    const record = parseRecord(opened.plaintext, erpUserId);
    // Key rotation, as for the token caches: sealed again with the newest key the first time it is read.
    if (opened.stale) await this.save(erpUserId, record);
    return record;
  }

  private async save(erpUserId: string, record: SealedRecord): Promise<void> {
    const partition = partitionOf(erpUserId);
    const sealed = this.deps.keys.seal(JSON.stringify(record), partition);
    await this.deps.store.tokenCache.put(partition, sealed.ciphertext, sealed.keyId);
  }
}

class MalformedRecordError extends AppError {}

/** The opened plaintext as a record; anything else names the ERP user and the field (never the key). */
function parseRecord(plaintext: string, erpUserId: string): SealedRecord {
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch {
    json = undefined;
  }
  const parsed = SealedRecordSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error, 'record');
  throw new MalformedRecordError(
    'internal',
    `The stored ERP key of ERP user ${erpUserId} is malformed (${field}: ${message}); ` +
      'the person unlinks it and links a key again.',
  );
}
