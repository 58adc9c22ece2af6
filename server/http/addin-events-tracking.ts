/**
 * `PUT /api/events/:id/tracking` in two steps: the marks on the Outlook event (what the scheduled sync reads),
 * then the mapping row (intent, link, status) with an audit line per change. The row is created `pending` when
 * the event is new to us; turning sync off keeps the row (`not_tracked`) for its history.
 */
import type { CallerScope } from '../auth';
import type { ErpLink } from '../core';
import { isAppError } from '../errors';
import type { AuditEntryInput, Mapping, MappingPatch, MappingStatus, StoreRepositories } from '../store';
import { personAudit } from './addin-events-history';
import type { TrackingRequest } from '../../contract/addin-api';
import type { CallerCalendar, CallerEvent } from './addin-events-outlook';

export interface TrackingWork {
  store: Pick<StoreRepositories, 'mappings' | 'audit'>;
  scope: CallerScope;
  calendar: CallerCalendar;
  event: CallerEvent;
  request: TrackingRequest;
}

function linkOf(mapping: Mapping | undefined): ErpLink | null {
  if (!mapping || mapping.linkModel === null || mapping.linkId === null) return null;
  return { model: mapping.linkModel, id: mapping.linkId, ...(mapping.linkName ? { name: mapping.linkName } : {}) };
}

/** A paired row that was switched off goes back to what it was; an unpaired one waits for the engine. */
function statusWhenTracked(mapping: Mapping): MappingStatus {
  if (mapping.status !== 'not_tracked') return mapping.status;
  return mapping.base !== null ? 'synced' : 'pending';
}

function linkPatch(link: ErpLink | null | undefined): MappingPatch {
  if (link === undefined) return {};
  return { linkModel: link?.model ?? null, linkId: link?.id ?? null, linkName: link?.name ?? null };
}

function auditLines(work: TrackingWork, before: Mapping | undefined, after: Mapping): AuditEntryInput[] {
  const { request } = work;
  const mailboxId = work.scope.mailbox.id;
  const lines: AuditEntryInput[] = [];
  if (before?.marked !== request.track) {
    lines.push(personAudit(mailboxId, after.id, request.track ? 'tracked' : 'untracked', { marked: request.track }));
  }
  const link = request.link;
  const previous = linkOf(before);
  if (link && (previous?.model !== link.model || previous.id !== link.id)) {
    lines.push(personAudit(mailboxId, after.id, 'linked', { model: link.model, id: link.id, name: link.name ?? null }));
  } else if (link === null && previous !== null) {
    lines.push(personAudit(mailboxId, after.id, 'unlinked', { model: previous.model, id: previous.id }));
  }
  return lines;
}

async function saveRow(work: TrackingWork, existing: Mapping | undefined, link: ErpLink | null | undefined) {
  const { scope, event, request } = work;
  if (existing !== undefined) {
    return scope.mappings.update(existing.id, {
      marked: request.track,
      status: request.track ? statusWhenTracked(existing) : 'not_tracked',
      ...linkPatch(link),
    });
  }
  try {
    // The mailbox id comes from the caller's scope, never from the request.
    return await work.store.mappings.insert({
      mailboxId: scope.mailbox.id,
      origin: 'outlook',
      status: 'pending',
      outlookId: event.immutableId,
      marked: true,
      ...linkPatch(link),
    });
  } catch (error) {
    // The engine paired the event in the meantime: update its row instead.
    const raced =
      isAppError(error) && error.code === 'conflict' ? await scope.mappings.byOutlookId(event.immutableId) : undefined;
    if (raced === undefined) throw error;
    return saveRow(work, raced, link);
  }
}

/** Marks the event, records the intent, and returns the row (undefined: turned off for an event we never knew). */
export async function applyTracking(work: TrackingWork): Promise<Mapping | undefined> {
  const { scope, event, request } = work;
  const existing = await scope.mappings.byOutlookId(event.immutableId);
  const link: ErpLink | null | undefined =
    request.link === undefined || request.link === null
      ? request.link
      : { model: request.link.model, id: request.link.id, ...(request.link.name ? { name: request.link.name } : {}) };
  // Outlook first: if Graph refuses, nothing is recorded and the pane can simply try again.
  await work.calendar.writeMarks(event, { track: request.track, link });
  if (existing === undefined && !request.track) return undefined;
  const saved = await saveRow(work, existing, link);
  await work.store.audit.append(auditLines(work, existing, saved));
  return saved;
}
