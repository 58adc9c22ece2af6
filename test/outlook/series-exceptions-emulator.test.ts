/**
 * Writing a series' exceptions against the emulator: a create that carries cancelled and modified occurrences
 * (across DST), an occurrences-only update that leaves the master (and its other exceptions) alone, and an
 * occurrence that is not in the series failing the operation with a clear message.
 */
import type { CanonicalEvent } from '../../server/core/model';
import type { OutlookCalendar, WriteOutcome } from '../../server/outlook';
import { berlinEvent, startOutlookHarness, type OutlookHarness } from './harness';

// DST starts in Berlin on 31 March 2030: 09:00 is 08:00Z before, 07:00Z from then on.
const window = { from: new Date('2030-03-20T00:00:00Z'), to: new Date('2030-04-20T00:00:00Z') };

let h: OutlookHarness;
let calendar: OutlookCalendar;
beforeAll(async () => {
  h = await startOutlookHarness();
  calendar = h.calendar;
});
afterAll(() => h.stop());

function idOf(outcome: WriteOutcome | undefined): string {
  if (!outcome?.ok || outcome.kind === 'deleted') throw new Error(`unexpected outcome ${JSON.stringify(outcome)}`);
  return outcome.id;
}

async function recurrenceOf(masterId: string) {
  const event = (await calendar.loadSeries([masterId], window)).get(masterId)!.event;
  if (!event.ok) throw new Error(event.error.message);
  return event.value.recurrence!;
}

describe('series exceptions written to Outlook', () => {
  const series: CanonicalEvent = berlinEvent('Daily', '2030-03-29T08:00:00Z', {
    recurrence: { rrule: 'FREQ=DAILY;COUNT=6', timeZone: 'Europe/Berlin', exDates: [], modified: [] },
  });
  const late = { ...berlinEvent('Daily (late)', '2030-04-01T08:00:00Z'), location: 'Room 2' };
  let masterId: string;

  it('when a series is created with a cancelled and a modified occurrence, then Outlook lists both after DST', async () => {
    const outcomes = await calendar.applyWrites([
      {
        kind: 'create',
        key: 'c',
        mappingId: 'map-exc',
        event: series,
        exceptions: {
          cancel: ['2030-03-31T07:00:00Z'],
          modify: [{ originalStart: '2030-04-01T07:00:00Z', event: late, fields: ['title', 'timing', 'location'] }],
        },
      },
    ]);
    masterId = idOf(outcomes[0]);
    const recurrence = await recurrenceOf(masterId);
    expect(recurrence.exDates).toEqual(['2030-03-31T07:00:00Z']);
    expect(recurrence.modified).toEqual([
      {
        originalStart: '2030-04-01T07:00:00Z',
        event: expect.objectContaining({ title: 'Daily (late)', location: 'Room 2', timing: late.timing }),
      },
    ]);
  });

  it('when only occurrences change, then only they are written and the earlier exception stays (the master is not rewritten)', async () => {
    const outcomes = await calendar.applyWrites([
      {
        kind: 'update',
        key: 'u',
        eventId: masterId,
        event: series,
        fields: [],
        exceptions: { cancel: ['2030-04-02T07:00:00Z', '2030-03-31T07:00:00Z'], modify: [] },
      },
    ]);
    expect(outcomes[0]).toMatchObject({ ok: true, kind: 'updated', id: masterId });
    const recurrence = await recurrenceOf(masterId);
    expect(recurrence.exDates).toEqual(['2030-03-31T07:00:00Z', '2030-04-02T07:00:00Z']);
    expect(recurrence.modified.map((m) => m.originalStart)).toEqual(['2030-04-01T07:00:00Z']);
  });

  it('when a modified occurrence is not in the series, then the operation fails and says which', async () => {
    const [outcome] = await calendar.applyWrites([
      {
        kind: 'update',
        key: 'x',
        eventId: masterId,
        event: series,
        fields: [],
        exceptions: {
          cancel: [],
          modify: [{ originalStart: '2030-04-10T07:00:00Z', event: late, fields: ['title'] }],
        },
      },
    ]);
    expect(outcome).toMatchObject({ ok: false, key: 'x' });
    expect(outcome!.ok === false && outcome!.message).toContain('2030-04-10T07:00:00Z');
  });
});
