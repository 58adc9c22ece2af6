/**
 * zod schemas of the calendar answers the event reader and writer rely on (wire-types.ts holds the types the rest
 * of the adapter uses; parsing into them is checked by the compiler). Loose objects: fields Odoo adds pass through.
 */
import { z } from 'zod';
import { IdsSchema, Many2oneSchema, orFalse, parseAnswer } from './answers';

const id = z.number().int();

export const EventRowSchema = z.looseObject({
  id,
  name: z.string(),
  description: orFalse(z.string()),
  start: z.string(),
  stop: z.string(),
  allday: z.boolean(),
  start_date: orFalse(z.string()),
  stop_date: orFalse(z.string()),
  location: orFalse(z.string()),
  user_id: Many2oneSchema,
  partner_ids: IdsSchema,
  attendee_ids: IdsSchema,
  privacy: orFalse(z.enum(['public', 'private', 'confidential'])),
  show_as: z.enum(['free', 'busy']),
  active: z.boolean(),
  categ_ids: IdsSchema,
  alarm_ids: IdsSchema,
  recurrency: z.boolean(),
  recurrence_id: Many2oneSchema,
  follow_recurrence: z.boolean(),
  event_tz: orFalse(z.string()),
  res_model: orFalse(z.string()),
  res_id: orFalse(z.number()),
  write_date: z.string(),
});
/** A row Odoo masked for the integration user and no key could read (private-events.ts): write_date is false. */
export const MaskedRowSchema = z.looseObject({ write_date: z.literal(false) });
export const RecurrenceRowSchema = z.looseObject({
  id,
  rrule: orFalse(z.string()),
  event_tz: orFalse(z.string()),
  base_event_id: Many2oneSchema,
  write_date: z.string(),
});
const attendeeState = z.enum(['needsAction', 'tentative', 'declined', 'accepted']);
export const AttendeeRowSchema = z.looseObject({
  id,
  partner_id: Many2oneSchema,
  email: orFalse(z.string()),
  common_name: orFalse(z.string()),
  state: attendeeState,
  write_date: z.string().optional(),
});
export const AttendeeStateRowSchema = z.looseObject({
  id,
  email: orFalse(z.string()),
  state: attendeeState,
  event_id: Many2oneSchema,
});
export const TagRowSchema = z.looseObject({ id, name: z.string() });
export const AlarmRowSchema = z.looseObject({ id, duration_minutes: z.number() });
export const PartnerEmailRowSchema = z.looseObject({ id, email: orFalse(z.string()) });
export const OccurrenceRowSchema = z.looseObject({
  id,
  start: z.string(),
  start_date: orFalse(z.string()),
  allday: z.boolean(),
  active: z.boolean(),
});
export const ModelDefaultsSchema = z.looseObject({ res_model_id: orFalse(id).optional() });

/**
 * `create` with a vals_list: one id per entry, in their order, paired with what each entry was made from. A count
 * that differs is a wrong shape (before, the missing ones mapped to undefined).
 */
export function createdFor<K>(keys: readonly K[], answer: unknown, where: string): Array<[K, number]> {
  const list = z
    .union([id.transform((one) => [one]), IdsSchema])
    .pipe(IdsSchema.length(keys.length, `${keys.length} ids expected`));
  const ids = parseAnswer(list, answer, where);
  return keys.flatMap((key, i): Array<[K, number]> => {
    const created = ids[i];
    return created === undefined ? [] : [[key, created]];
  });
}
