/**
 * Scheduler leadership for the scaled-out runtime: one process holds a PostgreSQL session advisory lock (the same
 * lease as a mailbox's, under a reserved key) and runs the scheduled tasks; the others retry at each tick. A dead
 * leader's lock goes with its connection, so another process takes over within one tick.
 */
import { Client } from 'pg';
import { acquireMailboxLease, type MailboxLease } from './mailbox-lease';
import type { Leadership } from './scheduler';

/** Not a mailbox id (those are UUIDs), so it never collides with a mailbox's lease. */
const LEADER_KEY = 'scheduler-leader';

export function postgresLeadership(connectionString: string, applicationName: string): Leadership {
  let lease: MailboxLease | undefined;
  return {
    async isLeader() {
      if (lease !== undefined && !lease.signal.aborted) return true;
      if (lease !== undefined) await lease.release();
      lease = await acquireMailboxLease(
        new Client({ connectionString, application_name: applicationName }),
        LEADER_KEY,
      );
      return lease !== undefined;
    },
    async release() {
      const held = lease;
      lease = undefined;
      if (held !== undefined) await held.release();
    },
  };
}
