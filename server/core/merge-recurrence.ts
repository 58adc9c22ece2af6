/**
 * Three-way merge of a series' recurrence when both sides changed it: the rule and zone, each cancelled occurrence
 * and each modified occurrence field by field, as Exchange and Odoo keep them (one occurrence per original start).
 * Two people cancelling different occurrences, or one cancelling while the other renames another, is no clash.
 * Answers null when the same part changed differently (a real conflict), or when the series itself moved on either
 * side (original starts then mean other occurrences). Outlook cannot bring back an occurrence cancelled there, so
 * whatever a merge or a person's choice keeps, an occurrence Outlook cancelled stays cancelled. Pure.
 */
import { canonicalJson } from './fingerprint';
import type { CanonicalEvent, EventTiming, ModifiedOccurrence, OccurrenceFields, Recurrence } from './model';
import { OCCURRENCE_FIELDS } from './model';
import {
  normalizeEvent,
  normalizeInstant,
  normalizeOccurrence,
  normalizeRecurrence,
  normalizeTiming,
} from './normalize';
import { copyField } from './diff';

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** Both sides moved one value away from the base, to different values. */
const clashes = (base: unknown, a: unknown, b: unknown) => !same(a, base) && !same(b, base) && !same(a, b);

/** An occurrence edited on both sides: field by field; null when one field changed differently. */
function mergeOccurrence(
  base: OccurrenceFields,
  a: OccurrenceFields,
  b: OccurrenceFields,
  rawA: OccurrenceFields,
  rawB: OccurrenceFields,
): OccurrenceFields | null {
  const out: OccurrenceFields = { ...rawA };
  for (const f of OCCURRENCE_FIELDS) {
    if (clashes(base[f], a[f], b[f])) return null;
    if (same(a[f], base[f])) copyField(out, rawB, f);
  }
  return out;
}

type Occ = { normal: ModifiedOccurrence; raw: ModifiedOccurrence };

function byStart(normal: Recurrence, raw: Recurrence): Map<string, Occ> {
  // normalizeRecurrence sorts; pair each normal occurrence with its raw one through the normalised original start.
  const rawByStart = new Map(
    raw.modified.map((m) => [
      // Non-null: a recurrence of one modified occurrence normalises to one (normalizeRecurrence drops none).
      normalizeRecurrence({ ...raw, exDates: [], modified: [m] }).modified[0]!.originalStart,
      m,
    ]),
  );
  // Non-null: `normal` is `raw` normalised, so each of its original starts is a key of rawByStart.
  return new Map(normal.modified.map((m) => [m.originalStart, { normal: m, raw: rawByStart.get(m.originalStart)! }]));
}

/** The fields of the occurrence at `start` of a (normalised) series, as its rule makes it. */
function plainAt(series: CanonicalEvent, start: string): OccurrenceFields {
  const t = series.timing;
  const timing: EventTiming =
    t.kind === 'allDay'
      ? {
          kind: 'allDay',
          startDate: start,
          endDate: new Date(Date.parse(`${start}T00:00:00Z`) + Date.parse(t.endDate) - Date.parse(t.startDate))
            .toISOString()
            .slice(0, 10),
        }
      : {
          kind: 'timed',
          start,
          end: new Date(Date.parse(start) + Date.parse(t.end) - Date.parse(t.start))
            .toISOString()
            .replace('.000Z', 'Z'),
          timeZone: t.timeZone,
        };
  const { title, bodyHtml, location, attendees, showAs, sensitivity, categories, reminderMinutes } = series;
  return normalizeOccurrence({
    title,
    bodyHtml,
    timing,
    location,
    attendees,
    showAs,
    sensitivity,
    categories,
    reminderMinutes,
  });
}

/** Per original start: cancelled, modified (with its fields) or as the rule makes it. */
type OccurrenceState = { kind: 'cancelled' } | { kind: 'modified'; occ: Occ } | { kind: 'plain' };

function stateAt(start: string, exDates: Set<string>, modified: Map<string, Occ>): OccurrenceState {
  if (exDates.has(start)) return { kind: 'cancelled' };
  const occ = modified.get(start);
  return occ ? { kind: 'modified', occ } : { kind: 'plain' };
}

const stateKey = (s: OccurrenceState) => (s.kind === 'modified' ? canonicalJson(s.occ.normal.event) : s.kind);

/**
 * The merged recurrence of `a` and `b` (both changed `recurrence` since `base`), or null when they clash. The rule
 * and zone must be the base's on both sides; each occurrence takes the side that changed it (cancelled, modified or
 * restored), one edited on both sides merges field by field; cancelled on one side and edited on the other clashes.
 */
export function mergeRecurrence(base: CanonicalEvent, a: CanonicalEvent, b: CanonicalEvent): Recurrence | null {
  if (base.recurrence === null || a.recurrence === null || b.recurrence === null) return null;
  const nBase = normalizeEvent(base);
  const nA = normalizeEvent(a);
  const nB = normalizeEvent(b);
  // A moved series (or one whose rule changed) re-keys its occurrences: merging by original start would mix them.
  if (!same(nA.timing, nBase.timing) || !same(nB.timing, nBase.timing)) return null;
  const rb = nBase.recurrence;
  const ra = nA.recurrence;
  const rB = nB.recurrence;
  if (rb === null || ra === null || rB === null) return null; // normalising keeps a recurrence: never taken
  if (ra.rrule !== rb.rrule || rB.rrule !== rb.rrule || ra.timeZone !== rb.timeZone || rB.timeZone !== rb.timeZone) {
    return null;
  }
  const exBase = new Set(rb.exDates);
  const exA = new Set(ra.exDates);
  const exB = new Set(rB.exDates);
  const modBase = byStart(rb, base.recurrence);
  const modA = byStart(ra, a.recurrence);
  const modB = byStart(rB, b.recurrence);
  const starts = new Set([...exBase, ...exA, ...exB, ...modBase.keys(), ...modA.keys(), ...modB.keys()]);
  const exDates: string[] = [];
  const modified: ModifiedOccurrence[] = [];
  for (const start of [...starts].sort()) {
    const s0 = stateAt(start, exBase, modBase);
    const sa = stateAt(start, exA, modA);
    const sb = stateAt(start, exB, modB);
    let merged: OccurrenceState;
    if (stateKey(sa) === stateKey(s0)) merged = sb;
    else if (stateKey(sb) === stateKey(s0) || stateKey(sa) === stateKey(sb)) merged = sa;
    else if (sa.kind === 'modified' && sb.kind === 'modified' && s0.kind !== 'cancelled') {
      // An occurrence that was plain in the base held the series' fields at its own start: merged against those.
      const fields = mergeOccurrence(
        s0.kind === 'modified' ? s0.occ.normal.event : plainAt(nBase, start),
        sa.occ.normal.event,
        sb.occ.normal.event,
        sa.occ.raw.event,
        sb.occ.raw.event,
      );
      if (fields === null) return null;
      merged = { kind: 'modified', occ: { normal: sa.occ.normal, raw: { ...sa.occ.raw, event: fields } } };
    } else return null;
    if (merged.kind === 'cancelled') exDates.push(start);
    else if (merged.kind === 'modified') modified.push(merged.occ.raw);
  }
  return { ...a.recurrence, exDates, modified };
}

/**
 * The original starts (normalised) of the occurrences `outlook` shows cancelled and `other` does not, when both are
 * the same series (rule, zone and times): writing `other`'s occurrences to Outlook would have to bring them back.
 */
export function cancelledOnlyInOutlook(outlook: CanonicalEvent, other: CanonicalEvent): string[] {
  if (outlook.recurrence === null || other.recurrence === null) return [];
  const o = normalizeEvent(outlook);
  const r = normalizeEvent(other);
  if (o.recurrence === null || r.recurrence === null || !same(o.timing, r.timing)) return [];
  if (o.recurrence.rrule !== r.recurrence.rrule || o.recurrence.timeZone !== r.recurrence.timeZone) return [];
  const kept = new Set(r.recurrence.exDates);
  return o.recurrence.exDates.filter((start) => !kept.has(start));
}

/**
 * `result` with every occurrence Outlook shows cancelled cancelled too. Graph cannot restore one cancelled
 * occurrence of a series without rewriting its whole pattern, which drops every exception (MS-OXOCAL 3.1.4.7.3.5):
 * a result that keeps Outlook's pattern and asks for the occurrence back would be written in part for ever, and the
 * next run would cancel it on the other side anyway. Product decision (chaos c57): the Outlook cancellation is
 * carried whichever side a merge or a conflict choice keeps for the series. A result that rewrites the pattern
 * (other rule, zone or times) brings every occurrence back in Outlook: unchanged.
 */
export function keepOutlookCancellations(result: CanonicalEvent, outlook: CanonicalEvent): CanonicalEvent {
  const cancelled = cancelledOnlyInOutlook(outlook, result);
  if (result.recurrence === null || cancelled.length === 0) return result;
  const gone = new Set(cancelled);
  const modified = result.recurrence.modified.filter((m) => !gone.has(normalizeInstant(m.originalStart)));
  return {
    ...result,
    recurrence: { ...result.recurrence, exDates: [...result.recurrence.exDates, ...cancelled], modified },
  };
}

/** What the pane says of a conflict on a series' occurrences before the person chooses (see keepOutlookCancellations). */
export interface CancelledInOutlookNote {
  /** Original starts of the occurrences Outlook cancelled and the ERP's version keeps: they stay cancelled. */
  starts: string[];
  timeZone: string;
  /** The conflict is on the series' times too: choosing the ERP's times rewrites the pattern and brings them back. */
  unlessErpTimes: boolean;
}

/**
 * The note for a conflict's values on each side (only the conflicting fields): the occurrences Outlook cancelled
 * that choosing the ERP's version cannot bring back there. Null when there are none.
 */
export function cancelledInOutlookNote(
  outlook: Partial<CanonicalEvent>,
  erp: Partial<CanonicalEvent>,
): CancelledInOutlookNote | null {
  if (!outlook.recurrence || !erp.recurrence) return null;
  const o = normalizeRecurrence(outlook.recurrence, outlook.timing);
  const e = normalizeRecurrence(erp.recurrence, erp.timing ?? outlook.timing);
  if (o.rrule !== e.rrule || o.timeZone !== e.timeZone) return null;
  const kept = new Set(e.exDates);
  const starts = o.exDates.filter((start) => !kept.has(start));
  if (starts.length === 0) return null;
  const unlessErpTimes =
    outlook.timing !== undefined &&
    erp.timing !== undefined &&
    !same(normalizeTiming(outlook.timing), normalizeTiming(erp.timing));
  return { starts, timeZone: o.timeZone, unlessErpTimes };
}
