/**
 * What the adapter hands the engine for one Outlook event: ids and stamps (immutable id, iCalUId, changeKey),
 * the marks, and the canonical event or the reason it could not be mapped. Built from a Graph event read with
 * our extended properties expanded.
 */
import type { CanonicalEvent } from '../core';
import { readMarks, type OutlookMarks } from './extended-properties';
import type { Mapped } from './mapping-result';
import { startingAtFirstOccurrence } from './series';
import { toCanonicalEvent, type ToCanonicalOptions } from './to-canonical';
import type { GraphEvent } from './wire-types';

export type OutlookEventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

export interface OutlookEventRecord {
  /** Immutable id (every request sends `Prefer: IdType="ImmutableId"`). */
  id: string;
  type: OutlookEventType;
  seriesMasterId: string | null;
  /** Occurrences and exceptions: the start they had in the pattern, a UTC instant. */
  originalStart: string | null;
  iCalUId: string | null;
  /** The stamp the base keeps; send it back as If-Match to detect concurrent edits. */
  changeKey: string | null;
  lastModified: string | null;
  subject: string;
  categories: string[];
  marks: OutlookMarks;
  /** The canonical event (without a series' exDates/modified: loadSeries gives those), or why it failed. */
  event: Mapped<CanonicalEvent>;
}

/** A series master starts at its first occurrence, as toCanonicalSeries has it (series.ts). */
function canonical(event: GraphEvent, options: ToCanonicalOptions): Mapped<CanonicalEvent> {
  const read = toCanonicalEvent(event, options);
  return read.ok && event.type === 'seriesMaster' ? startingAtFirstOccurrence(read.value) : read;
}

export function toRecord(event: GraphEvent, options: ToCanonicalOptions = {}): OutlookEventRecord {
  return {
    id: event.id,
    type: event.type ?? 'singleInstance',
    seriesMasterId: event.seriesMasterId ?? null,
    originalStart: event.originalStart ?? null,
    iCalUId: event.iCalUId ?? null,
    changeKey: event.changeKey ?? null,
    lastModified: event.lastModifiedDateTime ?? null,
    subject: event.subject ?? '',
    categories: [...(event.categories ?? [])],
    marks: readMarks(event.singleValueExtendedProperties, options.addinManifestId),
    event: canonical(event, options),
  };
}
