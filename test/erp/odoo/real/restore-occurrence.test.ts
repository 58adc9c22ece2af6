/**
 * Chaos c5 against real Odoo 19: an occurrence a person deleted or archived in Odoo comes back when the written series
 * keeps it (a copy of the base event at its times, a member of the recurrence), the other occurrences and their
 * exceptions untouched, and the series reads back the same on the next read.
 */
import type { CanonicalEvent } from '../../../../server/core/model';
import type { ErpPort, ErpUser } from '../../../../server/erp/port';
import { describeRealOdoo, HOOK_TIMEOUT_MS } from '../../../support/real-odoo';
import { timedEvent } from '../helpers';
import { seed } from './seed';

const naive = (iso: string) => iso.slice(0, 19).replace('T', ' ');

describeRealOdoo(
  'Odoo restores an occurrence deleted or archived there',
  ({ protocol, db, adapter: makeAdapter }) => {
    let adapter: ErpPort;
    let adele: ErpUser;
    beforeAll(async () => {
      await seed(db());
      adapter = makeAdapter();
      adele = (await adapter.findUser('adele@contoso.example')) as ErpUser;
    }, HOOK_TIMEOUT_MS);

    test('when the written series keeps occurrences deleted and archived in Odoo, then they come back as members and the rest is untouched', async () => {
      const series: CanonicalEvent = timedEvent({
        timing: { kind: 'timed', start: '2031-06-02T08:00:00Z', end: '2031-06-02T09:00:00Z', timeZone: 'Europe/Paris' },
        recurrence: { rrule: 'FREQ=DAILY;COUNT=5', timeZone: 'Europe/Paris', exDates: [], modified: [] },
      });
      const created = await adapter.createEvent(adele, series, `restore-${protocol}`, {
        quiet: true,
        needsReview: false,
      });
      const recurrenceId = Number(created.id.split(':')[1]);
      const other = '2031-06-03T08:00:00Z';
      const at = (start: string) => ({ ...created.event.timing, start, end: start.replace('T08', 'T09') });
      const renamed = { ...created.event, title: 'Renamed in Odoo', timing: at(other) };
      const withException = await adapter.updateEvent(
        created.id,
        {
          ...created.event,
          recurrence: { ...created.event.recurrence!, modified: [{ originalStart: other, event: renamed }] },
        },
        ['recurrence'],
        { quiet: true },
      );
      const rows = await db().call<Array<{ id: number; start: string }>>('calendar.event', 'search_read', {
        domain: [['recurrence_id', '=', recurrenceId]],
        fields: ['start'],
      });
      const idAt = (iso: string) => rows.find((r) => r.start === naive(iso))!.id;
      const x = '2031-06-04T08:00:00Z';
      const y = '2031-06-05T08:00:00Z';
      await db().call('calendar.event', 'unlink', { ids: [idAt(x)] });
      await db().call('calendar.event', 'write', { ids: [idAt(y)], vals: { active: false } });
      const lost = (await adapter.readEvents([created.id]))[0]!;
      expect(lost.event.recurrence!.exDates).toEqual([x, y]);

      const kept = withException.event.recurrence!;
      const titled = { ...created.event, title: 'Renamed in Outlook', timing: at(x) };
      const written = await adapter.updateEvent(
        created.id,
        {
          ...withException.event,
          recurrence: { ...kept, modified: [...kept.modified, { originalStart: x, event: titled }] },
        },
        ['recurrence'],
        { quiet: true, expectedVersion: lost.version },
      );
      expect(written.event.recurrence!.exDates).toEqual([]);
      expect(written.event.recurrence!.modified.map((m) => [m.originalStart, m.event.title])).toEqual([
        [other, 'Renamed in Odoo'],
        [x, 'Renamed in Outlook'],
      ]);
      const members = await db().call<Array<{ id: number }>>('calendar.event', 'search_read', {
        domain: [['recurrence_id', '=', recurrenceId]],
        fields: ['start'],
      });
      expect(members).toHaveLength(5);
      expect(members.map((m) => m.id)).toEqual(expect.arrayContaining([idAt(other), idAt(y)]));
      const [again] = await adapter.readEvents([created.id]);
      expect(again!.version).toBe(written.version);
    });
  },
  ['json2'],
);
