/**
 * Webhook receipts: the identity of every webhook delivery accepted, kept until it can no longer be replayed (the
 * signature's window, or Graph's retry period). Recording is one insert that a second delivery of the same
 * identity cannot repeat, so two processes that receive the same delivery agree on which one acts on it.
 */
import { toInstantText } from './columns';
import type { RepositoryContext } from './repository-context';
import type { Timestamp } from './types';

export interface ReceiptsRepository {
  /**
   * Records `key` until `keepUntil`; true when it was new, false when it was already recorded (a replay or a
   * duplicate). Expired receipts are forgotten first, so a key past its keep-until counts as new again.
   */
  record(key: string, keepUntil: Timestamp): Promise<boolean>;
}

/** Expired receipts are swept at most this often per process: one cheap indexed delete, not one per delivery. */
const PRUNE_EVERY_MS = 60_000;

export function receiptsRepository({ db, now }: RepositoryContext): ReceiptsRepository {
  let prunedAt = 0;
  return {
    async record(key, keepUntil) {
      const at = now();
      const wallMs = Date.parse(at);
      if (wallMs - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = wallMs;
        await db.deleteFrom('webhook_receipts').where('expires_at', '<=', at).execute();
      } else {
        await db.deleteFrom('webhook_receipts').where('key', '=', key).where('expires_at', '<=', at).execute();
      }
      const result = await db
        .insertInto('webhook_receipts')
        .values({ key, received_at: at, expires_at: toInstantText(keepUntil) })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
}
