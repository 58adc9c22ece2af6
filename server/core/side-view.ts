/**
 * How each side's raw event maps to the shared view reconciliation compares, and back for a write: house
 * categories, the subject tag, quiet attendee blocks, and fields a side cannot hold. Pure; adapters do the wire.
 */
import { copyField, intersect, union, without } from './diff';
import { EVENT_FIELDS, type CanonicalEvent, type EventField, type Recurrence } from './model';
import { normalizeAttendees } from './normalize';
import { hasQuietBlock, parseQuietBlock, stripQuietBlock, withQuietBlock } from './quiet-attendees';
import { keepRicher } from './represent';
import type { SideCapabilities, SideState, SyncSide } from './state';
import type { SyncPolicy } from './sync-policy';

/** Categories the product itself manages: never synced as categories in either direction. */
export function houseCategories(policy: SyncPolicy): string[] {
  return [policy.marking.category, policy.fromErpCategory, policy.erpScope.tag].filter((c) => c.trim() !== '');
}

function isHouse(category: string, policy: SyncPolicy): boolean {
  const lower = category.trim().toLowerCase();
  return houseCategories(policy).some((h) => h.trim().toLowerCase() === lower);
}

/** True when `title` carries the marking subject tag (case-insensitive). */
export function hasSubjectTag(title: string, tag: string): boolean {
  return tag !== '' && title.toLowerCase().includes(tag.toLowerCase());
}

/**
 * The title without the subject tag. Decision: the tag is a mark, not part of the title, so the ERP never sees
 * it; Outlook keeps it (it is re-added in front when a synced title is written to an Outlook event that had it).
 */
export function stripSubjectTag(title: string, tag: string): string {
  if (!hasSubjectTag(title, tag)) return title;
  const at = title.toLowerCase().indexOf(tag.toLowerCase());
  return `${title.slice(0, at)} ${title.slice(at + tag.length)}`.replace(/\s+/g, ' ').trim();
}

/**
 * Fields the side cannot hold (and, if it keeps no zone, the zone) are taken from `reference`, and so are values
 * the side holds only as a projection of the reference's richer value (`caps.represent`).
 */
function substituteUnheld(view: CanonicalEvent, reference: CanonicalEvent, caps: SideCapabilities): CanonicalEvent {
  const result: CanonicalEvent = { ...keepRicher(view, reference, caps) };
  for (const f of without(EVENT_FIELDS, caps.fields)) copyField(result, reference, f);
  if (!caps.keepsTimeZone) {
    if (result.timing.kind === 'timed' && reference.timing.kind === 'timed') {
      result.timing = { ...result.timing, timeZone: reference.timing.timeZone };
    }
    if (result.recurrence && reference.recurrence) {
      const zones = new Map(reference.recurrence.modified.map((m) => [m.originalStart, m.event.timing]));
      const modified = result.recurrence.modified.map((m) => {
        const theirs = zones.get(m.originalStart);
        if (m.event.timing.kind !== 'timed' || theirs?.kind !== 'timed') return m;
        return { ...m, event: { ...m.event, timing: { ...m.event.timing, timeZone: theirs.timeZone } } };
      });
      result.recurrence = { ...result.recurrence, timeZone: reference.recurrence.timeZone, modified };
    }
  }
  return result;
}

/**
 * The shared view of one side's event: house categories removed, the subject tag removed (Outlook), the quiet
 * attendee block lifted out of the body into `attendees` (quiet mode), unheld fields taken from `reference`
 * (the base snapshot; null when there is none).
 */
export function readView(
  side: SyncSide,
  event: CanonicalEvent,
  policy: SyncPolicy,
  caps: SideCapabilities,
  reference: CanonicalEvent | null,
): CanonicalEvent {
  const own = (categories: string[]) => categories.filter((c) => !isHouse(c, policy));
  let view: CanonicalEvent = { ...event, categories: own(event.categories) };
  if (event.recurrence) {
    // Occurrences inherit the master's categories, house ones included: those are not the occurrence's own either.
    const modified = event.recurrence.modified.map((m) => ({
      ...m,
      event: { ...m.event, categories: own(m.event.categories) },
    }));
    view.recurrence = { ...event.recurrence, modified };
  }
  if (side === 'outlook') view.title = stripSubjectTag(view.title, policy.marking.subjectTag);
  if (policy.attendees === 'quiet') {
    view = liftQuietBlock(view);
    // A modified occurrence carries its own block (its attendees may differ from the series').
    if (view.recurrence) {
      const modified = view.recurrence.modified.map((m) => ({ ...m, event: liftQuietBlock(m.event) }));
      view = { ...view, recurrence: { ...view.recurrence, modified } };
    }
  }
  return reference === null ? view : substituteUnheld(view, reference, caps);
}

function liftQuietBlock<T extends WithAttendees>(event: T): T {
  const listed = parseQuietBlock(event.bodyHtml);
  return listed === null ? event : { ...event, bodyHtml: stripQuietBlock(event.bodyHtml), attendees: listed };
}

/** What to hand an adapter for one write: the event to send and the fields it may touch. */
export interface SideWrite {
  event: CanonicalEvent;
  fields: EventField[];
}

/** What quiet mode looks at: a series or one of its occurrences. */
type WithAttendees = Pick<CanonicalEvent, 'bodyHtml' | 'attendees'>;

/** Quiet mode's body for `result` over what the side holds now (`current`): the attendee block when it is needed. */
function quietBody(result: WithAttendees, current: WithAttendees | null): string {
  const real = current?.attendees ?? [];
  const useBlock =
    (current !== null && hasQuietBlock(current.bodyHtml)) ||
    real.length === 0 ||
    JSON.stringify(normalizeAttendees(real)) !== JSON.stringify(normalizeAttendees(result.attendees));
  return useBlock ? withQuietBlock(result.bodyHtml, result.attendees, real.length > 0) : result.bodyHtml;
}

/** Quiet mode: attendees become (or stay) a text block; the side's own attendee list is never written. */
function quietWrite(result: CanonicalEvent, fields: EventField[], current: CanonicalEvent | null): SideWrite {
  const real = current?.attendees ?? [];
  const touchesBody = fields.includes('attendees') || fields.includes('bodyHtml');
  const bodyHtml = touchesBody ? quietBody(result, current) : result.bodyHtml;
  const written = touchesBody ? union(without(fields, ['attendees']), ['bodyHtml']) : fields;
  const recurrence =
    result.recurrence && fields.includes('recurrence')
      ? quietOccurrences(result.recurrence, current)
      : result.recurrence;
  return { event: { ...result, bodyHtml, attendees: real, recurrence }, fields: written };
}

/** Each modified occurrence written as the series is: its attendees as a block in its own body. */
function quietOccurrences(recurrence: Recurrence, current: CanonicalEvent | null): Recurrence {
  const now = new Map((current?.recurrence?.modified ?? []).map((m) => [m.originalStart, m.event]));
  const modified = recurrence.modified.map((m) => {
    const occurrence: WithAttendees | null = now.get(m.originalStart) ?? current;
    const bodyHtml = quietBody(m.event, occurrence);
    return { ...m, event: { ...m.event, bodyHtml, attendees: occurrence?.attendees ?? [] } };
  });
  return { ...recurrence, modified };
}

/**
 * The write that makes `side` show `result` on `fields` (all the side holds for a create, `current` absent).
 * Reading the written event back through readView gives `result` again on those fields: that is what makes
 * applying a plan and reconciling again a no-op.
 */
export function projectWrite(
  side: SyncSide,
  result: CanonicalEvent,
  fields: readonly EventField[] | 'all',
  current: SideState,
  policy: SyncPolicy,
  caps: SideCapabilities,
): SideWrite {
  const now = current.kind === 'present' ? current.event : null;
  const wanted = intersect(fields === 'all' ? caps.fields : fields, caps.fields);
  const kept = (now?.categories ?? []).filter((c) => isHouse(c, policy));
  const added = now !== null ? [] : side === 'outlook' ? [policy.fromErpCategory] : [policy.erpScope.tag];
  const categories = [...result.categories, ...kept, ...added.filter((c) => c.trim() !== '')];
  let title = result.title;
  if (side === 'outlook' && now !== null && hasSubjectTag(now.title, policy.marking.subjectTag)) {
    title = `${policy.marking.subjectTag} ${result.title}`;
  }
  const event: CanonicalEvent = { ...result, title, categories };
  return policy.attendees === 'quiet' ? quietWrite(event, wanted, now) : { event, fields: wanted };
}
