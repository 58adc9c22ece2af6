import { Client } from 'pg';
import { acquireMailboxLease } from '../../server/jobs/mailbox-lease';
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
