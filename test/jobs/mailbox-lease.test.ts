import { Client } from 'pg';
import { acquireMailboxLease, createLeaseSession } from '../../server/jobs/mailbox-lease';
import { withTestDatabase } from '../store/test-databases';

describe('mailbox lease (PostgreSQL advisory lock)', () => {
  const database = withTestDatabase('postgres');
  const client = (name: string) => new Client({ connectionString: database.url, application_name: name });

  it('when one session holds a mailbox, then another cannot take it until it is released, and other mailboxes are free', async () => {
    const first = await acquireMailboxLease(client('lease-1'), 'mailbox-a');
    expect(first).toBeDefined();
    await expect(acquireMailboxLease(client('lease-2'), 'mailbox-a')).resolves.toBeUndefined();
    const other = await acquireMailboxLease(client('lease-3'), 'mailbox-b');
    expect(other).toBeDefined();
    await first?.release();
    await other?.release();
    const again = await acquireMailboxLease(client('lease-4'), 'mailbox-a');
    expect(again?.signal.aborted).toBe(false);
    await again?.release();
  });

  it('when the connection holding the lease dies, then its signal aborts and PostgreSQL frees the mailbox', async () => {
    const lease = await acquireMailboxLease(client('doomed-lease'), 'mailbox-c');
    expect(lease).toBeDefined();
    const admin = client('lease-admin');
    await admin.connect();
    try {
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'doomed-lease'",
      );
    } finally {
      await admin.end();
    }
    await new Promise<void>((resolve) => {
      if (lease?.signal.aborted) resolve();
      else lease?.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    expect(lease?.signal.aborted).toBe(true);
    const successor = await acquireMailboxLease(client('successor'), 'mailbox-c');
    expect(successor).toBeDefined();
    await successor?.release();
    // Releasing a lease whose connection died only closes the client: the lock is already gone.
    await expect(lease?.release()).resolves.toBeUndefined();
  });
});

describe('lease session: one connection for all the mailbox leases of a process', () => {
  const database = withTestDatabase('postgres');
  const session = (name: string) =>
    createLeaseSession(() => new Client({ connectionString: database.url, application_name: name }));
  const connectionsOf = async (name: string): Promise<number> => {
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      const result = await admin.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where application_name = $1',
        [name],
      );
      return Number(result.rows[0]?.n);
    } finally {
      await admin.end();
    }
  };

  it('when one process holds three mailboxes, then they share one connection and neither it nor another process can take them twice', async () => {
    const mine = session('session-mine');
    const theirs = session('session-theirs');
    try {
      const leases = await Promise.all(['s-1', 's-2', 's-3'].map((id) => mine.acquire(id)));
      expect(leases.every((lease) => lease !== undefined)).toBe(true);
      expect(await connectionsOf('session-mine')).toBe(1);
      // A session lock is re-entrant in PostgreSQL: the session itself refuses a mailbox it holds.
      await expect(mine.acquire('s-1')).resolves.toBeUndefined();
      await expect(theirs.acquire('s-2')).resolves.toBeUndefined();
      await leases[1]?.release();
      const taken = await theirs.acquire('s-2');
      expect(taken).toBeDefined();
      await taken?.release();
      await Promise.all([leases[0]?.release(), leases[2]?.release()]);
    } finally {
      await Promise.all([mine.close(), theirs.close()]);
    }
  });

  it('when the shared connection dies, then every lease on it aborts, the mailboxes are free, and the next acquire reconnects', async () => {
    const doomed = session('session-doomed');
    const other = session('session-other');
    try {
      const leases = await Promise.all(['d-1', 'd-2'].map((id) => doomed.acquire(id)));
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      try {
        await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'session-doomed'",
        );
      } finally {
        await admin.end();
      }
      await new Promise<void>((resolve) => {
        if (leases[0]?.signal.aborted) resolve();
        else leases[0]?.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      expect(leases.map((lease) => lease?.signal.aborted)).toEqual([true, true]);
      const successor = await other.acquire('d-1');
      expect(successor).toBeDefined();
      await successor?.release();
      await Promise.all(leases.map((lease) => lease?.release()));
      const again = await doomed.acquire('d-2');
      expect(again?.signal.aborted).toBe(false);
      await again?.release();
    } finally {
      await Promise.all([doomed.close(), other.close()]);
    }
  });
});
