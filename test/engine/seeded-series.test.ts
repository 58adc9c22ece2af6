/**
 * Odoo's seeded weekly series spells its rule without BYDAY (and with INTERVAL=1); Graph answers it with BYDAY.
 * Core's rule normal form treats the two as one rule, so a second run writes nothing.
 */
import { patchInOutlook, startWorld, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w.stop());

it('when the seeded ERP series have been copied to Outlook, then an Outlook edit of one field writes only that field to the ERP', async () => {
  const first = await w.engine.syncMailbox(w.mailbox.id);
  expect(first.errors).toEqual([]);
  expect(first.applied.outlook.create ?? 0).toBeGreaterThan(0);
  const rows = await w.store.mappings.listByMailbox(w.mailbox.id);
  expect(rows.some((m) => m.base?.recurrence?.rrule.startsWith('FREQ=WEEKLY') === true)).toBe(true);

  const series = rows.find((m) => m.base?.recurrence)!;
  // The person edits the series in Outlook: Graph's copy (its rule spelled with BYDAY) is compared field by field.
  await patchInOutlook(w, series.outlookId!, { location: { displayName: 'Room 9' } });
  const second = await w.engine.syncMailbox(w.mailbox.id);

  expect(second.errors).toEqual([]);
  expect(second.applied).toEqual({ outlook: {}, erp: { update: 1 } });
  const audit = await w.store.audit.listByMapping(w.mailbox.id, series.id);
  expect(audit.filter((a) => a.runId === second.runId).map((a) => a.fields)).toEqual([['location']]);
});
