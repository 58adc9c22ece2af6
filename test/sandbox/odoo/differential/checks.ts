/**
 * The calls of the differential suite: the calls the product's Odoo adapter makes (server/erp/odoo) and the error
 * cases of issue 12, each reduced to an observation that must be the same on the emulator and on real Odoo.
 * A check gets a fresh tag so the records it makes are its own on both servers.
 */
import {
  attendeeStates,
  labelsOf,
  nameSearchPairs,
  RECURRENCE_FIELDS,
  RETIMED_EVENT_FIELDS,
  retimedObservation,
  retimedOrder,
  rows,
  seriesObservation,
  shaped,
  sortedKeys,
} from './normalise';
import type { Protocol, Target } from './target';

export interface Check {
  name: string;
  /** Only on this protocol (default: both). */
  protocol?: Protocol;
  observe(t: Target, tag: string): Promise<unknown>;
}

const EVENT_FIELDS = ['name', 'start', 'stop', 'allday', 'duration', 'start_date', 'stop_date', 'privacy', 'show_as'];
/** Monday 3 March 2031, 09:00 UTC: a future day, so no server treats the event as past. */
const START = '2031-03-03 09:00:00';
const STOP = '2031-03-03 10:00:00';
const quiet = { no_mail_to_attendees: true };

const event = (tag: string, extra: Record<string, unknown> = {}) => ({
  name: `diff ${tag}`,
  start: START,
  stop: STOP,
  ...extra,
});

async function createEvent(t: Target, vals: Record<string, unknown>, context: Record<string, unknown> = quiet) {
  const [id] = await t.value<number[]>('calendar.event', 'create', { vals_list: [vals], context });
  return id as number;
}

async function partner(t: Target, name: string): Promise<number> {
  const [id] = await t.value<number[]>('res.partner', 'create', {
    vals_list: [{ name, email: `${name.replace(/\W/g, '.')}@fabrikam.example` }],
  });
  return id as number;
}

/** The occurrences of the series of `id`: starts (naive UTC) in order, and the recurrence row. */
async function series(t: Target, id: number) {
  const [base] = await t.value<Array<{ recurrence_id: [number, string] | false }>>('calendar.event', 'read', {
    ids: [id],
    fields: ['recurrence_id'],
  });
  const recurrence = base?.recurrence_id;
  if (!recurrence) return { recurrence: 'none' };
  const occurrences = await t.value<Array<{ start: string }>>('calendar.event', 'search_read', {
    domain: [['recurrence_id', '=', recurrence[0]]],
    fields: ['start'],
    order: 'start',
  });
  const rule = await t.value('calendar.recurrence', 'read', { ids: [recurrence[0]], fields: RECURRENCE_FIELDS });
  return seriesObservation(occurrences, rule, labelsOf(t));
}

async function recurringEvent(t: Target, tag: string, rrule: string, extra: Record<string, unknown> = {}) {
  const id = await createEvent(t, event(tag, { recurrency: true, rrule, event_tz: 'Europe/Brussels', ...extra }));
  return series(t, id);
}

/**
 * A weekly series of 4 (Mondays 09:00 UTC) with occurrence 2 renamed and occurrence 3 moved alone, then `vals`
 * written on occurrence `at` (0-based) with `mode`. Observed: every event of the tag, archived ones too, with the
 * old events and recurrence labelled, so a series remade with new records shows as new labels.
 */
async function retimedSeries(t: Target, tag: string, at: number, mode: string, vals: Record<string, unknown>) {
  const labels = labelsOf(t);
  const id = await createEvent(
    t,
    event(tag, { recurrency: true, rrule: 'FREQ=WEEKLY;INTERVAL=1;COUNT=4;BYDAY=MO', event_tz: 'Europe/Brussels' }),
  );
  const [base] = await t.value<Array<{ recurrence_id: [number, string] }>>('calendar.event', 'read', {
    ids: [id],
    fields: ['recurrence_id'],
  });
  labels.name('old series', base!.recurrence_id[0], 'calendar.recurrence');
  const old = await t.value<Array<{ id: number }>>('calendar.event', 'search_read', {
    domain: [['recurrence_id', '=', base!.recurrence_id[0]]],
    fields: ['id'],
    order: 'start',
  });
  old.forEach((e, i) => labels.name(`old ${i + 1}`, e.id, 'calendar.event'));
  const self = (i: number, v: Record<string, unknown>) =>
    t.value('calendar.event', 'write', {
      ids: [old[i]!.id],
      vals: { ...v, recurrence_update: 'self_only' },
      context: quiet,
    });
  await self(1, { name: `diff ${tag} renamed alone` });
  await self(2, { start: '2031-03-17 11:00:00', stop: '2031-03-17 12:00:00' });
  const written = await t.call('calendar.event', 'write', {
    ids: [old[at]!.id],
    vals: { ...vals, recurrence_update: mode },
    context: quiet,
  });
  const found = await t.value<Array<Record<string, unknown>>>('calendar.event', 'search_read', {
    domain: [['name', 'like', `diff ${tag}`]],
    fields: RETIMED_EVENT_FIELDS,
    context: { active_test: false },
  });
  const all = retimedOrder(
    found,
    old.map((e) => e.id),
    labels,
  );
  const recurrences = [
    ...new Set(
      all
        .map((e) => e.recurrence_id)
        .filter(Array.isArray)
        .map((r) => r[0] as number),
    ),
  ];
  const rules = await t.value<unknown[]>('calendar.recurrence', 'read', {
    ids: recurrences,
    fields: ['id', 'base_event_id', ...RECURRENCE_FIELDS],
  });
  return { written: 'error' in written ? written : 'ok', ...retimedObservation(all, rules, labels) };
}

export const CHECKS: Check[] = [
  {
    name: 'context_get',
    observe: async (t) => shaped(t.call('res.users', 'context_get'), sortedKeys),
  },
  {
    name: 'unknown model',
    observe: (t) => t.call('no.such.model', 'search', { domain: [] }),
  },
  {
    name: 'unknown method',
    observe: (t) => t.call('calendar.event', 'no_such_method', {}),
  },
  {
    name: 'private method',
    observe: (t) => t.call('calendar.event', '_compute_display_name', {}),
  },
  {
    name: 'unexpected keyword',
    observe: (t) =>
      shaped(
        t.call('calendar.event', 'search_read', { domain: [], fields: ['name'], limit: 1, no_such_argument: 1 }),
        (v) => (Array.isArray(v) ? 'rows' : v),
      ),
  },
  {
    name: 'invalid field read',
    observe: (t) => t.call('calendar.event', 'search_read', { domain: [], fields: ['no_such_field'], limit: 1 }),
  },
  {
    name: 'invalid field in domain',
    observe: (t) => t.call('calendar.event', 'search', { domain: [['no_such_field', '=', 1]] }),
  },
  {
    name: 'invalid field on create',
    observe: (t, tag) => t.call('calendar.event', 'create', { vals_list: [event(tag, { no_such_field: 1 })] }),
  },
  {
    // The pane's `personCompanies` (server/erp/odoo/acting-person.ts) relies on both: a company the administrator
    // makes is theirs, and allowed_company_ids outside the caller's companies is refused, not ignored.
    name: 'a new company joins its maker; allowed_company_ids outside their companies is refused',
    observe: async (t, tag) => {
      const [company] = await t.value<number[]>('res.company', 'create', { vals_list: [{ name: `Company ${tag}` }] });
      const [admin] = await t.value<Array<{ company_ids: number[] }>>('res.users', 'read', {
        ids: [t.admin.uid],
        fields: ['company_ids'],
      });
      const inside = await t.call('res.partner', 'search_count', {
        domain: [['id', '=', 0]],
        context: { allowed_company_ids: [company] },
      });
      const outside = await t.call('res.partner', 'search_count', {
        domain: [['id', '=', 0]],
        context: { allowed_company_ids: [987654] },
      });
      return { joined: admin?.company_ids.includes(company as number), inside, outside };
    },
  },
  {
    name: 'wrong API key',
    observe: (t) => t.call('res.users', 'context_get', {}, 'not-a-key-0000000000000000000000000000'),
  },
  {
    name: 'read of a missing id',
    observe: (t) => t.call('calendar.event', 'read', { ids: [987654], fields: ['name'] }),
  },
  {
    name: 'write of a missing id',
    observe: (t) => t.call('calendar.event', 'write', { ids: [987654], vals: { name: 'x' } }),
  },
  {
    name: 'unlink of a missing id',
    observe: (t) => t.call('calendar.event', 'unlink', { ids: [987654] }),
  },
  {
    name: 'create and read an event',
    observe: async (t, tag) => {
      const labels = labelsOf(t);
      const id = await createEvent(t, event(tag));
      return shaped(t.call('calendar.event', 'read', { ids: [id], fields: [...EVENT_FIELDS, 'user_id'] }), (v) =>
        rows(v, labels, [...EVENT_FIELDS, 'user_id'], { user_id: 'res.users' }),
      );
    },
  },
  {
    name: 'ids of a list create in order',
    observe: async (t, tag) => {
      const ids = await t.value<number[]>('calendar.event', 'create', {
        vals_list: [1, 2, 3].map((n) => event(`${tag} ${n}`)),
        context: quiet,
      });
      const names = await t.value<Array<{ id: number; name: string }>>('calendar.event', 'read', {
        ids,
        fields: ['name'],
      });
      return { ascending: ids.every((id, i) => i === 0 || id > ids[i - 1]!), names: names.map((r) => r.name) };
    },
  },
  {
    name: 'caller added as attendee on create',
    observe: async (t, tag) => {
      const labels = labelsOf(t);
      const id = await createEvent(t, event(tag));
      return shaped(t.call('calendar.event', 'read', { ids: [id], fields: ['partner_ids'] }), (v) =>
        rows(v, labels, ['partner_ids'], { partner_ids: 'res.partner' }),
      );
    },
  },
  {
    name: 'attendee states on create',
    observe: async (t, tag) => {
      const labels = labelsOf(t);
      const guest = await partner(t, `guest ${tag}`);
      labels.name('guest', guest);
      const id = await createEvent(t, event(tag, { partner_ids: [[6, 0, [t.admin.partnerId, guest]]] }));
      const attendees = await t.value<Array<{ partner_id: [number, string]; state: string }>>(
        'calendar.attendee',
        'search_read',
        { domain: [['event_id', '=', id]], fields: ['partner_id', 'state'] },
      );
      return attendeeStates(attendees, labels);
    },
  },
  {
    name: 'attendee added by write',
    observe: async (t, tag) => {
      const labels = labelsOf(t);
      const guest = await partner(t, `late ${tag}`);
      labels.name('late guest', guest);
      const id = await createEvent(t, event(tag, { partner_ids: [[6, 0, [t.admin.partnerId]]] }));
      await t.value('calendar.event', 'write', { ids: [id], vals: { partner_ids: [[4, guest]] }, context: quiet });
      const attendees = await t.value<Array<{ partner_id: [number, string]; state: string }>>(
        'calendar.attendee',
        'search_read',
        { domain: [['event_id', '=', id]], fields: ['partner_id', 'state'] },
      );
      return attendeeStates(attendees, labels);
    },
  },
  {
    name: 'all-day event from dates',
    observe: async (t, tag) => {
      const answer = await t.call('calendar.event', 'create', {
        vals_list: [{ name: `diff ${tag}`, allday: true, start_date: '2031-03-04', stop_date: '2031-03-05' }],
        context: quiet,
      });
      if ('error' in answer) return answer;
      return rows(
        await t.value('calendar.event', 'read', { ids: answer.ok, fields: EVENT_FIELDS }),
        labelsOf(t),
        EVENT_FIELDS,
      );
    },
  },
  {
    name: 'start_date alone',
    observe: async (t, tag) => {
      const answer = await t.call('calendar.event', 'create', {
        vals_list: [{ name: `diff ${tag}`, start_date: '2031-03-04', stop_date: '2031-03-04' }],
        context: quiet,
      });
      if ('error' in answer) return answer;
      const fields = ['allday', 'start_date', 'stop_date', 'duration'];
      return rows(await t.value('calendar.event', 'read', { ids: answer.ok, fields }), labelsOf(t), fields);
    },
  },
  {
    name: 'stop before start',
    observe: (t, tag) =>
      t.call('calendar.event', 'create', { vals_list: [event(tag, { stop: '2031-03-03 08:00:00' })], context: quiet }),
  },
  {
    name: 'event_tz on a single event',
    observe: async (t, tag) => {
      const id = await createEvent(t, event(tag, { event_tz: 'America/New_York' }));
      return rows(await t.value('calendar.event', 'read', { ids: [id], fields: ['event_tz'] }), labelsOf(t), [
        'event_tz',
      ]);
    },
  },
  {
    name: 'link through res_model_id and res_id',
    observe: async (t, tag) => {
      const labels = labelsOf(t);
      const customer = await partner(t, `customer ${tag}`);
      labels.name('customer', customer);
      const [model] = await t.value<number[]>('ir.model', 'search', { domain: [['model', '=', 'res.partner']] });
      const id = await createEvent(t, event(tag, { res_model_id: model, res_id: customer }));
      const [row] = await t.value<Array<{ res_model: string; res_id: number }>>('calendar.event', 'read', {
        ids: [id],
        fields: ['res_model', 'res_id'],
      });
      return { res_model: row?.res_model, res_id: labels.of(row?.res_id) };
    },
  },
  {
    name: 'write to read-only res_model',
    observe: async (t, tag) => {
      const id = await createEvent(t, event(tag));
      const answer = await t.call('calendar.event', 'write', { ids: [id], vals: { res_model: 'res.partner' } });
      const after = await t.value('calendar.event', 'read', { ids: [id], fields: ['res_model'] });
      return { answer, after: rows(after, labelsOf(t), ['res_model']) };
    },
  },
  {
    name: 'search_read order, offset, limit',
    observe: async (t, tag) => {
      await t.value('calendar.event', 'create', {
        vals_list: [3, 1, 2].map((n) =>
          event(`${tag} ${n}`, { start: `2031-03-0${n + 3} 09:00:00`, stop: `2031-03-0${n + 3} 10:00:00` }),
        ),
        context: quiet,
      });
      const domain = [['name', '=like', `diff ${tag} %`]];
      const ordered = await t.value<Array<{ name: string }>>('calendar.event', 'search_read', {
        domain,
        fields: ['name'],
        order: 'start desc',
        offset: 1,
        limit: 2,
      });
      const count = await t.value('calendar.event', 'search_count', { domain });
      return { names: ordered.map((r) => r.name), count };
    },
  },
  {
    name: 'archived events and active_test',
    observe: async (t, tag) => {
      const id = await createEvent(t, event(tag));
      await t.value('calendar.event', 'write', { ids: [id], vals: { active: false }, context: quiet });
      const domain = [['name', '=', `diff ${tag}`]];
      return {
        default: await t.value('calendar.event', 'search_count', { domain }),
        all: await t.value('calendar.event', 'search_count', { domain, context: { active_test: false } }),
      };
    },
  },
  {
    name: 'read after unlink',
    observe: async (t, tag) => {
      const id = await createEvent(t, event(tag));
      await t.value('calendar.event', 'unlink', { ids: [id], context: quiet });
      return t.call('calendar.event', 'read', { ids: [id], fields: ['name'] });
    },
  },
  {
    name: 'name_search on partners',
    observe: async (t, tag) => {
      const labels = labelsOf(t);
      labels.name('found', await partner(t, `Findable ${tag}`));
      return shaped(t.call('res.partner', 'name_search', { name: `Findable ${tag}`, limit: 5 }), (v) =>
        nameSearchPairs(v, labels),
      );
    },
  },
  {
    name: 'load with an external id',
    observe: async (t, tag) => {
      const xmlid = `__sync__.diff_${tag.replace(/\W/g, '_')}`;
      const fields = ['id', 'name', 'start', 'stop'];
      const first = await t.value<{ ids: number[] }>('calendar.event', 'load', {
        fields,
        data: [[xmlid, `diff ${tag}`, START, STOP]],
        context: quiet,
      });
      const again = await t.value<{ ids: number[] }>('calendar.event', 'load', {
        fields,
        data: [[xmlid, `diff ${tag} renamed`, START, STOP]],
        context: quiet,
      });
      return {
        keys: Object.keys(first).sort(),
        sameRecord: first.ids[0] === again.ids[0],
        count: await t.value('calendar.event', 'search_count', { domain: [['name', 'like', `diff ${tag}`]] }),
      };
    },
  },
  {
    name: 'default_get with default_res_model',
    observe: async (t) => {
      const [model] = await t.value<number[]>('ir.model', 'search', { domain: [['model', '=', 'res.partner']] });
      const got = await t.value<{ res_model_id?: number }>('calendar.event', 'default_get', {
        fields: ['res_model_id'],
        context: { default_res_model: 'res.partner' },
      });
      return { linked: got.res_model_id === model };
    },
  },
  {
    name: 'has_group',
    observe: (t) => t.call('res.users', 'has_group', { ids: [t.admin.uid], group_ext_id: 'base.group_user' }),
  },
  {
    name: 'fields_get read-only and stored flags',
    observe: (t) =>
      shaped(
        t.call('calendar.event', 'fields_get', {
          allfields: ['res_model', 'res_model_id', 'res_id', 'partner_ids', 'event_tz', 'duration', 'rrule'],
          attributes: ['type', 'readonly', 'relation'],
        }),
      ),
  },
  {
    name: 'weekly series with a count',
    observe: (t, tag) => recurringEvent(t, tag, 'FREQ=WEEKLY;INTERVAL=1;COUNT=3;BYDAY=MO'),
  },
  {
    name: 'daily series until a date',
    observe: (t, tag) => recurringEvent(t, tag, 'FREQ=DAILY;INTERVAL=1;UNTIL=20310306T225959Z'),
  },
  {
    name: 'monthly series on the last Friday (BYSETPOS)',
    observe: (t, tag) =>
      recurringEvent(t, tag, 'FREQ=MONTHLY;INTERVAL=1;COUNT=3;BYDAY=FR;BYSETPOS=-1', {
        start: '2031-03-28 09:00:00',
        stop: '2031-03-28 10:00:00',
      }),
  },
  {
    name: 'monthly series on the last Friday (Odoo form)',
    observe: (t, tag) =>
      recurringEvent(t, tag, 'FREQ=MONTHLY;INTERVAL=1;COUNT=3;BYDAY=-1FR', {
        start: '2031-03-28 09:00:00',
        stop: '2031-03-28 10:00:00',
      }),
  },
  {
    name: 'rule written with its DTSTART',
    observe: (t, tag) => recurringEvent(t, tag, 'DTSTART:20310303T090000Z\nRRULE:FREQ=WEEKLY;COUNT=2;BYDAY=MO'),
  },
  {
    name: 'relative monthly with an interval (Odoo form)',
    observe: (t, tag) => recurringEvent(t, tag, 'FREQ=MONTHLY;INTERVAL=2;COUNT=4;BYDAY=1MO'),
  },
  {
    name: 'until for a zone west of UTC',
    observe: (t, tag) =>
      recurringEvent(t, tag, 'FREQ=DAILY;UNTIL=20310306T010000Z', {
        start: '2031-03-03 01:00:00',
        stop: '2031-03-03 02:00:00',
        event_tz: 'America/New_York',
      }),
  },
  {
    name: 'never-ending weekly series',
    observe: (t, tag) => recurringEvent(t, tag, 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO'),
  },
  {
    name: 'rename all events of a series',
    observe: async (t, tag) => {
      const id = await createEvent(
        t,
        event(tag, { recurrency: true, rrule: 'FREQ=DAILY;INTERVAL=1;COUNT=3', event_tz: 'Europe/Brussels' }),
      );
      await t.value('calendar.event', 'write', {
        ids: [id],
        vals: { name: `diff ${tag} renamed`, recurrence_update: 'all_events' },
        context: quiet,
      });
      const all = await t.value<Array<{ name: string }>>('calendar.event', 'search_read', {
        domain: [['name', 'like', `diff ${tag}`]],
        fields: ['name'],
      });
      return all.map((r) => r.name).sort();
    },
  },
  {
    // Odoo 19's "Private events" record rule and _fetch_query mask: the product's private-events routing relies on
    // both (server/erp/odoo/private-events.ts), the engine's emulator suites too.
    name: "another user's private event: masked on read, refused on write, unlink and create",
    observe: async (t, tag) => {
      const made = await t.call('res.users', 'create', {
        vals_list: [{ name: `Owner ${tag}`, login: `owner.${tag}@contoso.example`, partner_id: await partner(t, tag) }],
      });
      if ('error' in made) return { made };
      const owner = (made.ok as number[])[0];
      const vals = (partners: number[]) =>
        event(tag, {
          privacy: 'private',
          description: '<p>secret</p>',
          user_id: owner,
          partner_ids: [[6, 0, partners]],
        });
      const alone = await t.call('calendar.event', 'create', { vals_list: [vals([])], context: quiet });
      // Made public (allowed), then made private: from then on the rule and the mask apply to the administrator.
      const id = await createEvent(t, { ...vals([]), privacy: 'public' });
      await t.value('calendar.event', 'write', { ids: [id], vals: { privacy: 'private' }, context: quiet });
      const [read] = await t.value<Array<Record<string, unknown>>>('calendar.event', 'read', {
        ids: [id],
        fields: ['name', 'description', 'partner_ids', 'privacy', 'start', 'write_date'],
      });
      const write = await t.call('calendar.event', 'write', { ids: [id], vals: { name: 'x' }, context: quiet });
      const unlink = await t.call('calendar.event', 'unlink', { ids: [id] });
      return { alone: 'error' in alone ? alone : 'created', read: { ...read, id: undefined }, write, unlink };
    },
  },
  {
    name: 'series re-timed with all_events from an occurrence, one occurrence moved and one renamed',
    observe: (t, tag) =>
      retimedSeries(t, tag, 3, 'all_events', { start: '2031-03-24 10:00:00', stop: '2031-03-24 11:30:00' }),
  },
  {
    name: 'series re-timed with all_events and its rule rewritten',
    observe: (t, tag) =>
      retimedSeries(t, tag, 0, 'all_events', {
        start: '2031-03-03 10:00:00',
        stop: '2031-03-03 11:00:00',
        rrule: 'DTSTART:20310303T100000Z\nRRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=3;BYDAY=MO',
        event_tz: 'Europe/Brussels',
      }),
  },
  {
    name: 'series rule rewritten with all_events, times unchanged',
    observe: (t, tag) => retimedSeries(t, tag, 0, 'all_events', { rrule: 'FREQ=WEEKLY;INTERVAL=1;COUNT=5;BYDAY=MO' }),
  },
  {
    name: 'series renamed with all_events, one occurrence moved and one renamed',
    observe: (t, tag) => retimedSeries(t, tag, 3, 'all_events', { name: `diff ${tag} all` }),
  },
  {
    name: 'series re-timed with future_events from the second occurrence',
    observe: (t, tag) =>
      retimedSeries(t, tag, 1, 'future_events', { start: '2031-03-10 10:00:00', stop: '2031-03-10 11:00:00' }),
  },
  {
    name: 'series renamed with future_events from the second occurrence',
    observe: (t, tag) => retimedSeries(t, tag, 1, 'future_events', { name: `diff ${tag} later` }),
  },
  {
    name: 'series re-timed with future_events from its base',
    observe: (t, tag) =>
      retimedSeries(t, tag, 0, 'future_events', { start: '2031-03-03 08:00:00', stop: '2031-03-03 09:00:00' }),
  },
];
