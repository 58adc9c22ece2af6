/**
 * Odoo's answers parsed where they come in: a zod schema for each answer the adapter relies on, lenient on fields
 * Odoo adds (loose objects), and `callParsed`, which turns an answer of the wrong shape into an ErpError naming the
 * call and the field instead of a crash further on. Answers only passed on (a write's `true`) are not parsed.
 */
import { z } from 'zod';
import { firstIssue } from '../../zod-issue';
import { ErpError } from '../errors';
import type { OdooCallParams } from './client';

const id = z.number().int();
/** many2one as read: `[id, display name]`, or false when empty. */
export const Many2oneSchema = z.union([z.tuple([id, z.string()]), z.literal(false)]);
/** Odoo's empty value for char/html/date/selection fields: false. */
export const orFalse = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal(false)]);

export const IdsSchema = z.array(id);
/** What `create` answers for one record: its id, or a list holding only it (vals_list). */
export const CreatedIdSchema = z
  .union([id, z.tuple([id])])
  .transform((ids) => (typeof ids === 'number' ? ids : ids[0]));
/** res.partner's name: Odoo requires it of contacts only, a company's address (invoice, delivery) may answer false. */
export const PartnerNameSchema = z.union([z.string(), z.literal(false)]).transform((name) => name || '');
export const BooleanSchema = z.boolean();

/** `load` answers with the ids or with messages. */
export const LoadResultSchema = z.looseObject({
  ids: orFalse(z.array(id)),
  messages: z.array(z.looseObject({ type: z.string(), message: z.string() })),
});

export const UserRowSchema = z.looseObject({
  id,
  login: z.string(),
  name: z.string(),
  email: orFalse(z.string()),
  tz: orFalse(z.string()),
  partner_id: Many2oneSchema,
});
export const UserPartnerSchema = z.looseObject({ id, partner_id: Many2oneSchema });
export const RecurrenceBaseSchema = z.looseObject({ id, base_event_id: Many2oneSchema });
export const EventRecurrenceSchema = z.looseObject({ id, recurrence_id: Many2oneSchema });
/** `get_external_id`: `{ "<id>": "<module.name>" }`, an empty string for a record without one. */
export const ExternalIdsSchema = z.record(z.string(), z.string());

/** What a call is asked for: anything with Odoo's `call` (the owner-routing client included). */
export interface Callable {
  call<T>(model: string, method: string, params: OdooCallParams): Promise<T>;
}

/**
 * The call's answer, parsed. A wrong shape is 'transient', like an answer that is not JSON (client.ts): a proxy's or
 * an upgrade's passing fault more often than a lasting one, and retrying later loses nothing.
 */
export async function callParsed<S extends z.ZodType>(
  client: Callable,
  model: string,
  method: string,
  params: OdooCallParams,
  schema: S,
): Promise<z.infer<S>> {
  return parseAnswer(schema, await client.call<unknown>(model, method, params), `${model}.${method}`);
}

export function parseAnswer<S extends z.ZodType>(schema: S, answer: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error, 'answer');
  throw new ErpError('transient', `Odoo answered ${where} with an unexpected ${field}: ${message}`, {
    cause: { where, issues: parsed.error.issues.slice(0, 5) },
  });
}
