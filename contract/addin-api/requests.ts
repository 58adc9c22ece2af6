/**
 * The add-in API's request bodies (pane -> backend) as zod schemas: the backend parses every body with them, the
 * pane sends the inferred types. The pane imports these as types only, so zod stays out of its bundle.
 */
import { z } from 'zod';

/** An ERP model name such as Odoo `res.partner` or a REST contract model such as `customer`. */
const ErpModel = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z][a-z0-9_.]*$/i, 'must be an ERP model name such as res.partner');

/** A reference to an ERP record, as sent by the pane (an id may come as a number from older clients). */
export const ErpRecordRefSchema = z.object({
  model: ErpModel,
  id: z.union([z.string().min(1).max(128), z.number().int().nonnegative()]).transform(String),
  /** The picker's display name, kept so the link shows its name without asking the ERP. */
  name: z.string().min(1).max(300).optional(),
});
export type ErpRecordRef = { model: string; id: string };

/** `PUT /api/events/{outlookId}/tracking`. `link: null` removes the link; absent keeps it. */
export const TrackingRequestSchema = z.object({
  track: z.boolean(),
  link: ErpRecordRefSchema.nullable().optional(),
});
export type TrackingRequest = z.infer<typeof TrackingRequestSchema>;

export const ConflictSideSchema = z.enum(['outlook', 'erp']);
export type ConflictSide = z.infer<typeof ConflictSideSchema>;

/** `POST /api/events/{outlookId}/conflicts`: one choice per conflicting field. */
export const ConflictChoicesRequestSchema = z.object({
  choices: z.record(z.string().min(1).max(64), ConflictSideSchema),
});
export type ConflictChoicesRequest = z.infer<typeof ConflictChoicesRequestSchema>;

export const MIN_QUERY_LENGTH = 2;
export const MAX_RECORDS = 20;

/** `GET /api/erp/records?q=&limit=`. */
export const RecordsQuerySchema = z.object({
  q: z
    .string({ error: 'is required' })
    .trim()
    .min(MIN_QUERY_LENGTH, `must be at least ${MIN_QUERY_LENGTH} characters`)
    .max(100),
  limit: z.coerce.number().int().min(1).max(MAX_RECORDS).default(MAX_RECORDS),
});

const Email = z.string().trim().toLowerCase().email().max(254);

/** `POST /api/erp/contacts/lookup`: the event's attendees' e-mail addresses (the pane reads them from Outlook). */
export const ContactLookupRequestSchema = z.object({ emails: z.array(Email).min(1).max(100) });
export type ContactLookupRequest = z.infer<typeof ContactLookupRequestSchema>;

/** `POST /api/erp/contacts`: an attendee becomes an ERP contact (idempotent by e-mail). */
export const CreateContactRequestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: Email,
  company: z.string().trim().min(1).max(200).optional(),
});
export type CreateContactRequest = z.infer<typeof CreateContactRequestSchema>;

/** `POST /api/erp/leads`: a lead for an attendee; `idempotencyKey` makes a retried click create one lead. */
export const CreateLeadRequestSchema = z.object({
  title: z.string().trim().min(1).max(200),
  contactName: z.string().trim().min(1).max(200),
  email: Email,
  company: z.string().trim().min(1).max(200).optional(),
  idempotencyKey: z.string().min(8).max(100),
});
export type CreateLeadRequest = z.infer<typeof CreateLeadRequestSchema>;

/** `PUT /api/erp/private-key`: the person's own ERP API key, for their private appointments only. */
export const PrivateKeyRequestSchema = z.object({ apiKey: z.string().trim().min(8).max(512) });
export type PrivateKeyRequest = z.infer<typeof PrivateKeyRequestSchema>;
