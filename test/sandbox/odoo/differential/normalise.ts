/**
 * Turning an answer into something two servers can agree on: database ids become labels in order of first
 * appearance (the two servers number records differently), many2one pairs keep their label only, lists the servers
 * order differently are sorted, and what depends on the moment of the call is masked. checks.ts makes the calls.
 */
import type { Answer, Target } from './target';

export class Labels {
  private readonly names = new Map<string, string>();
  /** Names a record, so its label does not depend on the order a server lists it in. */
  name(label: string, id: number, model = 'res.partner'): void {
    this.names.set(`${model}:${id}`, label);
  }
  /** `#1`, `#2`, ... in order of first sight, or the label given for a known id. */
  of(id: unknown, model = 'res.partner'): string {
    if (id === false || id === null || id === undefined) return 'none';
    const many2one = Array.isArray(id) ? id[0] : id;
    const key = `${model}:${Number(many2one)}`;
    let label = this.names.get(key);
    if (!label) {
      label = `${model}#${this.names.size + 1}`;
      this.names.set(key, label);
    }
    return label;
  }
  /** Labels of a list of ids, sorted (servers list x2many ids in their own order). */
  list(ids: unknown, model = 'res.partner'): string[] {
    return Array.isArray(ids) ? ids.map((id) => this.of(id, model)).sort() : [`not a list: ${JSON.stringify(ids)}`];
  }
}

/** The labels of a target, with its administrator's user and partner named. */
export function labelsOf(t: Target): Labels {
  const labels = new Labels();
  labels.name('admin user', t.admin.uid, 'res.users');
  labels.name('admin partner', t.admin.partnerId);
  return labels;
}

/** An answer with the value passed through `shape`, errors as they are. */
export async function shaped(answer: Promise<Answer>, shape: (value: unknown) => unknown = (v) => v) {
  const got = await answer;
  return 'error' in got ? got : { ok: shape(got.ok) };
}

/** Rows with only `fields`; the fields named in `models` (field -> model) hold ids and are labelled. */
export function rows(value: unknown, labels: Labels, fields: string[], models: Record<string, string> = {}): unknown {
  if (!Array.isArray(value)) return { notRows: value };
  return (value as Record<string, unknown>[]).map((row) =>
    Object.fromEntries(
      fields.map((f) => {
        const model = models[f];
        if (!model) return [f, row[f]];
        return [
          f,
          Array.isArray(row[f]) && typeof row[f][1] !== 'string'
            ? labels.list(row[f], model)
            : labels.of(row[f], model),
        ];
      }),
    ),
  );
}

/** A dict's keys, sorted (values depend on the server's settings). */
export const sortedKeys = (value: unknown): string[] => Object.keys(value as object).sort();

/** Attendees as `<partner label>: <state>`, sorted (servers list them in their own order). */
export function attendeeStates(attendees: Array<{ partner_id: [number, string]; state: string }>, labels: Labels) {
  return attendees.map((a) => `${labels.of(a.partner_id)}: ${a.state}`).sort();
}

/** name_search's `[id, name]` pairs with the ids labelled. */
export function nameSearchPairs(value: unknown, labels: Labels): unknown {
  return (value as Array<[number, string]>).map(([id, name]) => [labels.of(id), name]);
}

export const RECURRENCE_FIELDS = [
  'name',
  'rrule',
  'rrule_type',
  'interval',
  'count',
  'end_type',
  'until',
  'month_by',
  'day',
  'byday',
  'weekday',
  'event_tz',
  ...['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
];

/** A series as observed: how many occurrences, the first six and the last start, and its rule row labelled. */
export function seriesObservation(occurrences: Array<{ start: string }>, ruleRows: unknown, labels: Labels) {
  const [rule] = rows(ruleRows, labels, RECURRENCE_FIELDS) as unknown[];
  return {
    count: occurrences.length,
    starts: occurrences.slice(0, 6).map((o) => o.start),
    last: occurrences.at(-1)?.start,
    rule,
  };
}

export const RETIMED_EVENT_FIELDS = ['id', 'name', 'start', 'stop', 'active', 'recurrence_id', 'follow_recurrence'];

/** A re-timed series' events in an order both servers give: the old events first (by label), then new ones by start. */
export function retimedOrder(all: Array<Record<string, unknown>>, oldIds: number[], labels: Labels) {
  const isOld = (e: Record<string, unknown>) => oldIds.includes(Number(e.id));
  return [...all].sort((a, b) =>
    isOld(a) !== isOld(b)
      ? isOld(a)
        ? -1
        : 1
      : isOld(a)
        ? labels.of(a.id, 'calendar.event').localeCompare(labels.of(b.id, 'calendar.event'))
        : String(a.start).localeCompare(String(b.start)),
  );
}

/**
 * The events (in retimedOrder) and recurrences of a re-timed series with every id labelled, and a rule's DTSTART
 * masked: Odoo serializes a rule made from its fields with dateutil's default start, the time of the write.
 */
export function retimedObservation(events: Array<Record<string, unknown>>, rules: unknown[], labels: Labels) {
  const labelled = rows(events, labels, RETIMED_EVENT_FIELDS, {
    id: 'calendar.event',
    recurrence_id: 'calendar.recurrence',
  });
  for (const r of rules as Array<{ rrule?: unknown }>)
    if (typeof r.rrule === 'string') r.rrule = r.rrule.replace(/^DTSTART:\d{8}T\d{6}\n/, 'DTSTART:(now)\n');
  return {
    events: labelled,
    recurrences: rows(rules, labels, ['id', 'base_event_id', ...RECURRENCE_FIELDS], {
      id: 'calendar.recurrence',
      base_event_id: 'calendar.event',
    }),
  };
}
