/**
 * The event resource JSON Graph returns, built from a stored record or an expanded occurrence: ids per `IdType`,
 * times in the preferred zone with seven fraction digits, body as HTML or text. Property order follows Graph.
 */
import { encodeId, occurrenceId } from './ids';
import type { EventInstance, EventRecord } from './model';
import type { Preferences } from './prefer';
import { seriesZone } from './recurrence';
import { formatWall, resolveIana, utcToWall } from './tz';

export interface ShapeOptions {
  /** Property names from `$select`; undefined means all. */
  select?: string[];
  /** Normalized extended-property ids asked for with `$expand`. */
  expandProperties?: (normalizedId: string) => boolean;
}

export function eventId(record: Pick<EventRecord, 'key' | 'folderGeneration'>, prefs: Preferences): string {
  return encodeId(record.key, record.folderGeneration, prefs.immutableIds);
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(head|style|script)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\r\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function dateTimeTimeZone(utc: number, ownZone: string, isAllDay: boolean, prefs: Preferences) {
  // All-day events float: midnight in whichever zone the caller asked for.
  const wall = isAllDay ? utcToWall(utc, resolveIana(ownZone) ?? 'UTC') : utcToWall(utc, prefs.timeZone.iana);
  return { dateTime: formatWall(wall), timeZone: prefs.timeZone.name };
}

function utcText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000Z`;
}

/** The full resource, in Graph's property order (occurrences share their master's folder generation). */
function fullShape(instance: EventInstance, prefs: Preferences): Record<string, unknown> {
  const { record, type } = instance;
  const f = record.fields;
  const id = eventId(record, prefs);
  const text = htmlToText(f.bodyHtml);
  const out: Record<string, unknown> = {
    '@odata.etag': `W/"${record.changeKey}"`,
    id,
    createdDateTime: utcText(Date.parse(record.createdDateTime)),
    lastModifiedDateTime: utcText(Date.parse(record.lastModifiedDateTime)),
    changeKey: record.changeKey,
    categories: [...f.categories],
  };
  if (record.transactionId !== null && type !== 'occurrence') out.transactionId = record.transactionId;
  Object.assign(out, {
    originalStartTimeZone: f.startTimeZone,
    originalEndTimeZone: f.endTimeZone,
    iCalUId: record.iCalUId,
    reminderMinutesBeforeStart: f.reminderMinutesBeforeStart,
    isReminderOn: f.isReminderOn,
    hasAttachments: false,
    subject: f.subject,
    bodyPreview: text.replace(/\s+/g, ' ').slice(0, 255),
    importance: f.importance,
    sensitivity: f.sensitivity,
    isAllDay: f.isAllDay,
    isCancelled: f.isCancelled,
    isOrganizer: f.isOrganizer,
    responseRequested: f.responseRequested,
    seriesMasterId: record.seriesMasterKey
      ? eventId({ key: record.seriesMasterKey, folderGeneration: record.folderGeneration }, prefs)
      : null,
    showAs: f.showAs,
    type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: false,
    onlineMeetingProvider: 'unknown',
    allowNewTimeProposals: f.allowNewTimeProposals,
    isDraft: f.isDraft,
    hideAttendees: f.hideAttendees,
    responseStatus: { ...f.responseStatus },
    body: prefs.bodyText ? { contentType: 'text', content: text } : { contentType: 'html', content: f.bodyHtml },
    start: dateTimeTimeZone(f.start, f.startTimeZone, f.isAllDay, prefs),
    end: dateTimeTimeZone(f.end, f.endTimeZone, f.isAllDay, prefs),
    location: { ...f.location },
    locations: f.locations.map((l) => ({ ...l })),
    recurrence: type === 'seriesMaster' ? structuredClone(f.recurrence) : null,
    attendees: f.attendees.map((a) => structuredClone(a)),
    organizer: { emailAddress: { ...f.organizer } },
    onlineMeeting: null,
  });
  if (record.originalStart !== null && (type === 'occurrence' || type === 'exception')) {
    out.originalStart = new Date(record.originalStart).toISOString().replace('.000Z', 'Z');
  }
  return out;
}

/**
 * Properties Graph returns only when `$select`ed (beta event resource): `occurrenceId` of an instance and, on a series
 * master, `cancelledOccurrences` ("Returned only on $select in a Get operation which specifies the ID ... of a
 * series master"; https://learn.microsoft.com/en-us/graph/api/resources/event?view=graph-rest-beta).
 */
function selectOnly(instance: EventInstance, prefs: Preferences, wanted: Set<string>): Record<string, unknown> {
  const { record, type } = instance;
  const out: Record<string, unknown> = {};
  const masterKey = type === 'seriesMaster' ? record.key : record.seriesMasterKey;
  const masterId = masterKey ? eventId({ key: masterKey, folderGeneration: record.folderGeneration }, prefs) : null;
  const zone = record.seriesTimeZone ?? resolveIana(record.fields.startTimeZone) ?? 'UTC';
  if (wanted.has('occurrenceid')) {
    out.occurrenceId =
      masterId && record.originalStart !== null && type !== 'seriesMaster'
        ? occurrenceId(masterId, utcToWall(record.originalStart, zone))
        : null;
  }
  if (wanted.has('cancelledoccurrences') && type === 'seriesMaster' && masterId) {
    const masterZone = seriesZone(record);
    out.cancelledOccurrences = [...record.cancelledOccurrences]
      .sort((a, b) => a - b)
      .map((start) => occurrenceId(masterId, utcToWall(start, masterZone)));
  }
  return out;
}

/** The resource as returned, honouring `$select` and `$expand=singleValueExtendedProperties(...)`. */
export function shapeEvent(
  instance: EventInstance,
  prefs: Preferences,
  options: ShapeOptions = {},
): Record<string, unknown> {
  const full = fullShape(instance, prefs);
  let out = full;
  if (options.select) {
    const wanted = new Set(options.select.map((s) => s.toLowerCase()));
    out = Object.fromEntries(
      Object.entries(full).filter(([k]) => k === '@odata.etag' || k === 'id' || wanted.has(k.toLowerCase())),
    );
    Object.assign(out, selectOnly(instance, prefs, wanted));
  }
  const expand = options.expandProperties;
  if (expand) {
    const props = Object.entries(instance.record.extendedProperties)
      .filter(([key]) => expand(key))
      .map(([, p]) => ({ id: p.id, value: p.value }));
    if (props.length > 0) out.singleValueExtendedProperties = props;
  }
  return out;
}
