import type { HeldDeletions, Mailbox } from '../../server/store';
import { seedMailbox, steppingClock, withOpenStore } from './fixtures';
import { TEST_ENGINES } from './test-databases';

describe.each(TEST_ENGINES)('store (%s) mailbox conditions and admin actions', (engine) => {
  const handle = withOpenStore(engine, { now: steppingClock() });
  let mailbox: Mailbox;
  beforeEach(async () => {
    mailbox = await seedMailbox(handle.store);
  });

  const held: HeldDeletions = {
    side: 'outlook',
    held: [
      {
        mappingId: 'm-1',
        key: 'k-1',
        title: 'Réunion ✨',
        start: '2025-03-30T08:00:00.000Z',
        lostOn: 'outlook',
        wouldDelete: { side: 'erp', id: '17', how: 'delete' },
      },
    ],
  };

  test('when a condition is raised twice and cleared, then since stays, occurrences grow, and clear answers it', async () => {
    const { conditions } = handle.store;
    const first = await conditions.raise(mailbox.id, {
      kind: 'delete_guard',
      key: 'outlook',
      reason: 'Outlook lost 6 of 8',
      details: held,
    });
    expect(first).toMatchObject({
      kind: 'delete_guard',
      key: 'outlook',
      effect: 'limits',
      clearedBy: 'admin',
      occurrences: 1,
      details: held,
    });
    expect(first.action).toMatch(/confirm/i);
    const again = await conditions.raise(mailbox.id, {
      kind: 'delete_guard',
      key: 'outlook',
      reason: 'Outlook lost 7',
    });
    expect(again).toMatchObject({ since: first.since, occurrences: 2, reason: 'Outlook lost 7', details: null });
    expect(again.lastSeenAt > first.lastSeenAt).toBe(true);

    await conditions.raise(mailbox.id, { kind: 'paused', reason: 'Paused by admin@contoso.example' });
    expect((await conditions.list(mailbox.id)).map((c) => c.kind)).toEqual(['paused', 'delete_guard']);
    expect(await conditions.countMailboxesByKind()).toMatchObject({ delete_guard: 1, paused: 1 });

    await expect(conditions.clear(mailbox.id, 'delete_guard')).resolves.toBeUndefined();
    await expect(conditions.clear(mailbox.id, 'delete_guard', 'outlook')).resolves.toMatchObject({ occurrences: 2 });
    await expect(conditions.get(mailbox.id, 'delete_guard', 'outlook')).resolves.toBeUndefined();
    expect((await conditions.clearKind(mailbox.id, 'paused')).map((c) => c.kind)).toEqual(['paused']);
    await expect(conditions.list(mailbox.id)).resolves.toEqual([]);
    await expect(conditions.raise('no-such-mailbox', { kind: 'paused', reason: 'x' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  test('when a mailbox needs reconnecting, then it is a condition until it is connected again', async () => {
    const { mailboxes, conditions } = handle.store;
    await mailboxes.setStatus(mailbox.id, 'needs_reconnect', 'Consent was revoked.');
    await expect(conditions.get(mailbox.id, 'needs_reconnect')).resolves.toMatchObject({
      reason: 'Consent was revoked.',
      effect: 'stops',
      clearedBy: 'person',
    });
    await mailboxes.upsert({ ...mailbox, status: 'connected' });
    await expect(conditions.get(mailbox.id, 'needs_reconnect')).resolves.toBeUndefined();
  });

  test('when conditions are listed across mailboxes, then filters by kind and mailbox apply', async () => {
    const { conditions } = handle.store;
    const other = await seedMailbox(handle.store);
    await conditions.raise(mailbox.id, { kind: 'item_failures', reason: '2 events failed 3 runs in a row' });
    await conditions.raise(other.id, { kind: 'item_failures', reason: '1 event failed' });
    await conditions.raise(other.id, { kind: 'loop_breaker', key: 'mapping-9', reason: 'bounced 5 times' });
    const failing = await conditions.listAll({ kind: 'item_failures', mailboxIds: [mailbox.id, other.id] });
    expect(failing.map((c) => c.mailboxId).sort()).toEqual([mailbox.id, other.id].sort());
    expect(await conditions.listAll({ mailboxIds: [] })).toEqual([]);
    expect((await conditions.listAll({ mailboxIds: [other.id] })).map((c) => c.kind)).toEqual([
      'item_failures',
      'loop_breaker',
    ]);
  });

  test('when admin actions are appended, then search filters and pages them newest first', async () => {
    const { adminActions } = handle.store;
    const written = [];
    for (const action of ['tenant.policy.update', 'mailbox.pause', 'mailbox.resume', 'mailbox.pause']) {
      written.push(
        await adminActions.append({
          actor: 'admin@contoso.example',
          actorId: 'oid-1',
          action,
          tenantId: mailbox.tenantId,
          mailboxId: action.startsWith('mailbox') ? mailbox.id : null,
          outcome: 'ok',
          details: { note: 'ünïcode ✓' },
          requestId: 'r-1',
        }),
      );
    }
    const pauses = await adminActions.search({ action: 'mailbox.pause', mailboxId: mailbox.id });
    expect(pauses.map((a) => a.id)).toEqual([written[3]!.id, written[1]!.id]);
    expect(pauses[0]).toMatchObject({ details: { note: 'ünïcode ✓' }, outcome: 'ok' });
    const page = await adminActions.search({ tenantId: mailbox.tenantId, limit: 2 });
    expect(page.map((a) => a.action)).toEqual(['mailbox.pause', 'mailbox.resume']);
    const next = await adminActions.search({ tenantId: mailbox.tenantId, limit: 2, before: page[1]!.id });
    expect(next.map((a) => a.action)).toEqual(['mailbox.pause', 'tenant.policy.update']);
    const window = await adminActions.search({ from: written[1]!.at, to: written[3]!.at, tenantId: mailbox.tenantId });
    expect(window.map((a) => a.action)).toEqual(['mailbox.resume', 'mailbox.pause']);
  });
});
