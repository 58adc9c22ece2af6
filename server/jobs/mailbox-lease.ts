/**
 * The per-mailbox lease for the scaled-out runtime: a session advisory lock held for the whole run, on one
 * PostgreSQL connection per process (createLeaseSession) shared by all of the process's runs. PostgreSQL drops the
 * locks when that connection dies, so a crashed process never keeps a mailbox; losing the connection aborts the
 * signal of every lease on it. It does not queue or retry.
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

/** The leases of one process: its mailbox locks, all on one connection opened on first use. */
export interface LeaseSession {
  /** Locks the mailbox without waiting; undefined when another process, or a run of this one, holds it. */
  acquire(mailboxId: string): Promise<MailboxLease | undefined>;
  /** Closes the connection: every lease still held on it ends. */
  close(): Promise<void>;
}

interface Connection {
  client: Client;
  controller: AbortController;
  ready: Promise<void>;
  ending: boolean;
}

/**
 * One connection for all of a process's leases, where each run used to open its own: a worker running 4 mailboxes
 * held 4 more connections and opened one per run (at 1,000 mailboxes on a shared server, 100 connections ran out and
 * workers died on "too many clients"). A session lock is re-entrant within its session, so the process keeps its own
 * mailboxes apart (`held`). A dead connection aborts its leases and the next acquire opens a new one.
 */
export function createLeaseSession(newClient: () => Client): LeaseSession {
  let current: Connection | undefined;
  const held = new Set<string>();

  function connection(): Connection {
    if (current !== undefined && !current.controller.signal.aborted) return current;
    const client = newClient();
    const controller = new AbortController();
    const opened: Connection = { client, controller, ending: false, ready: Promise.resolve() };
    client.on('error', (error) => controller.abort(error));
    client.on('end', () => {
      if (!opened.ending) controller.abort(new Error('The mailbox lease connection closed unexpectedly.'));
    });
    opened.ready = client.connect().then(
      () => undefined,
      (error: unknown) => {
        controller.abort(error);
        throw error;
      },
    );
    current = opened;
    return opened;
  }

  return {
    async acquire(mailboxId) {
      if (held.has(mailboxId)) return undefined;
      held.add(mailboxId);
      let on: Connection;
      try {
        on = connection();
        await on.ready;
        const result = await on.client.query<{ locked: boolean }>(TRY_LOCK, [LOCK_NAMESPACE, mailboxId]);
        if (result.rows[0]?.locked !== true) {
          held.delete(mailboxId);
          return undefined;
        }
      } catch (error) {
        held.delete(mailboxId);
        throw error;
      }
      return {
        signal: on.controller.signal,
        async release() {
          try {
            // A dead connection already released the lock; asking it again would only fail.
            if (!on.controller.signal.aborted) await on.client.query(UNLOCK, [LOCK_NAMESPACE, mailboxId]);
          } finally {
            held.delete(mailboxId);
          }
        },
      };
    },
    async close() {
      const open = current;
      current = undefined;
      if (open === undefined) return;
      open.ending = true;
      await open.ready.then(
        () => open.client.end(),
        () => undefined,
      );
    },
  };
}

/**
 * A lease on a connection of its own (`client`, connected here), closed with it: the scheduler leadership's, held
 * apart from the runs' session. Undefined (and the client closed) when another session holds the mailbox. Two
 * mailboxes whose ids share a 32-bit hash merely never run at the same time.
 */
export async function acquireMailboxLease(client: Client, mailboxId: string): Promise<MailboxLease | undefined> {
  const session = createLeaseSession(() => client);
  let lease: MailboxLease | undefined;
  try {
    lease = await session.acquire(mailboxId);
  } finally {
    if (lease === undefined) await session.close();
  }
  if (lease === undefined) return undefined;
  const held = lease;
  return {
    signal: held.signal,
    async release() {
      try {
        await held.release();
      } finally {
        await session.close();
      }
    },
  };
}
