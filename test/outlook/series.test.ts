import { toCanonicalSeries } from '../../server/outlook/series';
import type { GraphEvent } from '../../server/outlook/wire-types';

const window = { from: new Date('2025-03-27T00:00:00Z'), to: new Date('2025-04-03T00:00:00Z') };

function master(extra: Partial<GraphEvent> = {}): GraphEvent {
  return {
    id: 'M',
    type: 'seriesMaster',
    subject: 'Stand-up',
    start: { dateTime: '2025-03-27T08:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2025-03-27T08:15:00.0000000', timeZone: 'UTC' },
    originalStartTimeZone: 'W. Europe Standard Time',
    recurrence: {
      pattern: { type: 'daily', interval: 1 },
      range: { type: 'noEnd', startDate: '2025-03-27', recurrenceTimeZone: 'W. Europe Standard Time' },
    },
    ...extra,
  };
}

/** Occurrence at 09:00 Berlin on `date`; `utcHour` is 8 before 30 March (CET) and 7 after (CEST). */
function occurrence(date: string, utcHour: number, extra: Partial<GraphEvent> = {}): GraphEvent {
  const hh = String(utcHour).padStart(2, '0');
  return {
    id: `O-${date}`,
    type: 'occurrence',
    seriesMasterId: 'M',
    originalStart: `${date}T${hh}:00:00Z`,
    subject: 'Stand-up',
    start: { dateTime: `${date}T${hh}:00:00.0000000`, timeZone: 'UTC' },
    end: { dateTime: `${date}T${hh}:15:00.0000000`, timeZone: 'UTC' },
    originalStartTimeZone: 'W. Europe Standard Time',
    ...extra,
  };
}

describe('series from master and instances', () => {
  it('when an occurrence is missing and one moved, then they become an exDate and a modified occurrence across DST', () => {
    const instances = [
      occurrence('2025-03-27', 8),
      occurrence('2025-03-28', 8),
      occurrence('2025-03-29', 8),
      occurrence('2025-03-30', 7, {
        type: 'exception',
        subject: 'Stand-up (late)',
        start: { dateTime: '2025-03-30T08:00:00.0000000', timeZone: 'UTC' },
        end: { dateTime: '2025-03-30T08:30:00.0000000', timeZone: 'UTC' },
      }),
      // 2025-03-31 cancelled: not listed.
      occurrence('2025-04-01', 7),
      occurrence('2025-04-02', 7),
    ];
    const series = toCanonicalSeries(master(), instances, window);
    expect(series.ok).toBe(true);
    if (!series.ok) return;
    expect(series.value.recurrence).toEqual({
      rrule: 'FREQ=DAILY',
      timeZone: 'Europe/Berlin',
      exDates: ['2025-03-31T07:00:00Z'],
      modified: [
        {
          originalStart: '2025-03-30T07:00:00Z',
          event: expect.objectContaining({
            title: 'Stand-up (late)',
            timing: {
              kind: 'timed',
              start: '2025-03-30T08:00:00Z',
              end: '2025-03-30T08:30:00Z',
              timeZone: 'Europe/Berlin',
            },
          }),
        },
      ],
    });
  });

  it('when an all-day weekly series lost one week, then the exDate is a date', () => {
    const allDay = master({
      isAllDay: true,
      start: { dateTime: '2025-03-03T00:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2025-03-04T00:00:00.0000000', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
        range: {
          type: 'numbered',
          numberOfOccurrences: 4,
          startDate: '2025-03-03',
          recurrenceTimeZone: 'W. Europe Standard Time',
        },
      },
    });
    const monday = (date: string): GraphEvent => ({
      id: `O-${date}`,
      type: 'occurrence',
      isAllDay: true,
      originalStart: `${date}T00:00:00Z`,
      start: { dateTime: `${date}T00:00:00.0000000`, timeZone: 'UTC' },
      end: {
        dateTime: `${date}T00:00:00.0000000`.replace(/\d\dT/, (d) => `${String(+d.slice(0, 2) + 1).padStart(2, '0')}T`),
        timeZone: 'UTC',
      },
    });
    const series = toCanonicalSeries(allDay, [monday('2025-03-03'), monday('2025-03-17'), monday('2025-03-24')], {
      from: new Date('2025-03-01T00:00:00Z'),
      to: new Date('2025-04-30T00:00:00Z'),
    });
    expect(series.ok && series.value.recurrence).toEqual({
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
      timeZone: 'Europe/Berlin',
      exDates: ['2025-03-10'],
      modified: [],
    });
  });

  it('when the master has no recurrence, then the series fails as a value', () => {
    const result = toCanonicalSeries(master({ recurrence: null }), [], window);
    expect(result.ok || result.error.kind).toBe('invalid_event');
  });
});
