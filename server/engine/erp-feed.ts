/**
 * One ERP change feed per tenant: one ErpPort.snapshotPeople call per tenant per interval digests each connected
 * person's ERP events in the window; a mailbox whose digest changed is flagged `erp_due` and answered, so only its
 * run reads the ERP (an edit flags the owner and every attendee who is a connected person; a delete removes an id
 * from their digests). The run clears the flag it read once its ERP cursor is recorded (compare-and-clear: a flag
 * set again meanwhile stays). Does not queue anything itself: the scheduler does, through the queue.
 */
import { z } from 'zod';
import type { ErpUser } from '../erp';
import { firstIssue } from '../zod-issue';
import type { Cursor, Mailbox } from '../store';
import { dayWindow, loadPolicy } from './load-context';
import type { EngineDeps, EngineLogger } from './ports';

/** What the feed keeps per mailbox (cursor `erp_feed`): the ERP user it digests and its last digest. */
export interface FeedState {
  user: ErpUser;
  digest: string;
  /**
   * Set when the digest changed: the next tick flags the mailbox once more even when the digest is the same. An ERP
   * stamp has one-second resolution (Odoo write_date), so an edit in the same second as the read that saw the one
   * before it leaves the digest unchanged; the run one interval later reads it (its cursor tells by content).
   */
  settle?: boolean;
}

const FeedStateSchema = z.object({
  user: z.object({
    id: z.string(),
    login: z.string(),
    email: z.string(),
    name: z.string(),
    timeZone: z.string().optional(),
  }),
  digest: z.string(),
  settle: z.boolean().optional(),
}) satisfies z.ZodType<FeedState>;

/** The feed's cursor as written; another value is reported and the feed starts over for the mailbox. */
export function parseFeedState(cursor: Cursor | undefined, logger: Pick<EngineLogger, 'warn'>): FeedState | undefined {
  if (!cursor) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(cursor.value);
  } catch {
    logger.warn({ mailboxId: cursor.mailboxId }, 'ERP feed cursor is malformed (not JSON); the feed starts over');
    return undefined;
  }
  const parsed = FeedStateSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error, 'value');
  logger.warn(
    { mailboxId: cursor.mailboxId },
    `ERP feed cursor is malformed (${field}: ${message}); the feed starts over`,
  );
  return undefined;
}

/**
 * Digests every tenant's people once and flags the mailboxes whose digest changed. Answers the mailboxes whose
 * flag is set (new or still standing), or null when the ERP has no feed (then every mailbox polls on its own).
 */
export async function checkErpFeed(deps: EngineDeps): Promise<string[] | null> {
  if (!deps.erp.snapshotPeople) return null;
  const byTenant = new Map<string, Mailbox[]>();
  for (const mailbox of await deps.store.mailboxes.list({ status: 'connected' })) {
    byTenant.set(mailbox.tenantId, [...(byTenant.get(mailbox.tenantId) ?? []), mailbox]);
  }
  const due: string[] = [];
  let failure: unknown = null;
  for (const [tenantId, mailboxes] of byTenant) {
    try {
      due.push(...(await checkTenant(deps, mailboxes)));
    } catch (error) {
      // One tenant's ERP failing does not stop the others'; the scheduler logs the failure.
      deps.logger.error({ err: error, tenantId }, 'ERP change feed failed for a tenant');
      failure ??= error;
    }
  }
  if (failure !== null && due.length === 0) throw failure;
  return due;
}

async function checkTenant(deps: EngineDeps, mailboxes: Mailbox[]): Promise<string[]> {
  const now = deps.clock.now();
  const [first] = mailboxes;
  if (first === undefined) return [];
  const window = dayWindow(await loadPolicy(deps, first), now);
  const watched: Array<{ mailbox: Mailbox; user: ErpUser; state: FeedState | undefined; due: boolean }> = [];
  for (const mailbox of mailboxes) {
    const state = parseFeedState(await deps.store.cursors.get(mailbox.id, 'erp_feed'), deps.logger);
    // The user is looked up once, then kept with the digest: an idle tenant costs one call, not one per person.
    const user = state?.user ?? (await deps.erp.findUser(mailbox.email));
    if (user === null) continue; // the mailbox's own run says the ERP has no such user
    const due = (await deps.store.cursors.get(mailbox.id, 'erp_due')) !== undefined;
    watched.push({ mailbox, user, state, due });
  }
  if (watched.length === 0) return [];
  const people = [...new Map(watched.map((w) => [w.user.id, w.user])).values()];
  const digests = await deps.erp.snapshotPeople?.(people, window);
  if (digests === undefined) return []; // checkErpFeed asks only an ERP with a feed
  const out: string[] = [];
  for (const { mailbox, user, state, due } of watched) {
    const digest = digests.get(user.id);
    if (digest === undefined) continue;
    const changed = digest !== state?.digest;
    if (changed || state?.settle) {
      const next: FeedState = { user, digest, ...(changed ? { settle: true } : {}) };
      await deps.store.transaction(async (tx) => {
        await tx.cursors.set(mailbox.id, 'erp_feed', { value: JSON.stringify(next) });
        await tx.cursors.set(mailbox.id, 'erp_due', { value: `${now.toISOString()} ${digest}` });
      });
      out.push(mailbox.id);
    } else if (due) out.push(mailbox.id);
  }
  return out;
}
