/**
 * Token cache: one encrypted MSAL cache partition per key. The store holds ciphertext and the key id only;
 * encrypting, decrypting and key rotation belong to the auth module.
 */
import type { Selectable } from 'kysely';
import type { RepositoryContext } from './repository-context';
import type { TokenCacheTable } from './schema';
import type { TokenCacheEntry } from './types';

function toEntry(row: Selectable<TokenCacheTable>): TokenCacheEntry {
  return { partitionKey: row.partition_key, ciphertext: row.ciphertext, keyId: row.key_id, updatedAt: row.updated_at };
}

export interface TokenCacheRepository {
  get(partitionKey: string): Promise<TokenCacheEntry | undefined>;
  /** Creates or replaces the partition. */
  put(partitionKey: string, ciphertext: string, keyId: string): Promise<TokenCacheEntry>;
  /** Returns whether a partition was deleted. */
  delete(partitionKey: string): Promise<boolean>;
}

export function tokenCacheRepository({ db, now }: RepositoryContext): TokenCacheRepository {
  return {
    async get(partitionKey) {
      const row = await db
        .selectFrom('token_cache')
        .selectAll()
        .where('partition_key', '=', partitionKey)
        .executeTakeFirst();
      return row === undefined ? undefined : toEntry(row);
    },

    async put(partitionKey, ciphertext, keyId) {
      const values = { ciphertext, key_id: keyId, updated_at: now() };
      const row = await db
        .insertInto('token_cache')
        .values({ partition_key: partitionKey, ...values })
        .onConflict((oc) => oc.column('partition_key').doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toEntry(row);
    },

    async delete(partitionKey) {
      const result = await db.deleteFrom('token_cache').where('partition_key', '=', partitionKey).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
