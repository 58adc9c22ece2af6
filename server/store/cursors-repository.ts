/**
 * Cursors: per mailbox, the Outlook delta link and the ERP change cursor, with the window they were read over.
 * The engine moves them only after every effect is recorded; this repository just stores them.
 */
import type { Selectable } from 'kysely';
import { toInstantText } from './columns';
import { translateConstraintErrors } from './errors';
import type { RepositoryContext } from './repository-context';
import type { CursorsTable } from './schema';
import type { Cursor, CursorInput, CursorKind } from './types';

function toCursor(row: Selectable<CursorsTable>): Cursor {
  return {
    mailboxId: row.mailbox_id,
    // Cast: the column is written only here, from a CursorKind.
    kind: row.kind as CursorKind,
    value: row.value,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    updatedAt: row.updated_at,
  };
}

export interface CursorsRepository {
  get(mailboxId: string, kind: CursorKind): Promise<Cursor | undefined>;
  list(mailboxId: string): Promise<Cursor[]>;
  /** Creates or replaces the cursor; an omitted window is stored as null. */
  set(mailboxId: string, kind: CursorKind, input: CursorInput): Promise<Cursor>;
  /** Forgets the cursor (e.g. Graph answered 410 syncStateNotFound): the next read starts over. */
  clear(mailboxId: string, kind: CursorKind): Promise<boolean>;
  /** Forgets the cursor only while it still holds `value` (a newer value set meanwhile stays). */
  clearIf(mailboxId: string, kind: CursorKind, value: string): Promise<boolean>;
}

export function cursorsRepository({ db, now }: RepositoryContext): CursorsRepository {
  return {
    async get(mailboxId, kind) {
      const row = await db
        .selectFrom('cursors')
        .selectAll()
        .where('mailbox_id', '=', mailboxId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      return row === undefined ? undefined : toCursor(row);
    },

    async list(mailboxId) {
      const rows = await db
        .selectFrom('cursors')
        .selectAll()
        .where('mailbox_id', '=', mailboxId)
        .orderBy('kind')
        .execute();
      return rows.map(toCursor);
    },

    async set(mailboxId, kind, input) {
      const values = {
        value: input.value,
        window_start: input.windowStart ? toInstantText(input.windowStart) : null,
        window_end: input.windowEnd ? toInstantText(input.windowEnd) : null,
        updated_at: now(),
      };
      const row = await translateConstraintErrors(`Saving ${kind} cursor of mailbox ${mailboxId}`, () =>
        db
          .insertInto('cursors')
          .values({ mailbox_id: mailboxId, kind, ...values })
          .onConflict((oc) => oc.columns(['mailbox_id', 'kind']).doUpdateSet(values))
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return toCursor(row);
    },

    async clear(mailboxId, kind) {
      const result = await db
        .deleteFrom('cursors')
        .where('mailbox_id', '=', mailboxId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async clearIf(mailboxId, kind, value) {
      const result = await db
        .deleteFrom('cursors')
        .where('mailbox_id', '=', mailboxId)
        .where('kind', '=', kind)
        .where('value', '=', value)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
