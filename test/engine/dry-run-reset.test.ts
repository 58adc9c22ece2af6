/** The dry run (reports, writes nothing anywhere) and Odoo-style resets (never duplicate, never mail). */
import {
  createInOutlook,
  erpEvent,
  erpTitles,
  mailLogs,
  outlookBody,
  outlookSubjects,
  removeSeededSeries,
  startWorld,
  type World,
} from './harness';

let w: World;
beforeAll(async () => {
  w = await startWorld();
  await removeSeededSeries(w);
});
afterAll(() => w.stop());

async function storeState(world: World) {
  const id = world.mailbox.id;
  return {
    mappings: await world.store.mappings.listByMailbox(id),
    cursors: await world.store.cursors.list(id),
    runs: await world.store.syncRuns.listRecent(id, 100),
    audit: await world.store.audit.listByMailbox(id, { limit: 1000 }),
  };
}

describe('dry run', () => {
  it('when a dry run is asked before the first sync, then it reports the creates and the mails that would be sent, and nothing changes anywhere', async () => {
    await createInOutlook(w, outlookBody('Dry one', 2));
    await w.erp.createEvent(w.adele, erpEvent('Dry two', 2), 'person-dry', { quiet: true, needsReview: false });
    const before = { store: await storeState(w), outlook: await outlookSubjects(w), erp: await erpTitles(w) };

    const report = await w.engine.dryRun(w.mailbox.id);

    expect(report.dryRun).toBe(true);
    expect(report.planned.createInErp).toBe(1);
    expect(report.planned.createInOutlook).toBe(before.erp.length);
    expect(report.invitations).toEqual({ outlook: 0, erp: 0 });
    expect(report.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'createInErp', title: 'Dry one' })]),
    );
    expect(await storeState(w)).toEqual(before.store);
    expect(await outlookSubjects(w)).toEqual(before.outlook);
    expect(await erpTitles(w)).toEqual(before.erp);
    expect(await mailLogs(w)).toEqual({ outlook: [], erp: [] });
  });

  it('when the attendee policy is full, then the dry run counts the invitations Outlook would send', async () => {
    await w.store.tenants.upsert({
      id: w.mailbox.tenantId,
      name: 'Contoso',
      authMode: 'delegated',
      policy: { attendees: 'full' },
    });
    const report = await w.engine.dryRun(w.mailbox.id);
    await w.store.tenants.upsert({ id: w.mailbox.tenantId, name: 'Contoso', authMode: 'delegated', policy: {} });
    // The seeded "Fabrikam kick-off" invites Alex: copying it into Outlook with attendees would invite him.
    expect(report.invitations.outlook).toBeGreaterThan(0);
  });
});

describe('reset', () => {
  beforeAll(async () => {
    const first = await w.engine.syncMailbox(w.mailbox.id);
    expect(first.errors).toEqual([]);
  });

  it('when reset leaves the events and syncs all again, then every event pairs with its copy and nothing is created', async () => {
    const before = { outlook: await outlookSubjects(w), erp: await erpTitles(w) };
    const paired = (await w.store.mappings.listByMailbox(w.mailbox.id)).length;

    const report = await w.engine.resetMailbox(w.mailbox.id, { existing: 'leave', then: 'all' });
    expect(report).toMatchObject({ mappingsRemoved: paired, deleted: { outlook: 0, erp: 0 } });
    expect(await w.store.cursors.list(w.mailbox.id)).toEqual([]);
    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.errors).toEqual([]);
    expect(summary.outlookFullRead).toBe('first');
    expect(summary.applied.outlook.create ?? 0).toBe(0);
    expect(summary.applied.erp.create ?? 0).toBe(0);
    expect(await outlookSubjects(w)).toEqual(before.outlook);
    expect(await erpTitles(w)).toEqual(before.erp);
    expect(await w.store.mappings.listByMailbox(w.mailbox.id)).toHaveLength(paired);
  });

  it('when reset leaves the events and syncs only new ones, then the next run writes nothing', async () => {
    await w.engine.resetMailbox(w.mailbox.id, { existing: 'leave', then: 'newOnly' });
    const summary = await w.engine.syncMailbox(w.mailbox.id);
    expect(summary.applied).toEqual({ outlook: {}, erp: {} });
    expect(summary.outlookFullRead).toBeNull();
  });

  it('when reset deletes both sides, then the synced events are gone from Outlook and Odoo and no one was mailed', async () => {
    await w.engine.resetMailbox(w.mailbox.id, { existing: 'leave', then: 'all' });
    await w.engine.syncMailbox(w.mailbox.id);
    const paired = await w.store.mappings.listByMailbox(w.mailbox.id);

    const report = await w.engine.resetMailbox(w.mailbox.id, { existing: 'deleteBoth', then: 'all' });

    expect(report.failures).toEqual([]);
    expect(report.deleted).toEqual({ outlook: paired.length, erp: paired.length });
    expect(await erpTitles(w)).toEqual([]);
    expect(await outlookSubjects(w)).not.toContain('Dry one');
    expect(await mailLogs(w)).toEqual({ outlook: [], erp: [] });
  });
});
