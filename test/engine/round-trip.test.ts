/**
 * The full cycle through both emulators over generated events (DST edges, all-day and multi-day, series, HTML and
 * unicode bodies): Outlook -> Odoo by a sync, Outlook copies deleted by a reset, Odoo -> Outlook by the next
 * sync; the recreated Outlook events must equal the originals. Writes test-artifacts/engine-summary.json.
 */
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  diffFields,
  EVENT_FIELDS,
  readView,
  representEvent,
  type CanonicalEvent,
  type EventField,
  type EventTiming,
  type SideCapabilities,
} from '../../server/core';
import { policyOf as enginePolicyOf } from '../../server/engine';
import { readOutlookByIds } from '../../server/engine/read-outlook';
import { exceptionsToWrite } from '../../server/engine/series-writes';
import type { UtcWindow } from '../../server/outlook';
import { honestSeries } from './round-trip-series';
import { eventArb } from '../core/arbitraries';
import { erpTitles, mailLogs, outlookEvents, removeSeededSeries, startWorld, type World } from './harness';

const CASES = 24;
const WINDOW = { kind: 'days', back: 1100, ahead: 200 } as const;
/**
 * Graph sets the organizer itself. Odoo keeps no zone for single events (its adapter writes event_tz for series
 * only), so zones are compared separately and counted in the summary as zoneOnlyDifferences.
 */
const COMPARED: EventField[] = EVENT_FIELDS.filter((f) => f !== 'organizer');

let w: World;
beforeAll(async () => {
  w = await startWorld({ window: WINDOW });
  // Generated events include private ones: Odoo lets only their owner write them, so Adele links her own key.
  await w.personKeys.link(w.adele.id, w.mailbox.id, w.odoo.users.adele.apiKey);
  await removeSeededSeries(w);
  await w.engine.resetMailbox(w.mailbox.id, { existing: 'deleteOutlook', then: 'all' });
});
afterAll(() => w.stop());

/**
 * A generated event as a person could create it in Outlook: no attendees (no mail), no ERP link; series keep their
 * generated cancelled and modified occurrences, placed on real occurrences (round-trip-series.ts).
 */
function creatable(event: CanonicalEvent, i: number, window: UtcWindow): CanonicalEvent {
  return honestSeries(
    {
      ...event,
      title: `RT${String(i).padStart(2, '0')} ${event.title}`.trim(),
      attendees: [],
      organizer: null,
      erpLink: null,
    },
    window,
  );
}

/** Zones compared apart: Odoo keeps none on single events nor on occurrences (the port's keepsTimeZone: false). */
function withoutZone(event: CanonicalEvent): CanonicalEvent {
  const utc = (t: EventTiming): EventTiming => (t.kind === 'timed' ? { ...t, timeZone: 'UTC' } : t);
  const recurrence = event.recurrence
    ? {
        ...event.recurrence,
        modified: event.recurrence.modified.map((m) => ({ ...m, event: { ...m.event, timing: utc(m.event.timing) } })),
      }
    : null;
  return { ...event, timing: utc(event.timing), recurrence };
}
/**
 * The cycle in its steps, one test each (they share the state below and run in order): a slow step is named by its
 * own test, and no single test carries the whole cycle's time.
 */
describe('Outlook -> Odoo -> Outlook', () => {
  const window = { from: new Date(Date.now() - 1100 * 86_400_000), to: new Date(Date.now() + 200 * 86_400_000) };
  const events = fc.sample(eventArb, { seed: 20261121, numRuns: CASES }).map((e, i) => creatable(e, i, window));
  const policy = enginePolicyOf({ window: WINDOW });
  const view = (e: CanonicalEvent) =>
    readView('outlook', e, policy, { fields: EVENT_FIELDS, keepsTimeZone: true }, null);
  let ids: string[] = [];
  let originals: Awaited<ReturnType<typeof readOutlookByIds>>;
  let toErp: Awaited<ReturnType<World['engine']['syncMailbox']>>;
  let back: Awaited<ReturnType<World['engine']['syncMailbox']>>;

  it(`when ${CASES} generated events are created in Outlook, then each is created`, async () => {
    const outlookSide = w.deps.outlook(w.mailbox);
    const created = await outlookSide.applyWrites(
      events.map((event, i) => ({
        kind: 'create',
        key: String(i),
        mappingId: `rt-${i}`,
        event,
        marks: { erpSync: true },
        ...(event.recurrence ? { exceptions: exceptionsToWrite(event, null, false) } : {}),
      })),
    );
    expect(created.filter((o) => !o.ok)).toEqual([]);
    ids = created.map((o) => (o.ok && o.kind !== 'deleted' ? o.id : ''));
    originals = await readOutlookByIds(outlookSide, ids, window);
    expect(originals.reads.size).toBe(CASES);
  }, 180_000);

  it('when the mailbox syncs, then every event reaches Odoo without an error', async () => {
    toErp = await w.engine.syncMailbox(w.mailbox.id);
    expect(toErp.errors).toEqual([]);
    expect(toErp.applied.erp.create ?? 0).toBeGreaterThanOrEqual(CASES);
  }, 180_000);

  it('when a reset deletes the Outlook copies and the next sync runs, then every event comes back from Odoo', async () => {
    await w.engine.resetMailbox(w.mailbox.id, { existing: 'deleteOutlook', then: 'all' });
    back = await w.engine.syncMailbox(w.mailbox.id);
    expect(back.errors).toEqual([]);
    expect(back.applied.outlook.create ?? 0).toBeGreaterThanOrEqual(CASES);
  }, 180_000);

  it('then the recreated Outlook events equal the originals and nothing is duplicated or mailed', async () => {
    expect(ids).toHaveLength(CASES);
    const outlookSide = w.deps.outlook(w.mailbox);
    // Odoo declares the values it holds only partly (showAs other than free/busy, "personal"): after a reset the
    // Outlook copies are rebuilt from Odoo alone, so they are compared through that declared projection.
    const erpCaps: SideCapabilities = { fields: w.erp.fields, keepsTimeZone: false, represent: w.erp.represent! };
    const asErpHolds = (e: CanonicalEvent) => representEvent(e, erpCaps);

    const rows = await w.store.mappings.listByMailbox(w.mailbox.id);
    const again = await readOutlookByIds(
      outlookSide,
      rows.map((m) => m.outlookId!),
      window,
    );
    const byTitle = new Map([...again.reads.values()].map((r) => [r.event.ok ? view(r.event.value).title : '', r]));
    const differences: Array<{ title: string; fields: EventField[] }> = [];
    const zoneOnly: string[] = [];
    const projected: string[] = [];
    for (const id of ids) {
      const original = originals.reads.get(id)!;
      if (!original.event.ok) throw new Error(original.event.error.message);
      const before = view(original.event.value);
      const copy = byTitle.get(before.title);
      if (!copy?.event.ok) {
        differences.push({ title: before.title, fields: ['title'] });
        continue;
      }
      const after = view(copy.event.value);
      if (diffFields(before, asErpHolds(before), ['showAs', 'sensitivity', 'recurrence']).length > 0)
        projected.push(before.title);
      const fields = diffFields(withoutZone(asErpHolds(before)), withoutZone(asErpHolds(after)), COMPARED);
      if (fields.length > 0) differences.push({ title: before.title, fields });
      else if (diffFields(before, after, ['timing']).length > 0) zoneOnly.push(before.title);
    }
    const titles = { outlook: (await outlookEvents(w)).map((e) => String(e.subject)), erp: await erpTitles(w) };
    const dup = (list: string[]) => list.length - new Set(list).size;
    const mails = await mailLogs(w);
    const figures = {
      roundTripCases: CASES,
      eventsSynced: (toErp.applied.erp.create ?? 0) + (back.applied.outlook.create ?? 0),
      roundTripped: byTitle.size === 0 ? 0 : ids.length - differences.filter((d) => d.fields.includes('title')).length,
      duplicates: dup(titles.erp) + dup(titles.outlook.filter((t) => t.startsWith('RT'))),
      quietModeMails: mails.outlook.length + mails.erp.length,
      differences: differences.length,
      seriesCases: events.filter((e) => e.recurrence).length,
      cancelledOccurrences: events.reduce((n, e) => n + (e.recurrence?.exDates.length ?? 0), 0),
      modifiedOccurrences: events.reduce((n, e) => n + (e.recurrence?.modified.length ?? 0), 0),
      zoneOnlyDifferences: zoneOnly.length,
      /** Events with a value Odoo holds only as its declared projection (tentative -> busy, personal -> private). */
      declaredProjections: projected.length,
      differenceDetails: differences,
    };
    mkdirSync(join(process.cwd(), 'test-artifacts'), { recursive: true });
    writeFileSync(
      join(process.cwd(), 'test-artifacts', 'engine-summary.json'),
      `${JSON.stringify(figures, null, 2)}\n`,
    );

    expect(differences).toEqual([]);
    expect(figures).toMatchObject({ roundTripped: CASES, duplicates: 0, quietModeMails: 0 });
    expect(figures.eventsSynced).toBeGreaterThanOrEqual(2 * CASES);
  }, 180_000);
});
