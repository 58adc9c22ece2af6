/**
 * Canonical RRULE <-> the form Odoo can hold. Odoo 19 keeps a rule as its own fields (calendar_recurrence.py
 * `_rrule_parse` / `_get_rrule`) and makes occurrences from those, not from the text (checked on the real server by
 * test/sandbox/odoo/differential):
 * - BYSETPOS has no field: `BYDAY=FR;BYSETPOS=-1` became every Friday. Odoo's monthly "nth weekday" is `BYDAY=-1FR`,
 *   so a monthly rule with one day and a set position is written that way, and read back into the canonical form.
 * - UNTIL keeps only its date, and the series ends at the end of that day in the event's zone. The canonical UNTIL
 *   of a timed series is an instant; its date in UTC is a day late for zones west of UTC when the series ends late
 *   in the day. So UNTIL is written as the date the instant has in the series' zone, and read back as the last
 *   second of that date there, which is what Odoo holds.
 * - A rule without COUNT or UNTIL stays so in the text; Odoo makes at most 720 occurrences of it.
 */
import { DAY_MS, utcToWall, wallToUtc } from '../../core';

type Parts = Array<[string, string]>;

function parts(rule: string): Parts {
  return rule
    .split(';')
    .filter((p) => p.trim() !== '')
    .map((p) => {
      const at = p.indexOf('=');
      return at < 0 ? [p.trim().toUpperCase(), ''] : [p.slice(0, at).trim().toUpperCase(), p.slice(at + 1).trim()];
    });
}

const text = (list: Parts): string => list.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(';');
const get = (list: Parts, name: string): string | undefined => list.find(([k]) => k === name)?.[1];
const compactDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');

/**
 * The rule as the adapter writes it to Odoo (RRULE part only). `start` is the series' first start (an instant;
 * timed series): its time of day decides whether the UNTIL day itself still has an occurrence.
 */
export function toOdooRule(rule: string, zone: string, allDay: boolean, start?: string): string {
  let list = parts(rule);
  const position = get(list, 'BYSETPOS');
  const days = get(list, 'BYDAY')?.split(',') ?? [];
  const [day] = days;
  if (get(list, 'FREQ') === 'MONTHLY' && position && days.length === 1 && day && /^[A-Z]{2}$/.test(day)) {
    list = list
      .filter(([k]) => k !== 'BYSETPOS')
      .map(([k, v]): [string, string] => (k === 'BYDAY' ? [k, `${position}${day}`] : [k, v]));
  }
  const until = get(list, 'UNTIL');
  const instant = until ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(until) : null;
  if (!allDay && instant) {
    // The pattern matched, so every group is present: the defaults only satisfy noUncheckedIndexedAccess.
    const [, y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = instant.map(Number);
    const local = utcToWall(Date.UTC(y, mo - 1, d, h, mi, s), zone);
    // Every rule Odoo holds repeats once a day at the series' wall time: an UNTIL earlier in its day than that time
    // ends the series the day before.
    const firstWall = start ? utcToWall(Date.parse(start), zone) : undefined;
    const early = firstWall !== undefined && local % DAY_MS < ((firstWall % DAY_MS) + DAY_MS) % DAY_MS;
    const lastDay = early ? local - DAY_MS : local;
    // Odoo keeps the date it reads in UTC: the local date, with the day's last second.
    list = list.map(([k, v]): [string, string] => (k === 'UNTIL' ? [k, `${compactDate(lastDay)}T235959Z`] : [k, v]));
  }
  return text(list);
}

/** What Odoo holds, as a canonical rule (RRULE part only): the inverse of `toOdooRule`. */
export function fromOdooRule(rule: string, zone: string, allDay: boolean): string {
  let list = parts(rule);
  const numbered = /^([+-]?\d)([A-Z]{2})$/.exec(get(list, 'BYDAY') ?? '');
  if (get(list, 'FREQ') === 'MONTHLY' && numbered && !get(list, 'BYSETPOS')) {
    const [, position, day] = numbered;
    const at = list.findIndex(([k]) => k === 'BYDAY');
    // Non-null: the pattern matched, so its day group is present.
    list = [...list.slice(0, at), ['BYDAY', day!], ['BYSETPOS', String(Number(position))], ...list.slice(at + 1)];
  }
  const until = /^(\d{4})(\d{2})(\d{2})/.exec(get(list, 'UNTIL') ?? '');
  if (until && !allDay) {
    // The pattern matched, so every group is present: the defaults only satisfy noUncheckedIndexedAccess.
    const [, y = 0, mo = 1, d = 1] = until.map(Number);
    const lastSecond = wallToUtc(Date.UTC(y, mo - 1, d) + DAY_MS - 1000, zone);
    const instant = new Date(lastSecond).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
    list = list.map(([k, v]): [string, string] => (k === 'UNTIL' ? [k, instant] : [k, v]));
  }
  return text(list);
}
