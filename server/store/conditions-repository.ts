/**
 * Mailbox conditions: raise (insert, or refresh a condition already raised: `since` stays, `occurrences` grows),
 * clear (delete; answers what was cleared), list, and counts per kind for /metrics. Deciding when a condition
 * holds is the caller's: the engine, the background jobs, the admin API.
 */
import type { Selectable } from 'kysely';
import { fromJsonText, toJsonText, toNumber } from './columns';
import { storedAnything } from './stored-json';
import { translateConstraintErrors } from './errors';
import {
  CONDITION_DEFAULTS,
  type ConditionClearedBy,
  type ConditionEffect,
  type MailboxCondition,
  type MailboxConditionInput,
  type MailboxConditionKind,
} from './mailbox-conditions';
import type { RepositoryContext } from './repository-context';
import type { MailboxConditionsTable } from './schema';

function toCondition(row: Selectable<MailboxConditionsTable>): MailboxCondition {
  return {
    mailboxId: row.mailbox_id,
    // Cast: kind, effect and cleared_by are written only here, from their union types.
    kind: row.kind as MailboxConditionKind,
    key: row.key,
    reason: row.reason,
    details: fromJsonText(row.details_json, storedAnything, 'condition details'),
    // Cast: written only here, from a ConditionEffect.
    effect: row.effect as ConditionEffect,
    // Cast: written only here, from a ConditionClearedBy.
    clearedBy: row.cleared_by as ConditionClearedBy,
    action: row.action,
    since: row.since,
    lastSeenAt: row.last_seen_at,
    occurrences: toNumber(row.occurrences),
  };
}

export interface ConditionListFilter {
  kind?: MailboxConditionKind;
  mailboxIds?: readonly string[];
}

export interface ConditionsRepository {
  /** Raises the condition, or refreshes it (reason, details, how it clears) when already raised. */
  raise(mailboxId: string, input: MailboxConditionInput): Promise<MailboxCondition>;
  /** Clears one condition (key '' by default); answers it, or undefined when it was not raised. */
  clear(mailboxId: string, kind: MailboxConditionKind, key?: string): Promise<MailboxCondition | undefined>;
  /** Clears every condition of the kind on the mailbox, whatever its key; answers what was cleared. */
  clearKind(mailboxId: string, kind: MailboxConditionKind): Promise<MailboxCondition[]>;
  get(mailboxId: string, kind: MailboxConditionKind, key?: string): Promise<MailboxCondition | undefined>;
  /** The mailbox's conditions, stopping ones first, then oldest first. */
  list(mailboxId: string): Promise<MailboxCondition[]>;
  /** Conditions across mailboxes, optionally of one kind or of some mailboxes. */
  listAll(filter?: ConditionListFilter): Promise<MailboxCondition[]>;
  /** How many mailboxes have at least one condition of each kind (kinds with none are absent). */
  countMailboxesByKind(): Promise<Partial<Record<MailboxConditionKind, number>>>;
}

const byEffectThenSince = (a: MailboxCondition, b: MailboxCondition) =>
  (a.effect === b.effect ? 0 : a.effect === 'stops' ? -1 : 1) || a.since.localeCompare(b.since);

export function conditionsRepository({ db, now }: RepositoryContext): ConditionsRepository {
  async function get(mailboxId: string, kind: MailboxConditionKind, key = '') {
    const row = await db
      .selectFrom('mailbox_conditions')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .where('kind', '=', kind)
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : toCondition(row);
  }

  return {
    get,

    async raise(mailboxId, input) {
      const at = now();
      const defaults = CONDITION_DEFAULTS[input.kind];
      const values = {
        reason: input.reason,
        details_json: toJsonText(input.details),
        effect: input.effect ?? defaults.effect,
        cleared_by: input.clearedBy ?? defaults.clearedBy,
        action: input.action ?? defaults.action,
        last_seen_at: at,
      };
      const row = await translateConstraintErrors(`Raising ${input.kind} on mailbox ${mailboxId}`, () =>
        db
          .insertInto('mailbox_conditions')
          .values({
            mailbox_id: mailboxId,
            kind: input.kind,
            key: input.key ?? '',
            since: at,
            occurrences: 1,
            ...values,
          })
          .onConflict((oc) =>
            oc
              .columns(['mailbox_id', 'kind', 'key'])
              .doUpdateSet((eb) => ({ ...values, occurrences: eb('mailbox_conditions.occurrences', '+', 1) })),
          )
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return toCondition(row);
    },

    async clear(mailboxId, kind, key = '') {
      const row = await db
        .deleteFrom('mailbox_conditions')
        .where('mailbox_id', '=', mailboxId)
        .where('kind', '=', kind)
        .where('key', '=', key)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : toCondition(row);
    },

    async clearKind(mailboxId, kind) {
      const rows = await db
        .deleteFrom('mailbox_conditions')
        .where('mailbox_id', '=', mailboxId)
        .where('kind', '=', kind)
        .returningAll()
        .execute();
      return rows.map(toCondition);
    },

    async list(mailboxId) {
      const rows = await db.selectFrom('mailbox_conditions').selectAll().where('mailbox_id', '=', mailboxId).execute();
      return rows.map(toCondition).sort(byEffectThenSince);
    },

    async listAll(filter = {}) {
      if (filter.mailboxIds !== undefined && filter.mailboxIds.length === 0) return [];
      let query = db.selectFrom('mailbox_conditions').selectAll();
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      if (filter.mailboxIds !== undefined) query = query.where('mailbox_id', 'in', [...filter.mailboxIds]);
      const rows = await query.orderBy('since').orderBy('mailbox_id').execute();
      return rows.map(toCondition);
    },

    async countMailboxesByKind() {
      const rows = await db
        .selectFrom('mailbox_conditions')
        .select((eb) => ['kind', eb.fn.count<number | string>('mailbox_id').distinct().as('mailboxes')])
        .groupBy('kind')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.kind, toNumber(r.mailboxes)]));
    },
  };
}
