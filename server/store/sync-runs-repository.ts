/**
 * Sync runs: one row per mailbox sync attempt (trigger, worker, outcome, summary) for the admin view.
 * It records runs; leasing a mailbox so only one run happens at a time is the jobs module's job.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { AppError } from '../errors';
import { fromJsonText, toInstantText, toJsonText } from './columns';
import { storedAnything } from './stored-json';
import { translateConstraintErrors } from './errors';
import type { RepositoryContext } from './repository-context';
import type { SyncRunsTable } from './schema';
import type { SyncRun, SyncRunFinish, SyncRunStatus, SyncTrigger } from './types';

function toRun(row: Selectable<SyncRunsTable>): SyncRun {
  return {
    id: row.id,
    mailboxId: row.mailbox_id,
    // Cast: trigger and status are written only here, from their union types.
    trigger: row.trigger as SyncTrigger,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    // Cast: written only here, from a SyncRunStatus.
    status: row.status as SyncRunStatus,
    summary: fromJsonText(row.summary_json, storedAnything, 'run summary'),
    workerId: row.worker_id,
    error: row.error,
  };
}

export interface SyncRunStart {
  mailboxId: string;
  trigger: SyncTrigger;
  workerId?: string | null;
}

export interface SyncRunsRepository {
  /** Records a run as `running`, started now. */
  start(input: SyncRunStart): Promise<SyncRun>;
  /** Records the outcome. Throws AppError `not_found` for an unknown run and `conflict` for one already finished. */
  finish(mailboxId: string, id: string, outcome: SyncRunFinish): Promise<SyncRun>;
  get(mailboxId: string, id: string): Promise<SyncRun | undefined>;
  /**
   * Closes the mailbox's runs still `running` as `abandoned` (their process stopped before finishing them): called
   * by a run that holds the mailbox's lease, so no other run of the mailbox can be live. Answers how many.
   */
  abandonRunning(mailboxId: string, reason: string): Promise<number>;
  /** Newest first. */
  listRecent(mailboxId: string, limit?: number): Promise<SyncRun[]>;
  /** Runs across mailboxes, newest first, keyset-paged by `before` (the previous page's last `startedAt` + id). */
  search(filter: SyncRunFilter): Promise<SyncRun[]>;
}

export interface SyncRunFilter {
  /** Only these mailboxes (an empty list finds nothing). */
  mailboxIds?: readonly string[];
  status?: SyncRunStatus;
  trigger?: SyncTrigger;
  from?: string;
  to?: string;
  before?: { startedAt: string; id: string };
  /** At most this many (default 50, at most 500). */
  limit?: number;
}

export function syncRunsRepository({ db, now }: RepositoryContext): SyncRunsRepository {
  async function get(mailboxId: string, id: string): Promise<SyncRun | undefined> {
    const row = await db
      .selectFrom('sync_runs')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toRun(row);
  }

  return {
    get,

    async start(input) {
      const row = await translateConstraintErrors(`Starting a sync run of mailbox ${input.mailboxId}`, () =>
        db
          .insertInto('sync_runs')
          .values({
            id: randomUUID(),
            mailbox_id: input.mailboxId,
            trigger: input.trigger,
            started_at: now(),
            finished_at: null,
            status: 'running',
            summary_json: null,
            worker_id: input.workerId ?? null,
            error: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return toRun(row);
    },

    async finish(mailboxId, id, outcome) {
      const row = await db
        .updateTable('sync_runs')
        .set({
          status: outcome.status,
          finished_at: now(),
          summary_json: toJsonText(outcome.summary),
          error: outcome.error ?? null,
        })
        .where('mailbox_id', '=', mailboxId)
        .where('id', '=', id)
        .where('status', '=', 'running')
        .returningAll()
        .executeTakeFirst();
      if (row !== undefined) return toRun(row);
      const existing = await get(mailboxId, id);
      if (existing === undefined)
        throw new AppError('not_found', `Sync run ${id} does not exist in mailbox ${mailboxId}.`);
      throw new AppError('conflict', `Sync run ${id} already finished as ${existing.status}.`);
    },

    async abandonRunning(mailboxId, reason) {
      const result = await db
        .updateTable('sync_runs')
        .set({ status: 'abandoned', finished_at: now(), error: reason })
        .where('mailbox_id', '=', mailboxId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async search(filter) {
      if (filter.mailboxIds !== undefined && filter.mailboxIds.length === 0) return [];
      let query = db.selectFrom('sync_runs').selectAll();
      if (filter.mailboxIds !== undefined) query = query.where('mailbox_id', 'in', [...filter.mailboxIds]);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.trigger !== undefined) query = query.where('trigger', '=', filter.trigger);
      if (filter.from !== undefined) query = query.where('started_at', '>=', toInstantText(filter.from));
      if (filter.to !== undefined) query = query.where('started_at', '<', toInstantText(filter.to));
      const before = filter.before;
      if (before !== undefined) {
        const at = toInstantText(before.startedAt);
        query = query.where((eb) =>
          eb.or([eb('started_at', '<', at), eb.and([eb('started_at', '=', at), eb('id', '<', before.id)])]),
        );
      }
      const limit = Math.max(1, Math.min(500, Math.floor(filter.limit ?? 50)));
      const rows = await query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toRun);
    },

    async listRecent(mailboxId, limit = 20) {
      const rows = await db
        .selectFrom('sync_runs')
        .selectAll()
        .where('mailbox_id', '=', mailboxId)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.max(1, Math.floor(limit)))
        .execute();
      return rows.map(toRun);
    },
  };
}
