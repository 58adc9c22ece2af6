/** Pure mappers: a canonical event written to Odoo values and read back from the record Odoo would store is unchanged. */
import type { CanonicalEvent, EventTiming } from '../../../server/core/model';
import { EVENT_FIELDS } from '../../../server/core/model';
import { toImportRow, toOdooValues } from '../../../server/erp/odoo/from-canonical';
import { toCanonical, type EventContext } from '../../../server/erp/odoo/to-canonical';
import type { OdooAttendeeRead, OdooEventRead } from '../../../server/erp/odoo/wire-types';
import { timedEvent } from './helpers';

const ORGANIZER = { email: 'adele@contoso.example', name: 'Adele Vance' };
const PARTNERS: Record<string, number> = { 'adele@contoso.example': 3, 'alex@fabrikam.example': 7, 'zoë@例え.jp': 8 };

/** What Odoo stores for the values (the emulator's and Odoo's create would do the same), as search_read returns it. */
function stored(event: CanonicalEvent): { record: OdooEventRead; context: EventContext } {
  const refs = {
    partnerIds: [3, ...event.attendees.map((a) => PARTNERS[a.email] as number)],
    tagIds: event.categories.map((_, i) => 100 + i),
    alarmIds: event.reminderMinutes === null ? [] : [50],
    organizerUid: 2,
    linkModelId: event.erpLink ? 77 : null,
  };
  const v = toOdooValues(event, EVENT_FIELDS, refs);
  const allday = v.allday === true;
  const attendees = new Map<number, OdooAttendeeRead>(
    event.attendees.map((a, i) => [
      1000 + i,
      {
        id: 1000 + i,
        partner_id: [PARTNERS[a.email] as number, a.name ?? a.email],
        email: a.email,
        common_name: a.name ?? false,
        state: (
          {
            none: 'needsAction',
            organizer: 'accepted',
            accepted: 'accepted',
            tentative: 'tentative',
            declined: 'declined',
          } as const
        )[a.response],
      },
    ]),
  );
  const record: OdooEventRead = {
    id: 1,
    name: String(v.name),
    description: (v.description as string) || false,
    start: allday ? `${String(v.start_date)} 08:00:00` : String(v.start),
    stop: allday ? `${String(v.stop_date)} 18:00:00` : String(v.stop),
    allday,
    start_date: allday ? String(v.start_date) : false,
    stop_date: allday ? String(v.stop_date) : false,
    location: (v.location as string) || false,
    user_id: [2, ORGANIZER.name],
    partner_ids: refs.partnerIds,
    attendee_ids: [...attendees.keys()],
    privacy: v.privacy as OdooEventRead['privacy'],
    show_as: v.show_as as OdooEventRead['show_as'],
    active: true,
    categ_ids: refs.tagIds,
    alarm_ids: refs.alarmIds,
    recurrency: v.recurrency === true,
    recurrence_id: false,
    follow_recurrence: false,
    event_tz: (v.event_tz as string) || false,
    // Odoo derives res_model from res_model_id (ir.model 77 here).
    res_model: v.res_model_id === 77 && event.erpLink ? event.erpLink.model : false,
    res_id: (v.res_id as number) || false,
    write_date: '2026-03-02 09:00:00',
  };
  const context: EventContext = {
    attendees,
    tags: new Map(event.categories.map((name, i) => [100 + i, name])),
    alarms: new Map(event.reminderMinutes === null ? [] : [[50, event.reminderMinutes]]),
    organizer: ORGANIZER,
    organizerPartnerId: 3,
    fallbackZone: event.timing.kind === 'timed' ? event.timing.timeZone : 'UTC',
    reviewTag: 'Needs review',
    recurrence: event.recurrence,
  };
  return { record, context };
}

const allDay = (startDate: string, endDate: string): EventTiming => ({ kind: 'allDay', startDate, endDate });

const cases: Array<[string, CanonicalEvent]> = [
  [
    'a timed event with attendees, tag, reminder and link',
    timedEvent({ organizer: ORGANIZER, erpLink: { model: 'sale.order', id: '12' } }),
  ],
  [
    'a one-day all-day event (end exclusive)',
    timedEvent({ organizer: ORGANIZER, timing: allDay('2026-03-05', '2026-03-06'), showAs: 'free' }),
  ],
  ['a three-day all-day event', timedEvent({ organizer: ORGANIZER, timing: allDay('2026-03-05', '2026-03-08') })],
  [
    'HTML and unicode everywhere',
    timedEvent({
      organizer: ORGANIZER,
      title: 'Réunion 会議 🚀',
      bodyHtml: '<p>Ünïcödé <b>gras</b> &lt;tag&gt;</p><ul><li>élément</li></ul>',
      location: 'Zürich – Raum «Ost»',
      attendees: [{ email: 'zoë@例え.jp', name: 'Zoë 例え', role: 'required', response: 'tentative' }],
    }),
  ],
  [
    'private, no reminder, no categories',
    timedEvent({ organizer: ORGANIZER, sensitivity: 'private', reminderMinutes: null, categories: [], attendees: [] }),
  ],
  [
    'a weekly series with its zone',
    timedEvent({
      organizer: ORGANIZER,
      recurrence: {
        rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T000000Z',
        timeZone: 'America/New_York',
        exDates: [],
        modified: [],
      },
      timing: {
        kind: 'timed',
        start: '2026-03-02T14:00:00Z',
        end: '2026-03-02T15:00:00Z',
        timeZone: 'America/New_York',
      },
    }),
  ],
  [
    'attendee answers',
    timedEvent({
      organizer: ORGANIZER,
      attendees: [{ email: 'alex@fabrikam.example', name: 'Alex Wilber', role: 'required', response: 'declined' }],
    }),
  ],
];

describe('Odoo mappers round trip', () => {
  test.each(cases)('when %s goes to Odoo and back, then nothing is lost', (_name, event) => {
    const { record, context } = stored(event);
    expect(toCanonical(record, context)).toEqual(event);
  });

  test('when an all-day event is written, then Odoo gets its inclusive stop date', () => {
    const vals = toOdooValues(timedEvent({ timing: allDay('2026-03-05', '2026-03-08') }), ['timing'], {
      partnerIds: [],
      tagIds: [],
      alarmIds: [],
      organizerUid: null,
      linkModelId: null,
    });
    expect(vals).toEqual({ allday: true, start_date: '2026-03-05', stop_date: '2026-03-07' });
  });

  test('when a timed event is written, then Odoo gets naive UTC strings', () => {
    const vals = toOdooValues(timedEvent(), ['timing', 'showAs', 'sensitivity'], {
      partnerIds: [],
      tagIds: [],
      alarmIds: [],
      organizerUid: null,
      linkModelId: null,
    });
    expect(vals).toEqual({
      allday: false,
      start: '2026-03-05 13:00:00',
      stop: '2026-03-05 14:30:00',
      show_as: 'busy',
      privacy: 'public',
    });
  });

  test('when Odoo cannot hold a value, then the nearest one is written (tentative is busy, personal is private)', () => {
    const vals = toOdooValues(timedEvent({ showAs: 'tentative', sensitivity: 'personal' }), ['showAs', 'sensitivity'], {
      partnerIds: [],
      tagIds: [],
      alarmIds: [],
      organizerUid: null,
      linkModelId: null,
    });
    expect(vals).toEqual({ show_as: 'busy', privacy: 'private' });
  });

  test('when values become an import row, then relations use database ids and booleans 1/empty', () => {
    const row = toImportRow('outlook_erp_sync.k1', {
      name: 'A',
      allday: false,
      partner_ids: [[6, 0, [3, 7]]],
      user_id: 2,
      res_id: false,
    });
    expect(row).toEqual({
      columns: ['id', 'name', 'allday', 'partner_ids/.id', 'user_id/.id', 'res_id'],
      row: ['outlook_erp_sync.k1', 'A', '', '3,7', '2', ''],
    });
  });
});
