/**
 * The tenant policy as stored: every part optional (unset parts take the product defaults), each value checked.
 * The admin API validates what it stores with it, and the engine parses what it reads with it, so a policy the
 * database holds is never trusted by cast. Schema only; the defaults are core's DEFAULT_POLICY.
 */
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const days = z.number().int().min(0).max(3650);

export const StoredPolicySchema = z
  .object({
    direction: z.enum(['twoWay', 'outlookToErp', 'erpToOutlook']).describe('Which way changes flow.'),
    scope: z.enum(['marked', 'all']).describe('Only marked Outlook events, or every event in the window.'),
    window: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('days'), back: days, ahead: days.min(1) }).strict(),
        z.object({ kind: z.literal('upcoming'), days: days.min(1) }).strict(),
      ])
      .describe('Days around today, or from now until N days ahead.'),
    conflicts: z.enum(['outlook', 'erp', 'latest', 'ask']).describe('Who wins a field changed on both sides.'),
    deletes: z.enum(['propagate', 'unlink', 'archive']).describe('What a delete on one side does to the other.'),
    attendees: z.enum(['quiet', 'full']).describe('quiet: no invitation is ever sent; full: attendees sync.'),
    recurrence: z.boolean().describe('Sync recurring series (false: single events only).'),
    optOut: z
      .enum(['keep', 'delete'])
      .describe('When an Outlook-made event is unmarked: keep its ERP copy (unlinked) or delete it.'),
    marking: z
      .object({
        category: text(255).describe('Outlook category that marks an event; empty switches it off.'),
        subjectTag: text(64).describe('Text in the subject that marks an event; empty switches it off.'),
        customProperty: z
          .string()
          .max(64)
          .regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, _ and - only')
          .describe('Add-in custom property that marks an event.'),
      })
      .partial()
      .strict(),
    erpScope: z
      .object({
        tag: text(255).describe('Only ERP events with this tag sync; empty: all of the person.'),
        emailDomain: z
          .string()
          .max(253)
          .regex(/^([a-z0-9-]+(\.[a-z0-9-]+)+)?$/i, 'a domain such as contoso.com, or empty')
          .describe('Only ERP events with an attendee at this domain sync; empty: no narrowing.'),
      })
      .partial()
      .strict(),
    fromErpCategory: text(255).describe('Category on events the ERP created in Outlook.'),
    flagNeedsReview: z.boolean().describe('Flag ERP records created from Outlook as needing review.'),
    massDelete: z
      .object({
        maxShare: z.number().min(0).max(1).describe('Hold deletions when a side lost more than this share.'),
        minCount: z.number().int().min(1).max(100_000).describe('... and at least this many events.'),
      })
      .partial()
      .strict(),
    customerDetails: z
      .object({
        show: z.enum(['off', 'address', 'addressAndMap']).describe("The linked customer's address in the body."),
        address: z.enum(['shipTo', 'billTo']).describe('Which address.'),
      })
      .partial()
      .strict(),
    paneRights: z
      .enum(['personKey', 'personCompanies'])
      .describe(
        "Whose ERP rights the pane's ERP search, link check, contacts and leads carry: personKey (the person's own " +
          'ERP key; without one the pane asks for it) or personCompanies (the integration user limited to the ' +
          "person's companies).",
      ),
  })
  .partial()
  .strict();

export type StoredPolicy = z.infer<typeof StoredPolicySchema>;
