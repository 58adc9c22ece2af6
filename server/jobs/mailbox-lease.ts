/**
 * The per-mailbox lease for the scaled-out runtime: a session advisory lock held on a dedicated PostgreSQL
 * connection for the whole run. PostgreSQL drops the lock when that connection dies, so a crashed process never
 * keeps a mailbox; losing the connection aborts the lease's signal. It does not queue or retry.
 */
import type { Client } from 'pg';

export interface MailboxLease {
  /** Aborted if the connection holding the lock died: another process may now hold the mailbox. */
  signal: AbortSignal;
  /** Unlocks and closes the connection. */
  release(): Promise<void>;
}

// The two-key form keeps our locks apart from pg-boss's own (single bigint) advisory locks and from other apps.
const LOCK_NAMESPACE = 'outlook-erp-sync.mailbox';
const TRY_LOCK = 'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as locked';
const UNLOCK = 'select pg_advisory_unlock(hashtext($1), hashtext($2)) as unlocked';

/**
 * Connects `client` and tries to lock the mailbox without waiting. Returns undefined (and closes the client) when
 * another session holds it. Two mailboxes whose ids share a 32-bit hash merely never run at the same time.
 */
export async function acquireMailboxLease(client: Client, mailboxId: string): Promise<MailboxLease | undefined> {
  const controller = new AbortController();
  let ending = false;
  client.on('error', (error) => controller.abort(error));
  client.on('end', () => {
    if (!ending) controller.abort(new Error(`The lease connection for mailbox ${mailboxId} closed unexpectedly.`));
  });
  await client.connect();
  let locked = false;
  try {
    const result = await client.query<{ locked: boolean }>(TRY_LOCK, [LOCK_NAMESPACE, mailboxId]);
    locked = result.rows[0]?.locked === true;
  } finally {
    if (!locked) {
      ending = true;
      await client.end();
    }
  }
  if (!locked) return undefined;
  return {
    signal: controller.signal,
    async release() {
      try {
        // A dead connection already released the lock; asking it again would only fail.
        if (!controller.signal.aborted) await client.query(UNLOCK, [LOCK_NAMESPACE, mailboxId]);
      } finally {
        ending = true;
        await client.end();
      }
    },
  };
}
