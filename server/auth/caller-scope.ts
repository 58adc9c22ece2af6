/**
 * What a validated caller may touch: their own mailbox (found by tenant id + object id from the token) and the
 * mappings of that mailbox only. Add-in routes go through this, so an id sent in a URL or body (another
 * person's event id, mapping id or user id) can never reach another person's or tenant's rows.
 */
import { AppError } from '../errors';
import type { Mailbox, Mapping, MappingPatch, StoreRepositories } from '../store';
import type { Caller } from './caller';

/** The caller's own mailbox, or undefined before they connect. */
export function mailboxOfCaller(
  store: Pick<StoreRepositories, 'mailboxes'>,
  caller: Caller,
): Promise<Mailbox | undefined> {
  return store.mailboxes.getByUser(caller.tenantId, caller.objectId);
}

export interface CallerMappings {
  byId(mappingId: string): Promise<Mapping | undefined>;
  byOutlookId(outlookId: string): Promise<Mapping | undefined>;
  /** Throws AppError not_found for a mapping outside the caller's mailbox, exactly as for one that does not exist. */
  update(mappingId: string, patch: MappingPatch): Promise<Mapping>;
  delete(mappingId: string): Promise<boolean>;
}

export interface CallerScope {
  mailbox: Mailbox;
  mappings: CallerMappings;
}

/** The caller's scope; AppError not_found (404) when they have no mailbox yet. */
export async function scopeOfCaller(
  store: Pick<StoreRepositories, 'mailboxes' | 'mappings'>,
  caller: Caller,
): Promise<CallerScope> {
  const mailbox = await mailboxOfCaller(store, caller);
  if (mailbox === undefined) throw new AppError('not_found', 'Your mailbox is not connected to ERP sync yet.');
  const id = mailbox.id;
  return {
    mailbox,
    mappings: {
      byId: (mappingId) => store.mappings.getById(id, mappingId),
      byOutlookId: (outlookId) => store.mappings.getByOutlookId(id, outlookId),
      update: (mappingId, patch) => store.mappings.update(id, mappingId, patch),
      delete: (mappingId) => store.mappings.delete(id, mappingId),
    },
  };
}
