/**
 * Input of the add-in API: the Outlook id in the path, and `parseInput`, which parses a body or query with the
 * contract's zod schema (contract/addin-api). Bad input becomes a `validation` problem with `errors: [{field,
 * message}]`.
 */
import { z } from 'zod';
import { AppError } from '../errors';

/**
 * A Graph or REST item id: base64 or base64url text (Exchange ids end with `=` padding). Bounded so a pasted
 * document cannot reach Graph or the store; real ids are about 150 characters.
 */
export const OutlookIdParam = z
  .string()
  .min(16, 'is too short to be an Outlook item id')
  .max(512, 'is too long to be an Outlook item id')
  .regex(/^[A-Za-z0-9_\-+/]+=*$/, 'is not an Outlook item id');

/** The Outlook id of a path; a malformed one is answered like an unknown route (404), as the contract allows. */
export function parseOutlookId(value: unknown): string {
  const result = OutlookIdParam.safeParse(value);
  if (result.success) return result.data;
  throw new AppError('not_found', 'There is no event with this id.');
}

/** Parses or throws a `validation` problem (422 unless told) naming each bad field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string, status = 422): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : what,
    message: issue.message,
  }));
  throw new AppError('validation', `Invalid ${what}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, {
    status,
    details: { errors },
  });
}
