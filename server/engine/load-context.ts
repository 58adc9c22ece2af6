/**
 * The first step of a run: the mailbox, its tenant's policy, the ERP user it acts as, its cursors and mapping
 * rows, and today's window (whole UTC days, so the window, and with it the delta link, rolls once a day).
 */
import { syncWindow, type SyncPolicy } from '../core';
import { AppError } from '../errors';
import type { ErpUser } from '../erp';
import type { UtcWindow } from '../outlook';
import type { Cursor, Mailbox, Mapping } from '../store';
import { parseFeedState } from './erp-feed';
import type { EngineDeps } from './ports';
import { policyOf } from './policy-of';

export interface RunContext {
  mailbox: Mailbox;
  policy: SyncPolicy;
  user: ErpUser;
  window: UtcWindow;
  outlookCursor: Cursor | undefined;
  erpCursor: Cursor | undefined;
  /**
   * Whether this run reads the ERP's changes: always without the tenant feed (erp-feed.ts), without a cursor (first
   * run, sweep), or when the feed flagged the mailbox; otherwise the ERP is read only by id (paired items Outlook
   * changed, retries). `erpDue` is the flag's value, cleared by this run once its ERP cursor is recorded.
   */
  readsErp: boolean;
  erpDue: string | undefined;
  /** Outlook ids the previous run created after its delta link was taken (read by id if its echo does not come). */
  outlookCreated: string[];
  mappings: Mapping[];
  now: Date;
}

const DAY_MS = 86_400_000;

/** The policy's window computed from the start of today (UTC). */
export function dayWindow(policy: SyncPolicy, now: Date): UtcWindow {
  const midnight = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const window = syncWindow(policy.window, midnight.toISOString());
  return { from: new Date(window.from), to: new Date(window.to) };
}

export async function loadMailbox(deps: EngineDeps, mailboxId: string): Promise<Mailbox> {
  const mailbox = await deps.store.mailboxes.get(mailboxId);
  if (!mailbox) throw new AppError('not_found', `No mailbox with id ${mailboxId}.`);
  return mailbox;
}

export async function loadPolicy(deps: EngineDeps, mailbox: Mailbox): Promise<SyncPolicy> {
  const tenant = await deps.store.tenants.get(mailbox.tenantId);
  return policyOf(tenant?.policy ?? {});
}

/** The ERP user the mailbox acts as, found by the mailbox's e-mail. */
export async function findErpUser(deps: EngineDeps, mailbox: Mailbox): Promise<ErpUser> {
  const user = await deps.erp.findUser(mailbox.email);
  if (!user) throw new AppError('not_found', `The ERP has no user with the e-mail ${mailbox.email}.`);
  return user;
}

function createdIds(cursor: Cursor | undefined): string[] {
  if (!cursor) return [];
  try {
    const ids: unknown = JSON.parse(cursor.value);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** What a run is about, loaded once per run: the mailbox and its tenant's policy. */
export interface RunSubject {
  mailbox: Mailbox;
  policy: SyncPolicy;
}

export async function loadSubject(deps: EngineDeps, mailboxId: string): Promise<RunSubject> {
  const mailbox = await loadMailbox(deps, mailboxId);
  return { mailbox, policy: await loadPolicy(deps, mailbox) };
}

/** Everything a pass reads from the store; the subject comes from the run, not from the store again. */
export async function loadContext(deps: EngineDeps, { mailbox, policy }: RunSubject): Promise<RunContext> {
  const now = deps.clock.now();
  const erpCursor = await deps.store.cursors.get(mailbox.id, 'erp');
  const feed = deps.erp.snapshotPeople
    ? parseFeedState(await deps.store.cursors.get(mailbox.id, 'erp_feed'), deps.logger)
    : undefined;
  const erpDue = (await deps.store.cursors.get(mailbox.id, 'erp_due'))?.value;
  const readsErp = feed === undefined || erpCursor === undefined || erpDue !== undefined;
  // A run that does not read the ERP's changes acts as the user the feed keeps: no look-up call either.
  const user = readsErp || feed === undefined ? await findErpUser(deps, mailbox) : feed.user;
  return {
    mailbox,
    policy,
    user,
    window: dayWindow(policy, now),
    outlookCursor: await deps.store.cursors.get(mailbox.id, 'outlook_delta'),
    erpCursor,
    readsErp,
    erpDue,
    outlookCreated: createdIds(await deps.store.cursors.get(mailbox.id, 'outlook_created')),
    mappings: await deps.store.mappings.listByMailbox(mailbox.id),
    now,
  };
}
