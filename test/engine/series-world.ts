/**
 * What the series suites share: a daily series of five made in the ERP and synced to Outlook, Outlook's view of its
 * occurrences (Graph `instances`), and the time helpers they are written with.
 */
import type { CanonicalEvent } from '../../server/core';
import type { Mapping } from '../../server/store';
import { graphCall } from '../sandbox/microsoft365/helpers';
import { ADELE_ID, erpEvent, type World } from './harness';

export const PREFER = { Prefer: 'IdType="ImmutableId"' };
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** An instant as Graph and the canonical model write it, to the second. */
export const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
/** A Graph dateTime given in UTC, as an instant. */
export const utc = (dateTime: string) => Date.parse(`${dateTime.slice(0, 19)}Z`);

/** An occurrence as Graph lists it (the fields the suites read). */
export interface GraphInstance {
  id: string;
  subject: string;
  type: string;
  start: { dateTime: string };
  originalStart?: string;
  location: { displayName: string };
}

/** The series' occurrences in Outlook from yesterday to 30 days ahead. */
export async function instances(w: World, masterId: string): Promise<GraphInstance[]> {
  const from = new Date(Date.now() - DAY).toISOString();
  const to = new Date(Date.now() + 30 * DAY).toISOString();
  const path = `/users/${ADELE_ID}/events/${masterId}/instances?startDateTime=${from}&endDateTime=${to}`;
  const answer = await graphCall<{ value: GraphInstance[] }>(w.m365, w.token, 'GET', path, undefined, PREFER);
  return answer.body.value;
}

/** A daily series of five in Europe/Paris made in the ERP three days ahead, then synced: its ids and first start. */
export async function dailySeriesFromErp(
  w: World,
  title: string,
  key: string,
): Promise<{ erpId: string; row: Mapping; masterId: string; first: number }> {
  const base = erpEvent(title, 3);
  const series: CanonicalEvent = {
    ...base,
    recurrence: { rrule: 'FREQ=DAILY;COUNT=5', timeZone: 'Europe/Paris', exDates: [], modified: [] },
  };
  const erpId = (await w.erp.createEvent(w.adele, series, key, { quiet: true, needsReview: false })).id;
  await w.engine.syncMailbox(w.mailbox.id);
  const row = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.erpId === erpId)!;
  return { erpId, row, masterId: row.outlookId!, first: Date.parse((base.timing as { start: string }).start) };
}

/** What the add-in API stores when the person answers the row's conflict (server/http/addin-routes-events.ts). */
export async function answerConflict(
  w: World,
  row: Mapping,
  choices: Record<string, 'outlook' | 'erp'>,
): Promise<void> {
  const asked = (await w.store.mappings.getById(w.mailbox.id, row.id))!;
  await w.store.mappings.update(w.mailbox.id, row.id, {
    resolution: { choices, conflict: asked.conflict, chosenAt: new Date().toISOString() },
    status: 'pending',
  });
}
