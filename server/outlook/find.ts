/**
 * Finding events that already exist: by our mapping id (after a crash between a remote write and its record),
 * by iCalUId, and by subject and times (first-sync dedupe). Each answers records read with our marks.
 */
import { PROPERTY_IDS, expandExtendedProperties, filterByProperty } from './extended-properties';
import { collectAll, paginate } from './paginate';
import { GraphEventSchema } from './wire-schemas';
import { toRecord, type OutlookEventRecord } from './records';
import type { ReadContext } from './delta-reader';
import { parseInstant } from './time-zones';

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

async function query(ctx: ReadContext, path: string, params: Record<string, string>): Promise<OutlookEventRecord[]> {
  const all = { ...params, $expand: expandExtendedProperties(ctx.propertyIds) };
  const search = Object.entries(all)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  const events = await collectAll(paginate(ctx.transport, `${ctx.userPath}${path}?${search}`, GraphEventSchema));
  return events.map((e) => toRecord(e, ctx.mapping));
}

/** Events stamped with `mappingId` (normally none or one; more means a duplicate create to clean up). */
export function findByMappingId(ctx: ReadContext, mappingId: string): Promise<OutlookEventRecord[]> {
  return query(ctx, '/events', { $filter: filterByProperty(PROPERTY_IDS.mappingId, mappingId) });
}

/** Events with this iCalUId in the mailbox (a meeting's copy; each occurrence has its own). */
export function findByICalUId(ctx: ReadContext, iCalUId: string): Promise<OutlookEventRecord[]> {
  return query(ctx, '/events', { $filter: `iCalUId eq ${quote(iCalUId)}` });
}

/**
 * Events with exactly this subject, start and end (UTC instants), looked up through calendarView over the
 * event's own span, since $filter on start/end is not reliable across Graph versions.
 */
export async function findBySubjectAndTime(
  ctx: ReadContext,
  subject: string,
  start: string,
  end: string,
): Promise<OutlookEventRecord[]> {
  const from = parseInstant(start);
  const to = parseInstant(end);
  if (from === undefined || to === undefined) return [];
  // A zero-length event still has to fall inside the view: widen by a minute either side.
  const records = await query(ctx, '/calendarView', {
    startDateTime: new Date(from - 60_000).toISOString(),
    endDateTime: new Date(Math.max(to, from) + 60_000).toISOString(),
  });
  const same = (a: string, b: number): boolean => parseInstant(a) === b;
  return records.filter((r) => {
    if (!r.event.ok || r.subject !== subject) return false;
    const timing = r.event.value.timing;
    return timing.kind === 'timed' && same(timing.start, from) && same(timing.end, to);
  });
}
