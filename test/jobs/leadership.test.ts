/**
 * Scheduler leadership on PostgreSQL: of several processes (sessions) only one leads; when it releases or its
 * connection dies, another takes over at its next tick. Real advisory locks on the test server.
 */
import { Client } from 'pg';
import { postgresLeadership } from '../../server/jobs/leadership';
import { postgresAdminUrl } from '../store/test-databases';

describe('postgresLeadership', () => {
  it('when three processes ask, then exactly one leads; after it releases, another one does', async () => {
    const url = postgresAdminUrl();
    const candidates = [1, 2, 3].map((i) => postgresLeadership(url, `leadership-test-${i}`));
    try {
      const first = await Promise.all(candidates.map((c) => c.isLeader()));
      expect(first.filter(Boolean)).toHaveLength(1);
      // Asking again keeps the same leader (the lock is held, not re-raced).
      expect(await Promise.all(candidates.map((c) => c.isLeader()))).toEqual(first);
      const leader = candidates[first.indexOf(true)]!;
      await leader.release();
      const others = candidates.filter((c) => c !== leader);
      const next = await Promise.all(others.map((c) => c.isLeader()));
      expect(next.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(candidates.map((c) => c.release()));
    }
  });

  it("when the leader's connection is killed, then another process leads at its next tick", async () => {
    const url = postgresAdminUrl();
    const a = postgresLeadership(url, 'leadership-kill-a');
    const b = postgresLeadership(url, 'leadership-kill-b');
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      expect(await a.isLeader()).toBe(true);
      expect(await b.isLeader()).toBe(false);
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'leadership-kill-a'",
      );
      // The lock went with the session.
      for (let i = 0; i < 50 && !(await b.isLeader()); i += 1) await new Promise((r) => setTimeout(r, 20));
      expect(await b.isLeader()).toBe(true);
      expect(await a.isLeader()).toBe(false);
    } finally {
      await a.release();
      await b.release();
      await admin.end();
    }
  });
});
