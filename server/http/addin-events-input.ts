/**
 * Input of the add-in event API, validated with zod: the Outlook id in the path, the tracking and conflict-choice
 * bodies, the records query. Bad input becomes a `validation` problem with `errors: [{field, message}]`.
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

const ErpRef = z.object({
  model: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[a-z][a-z0-9_.]*$/i, 'must be an ERP model name such as res.partner'),
  id: z.union([z.string().min(1).max(128), z.number().int().nonnegative()]).transform(String),
  /** Not in the pane's contract today; kept when a client sends it so the link shows its name. */
  name: z.string().min(1).max(300).optional(),
});

export const TrackingBody = z.object({
  track: z.boolean(),
  link: ErpRef.nullable().optional(),
});
export type TrackingInput = z.infer<typeof TrackingBody>;

export const ConflictChoicesBody = z.object({
  choices: z.record(z.string().min(1).max(64), z.enum(['outlook', 'erp'])),
});

export const MIN_QUERY_LENGTH = 2;
export const MAX_RECORDS = 20;

export const RecordsQuery = z.object({
  q: z
    .string({ error: 'is required' })
    .trim()
    .min(MIN_QUERY_LENGTH, `must be at least ${MIN_QUERY_LENGTH} characters`)
    .max(100),
  limit: z.coerce.number().int().min(1).max(MAX_RECORDS).default(MAX_RECORDS),
});

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
