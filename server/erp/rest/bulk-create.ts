/**
 * Bulk creates over the contract's optional `POST /appointments/bulk`: 100 items per request, each result in its
 * place (201: the appointment; 422: the ERP's problem, that item alone failing). An ERP without the operation
 * answers 404 or 405: the adapter remembers it and creates one at a time from then on. A 422 for the whole request
 * (an item broke the schema) sends that chunk's items one at a time, so only the faulty ones fail.
 */
import type { CanonicalEvent } from '../../core';
import { causeStatus, ErpError } from '../errors';
import type { BulkOutcome, ErpEvent, ErpUser, NewErpEvent, WriteOptions } from '../port';
import type { RestErpClient } from './client';
import { toCreateBody } from './from-canonical';
import { toErpEvent } from './to-canonical';
import type { WireAppointment, WireProblem } from './wire-types';

/** The contract's `maxItems`. */
export const BULK_ITEMS = 100;

export interface WireBulkResult {
  results: Array<{ status: 201 | 422; appointment?: WireAppointment; problem?: WireProblem }>;
}

type CreateOne = (
  user: ErpUser,
  event: CanonicalEvent,
  key: string,
  options: WriteOptions & { needsReview: boolean },
) => Promise<ErpEvent>;

const statusOf = (error: unknown) => (error instanceof ErpError ? causeStatus(error.cause) : undefined);

/** Whether an ERP answered that it has no bulk create (404 or 405 on the path). */
const missingOperation = (error: unknown) => statusOf(error) === 404 || statusOf(error) === 405;

function outcomeOf(result: WireBulkResult['results'][number] | undefined, title: string): BulkOutcome {
  if (result?.status === 201 && result.appointment) return { ok: true, record: toErpEvent(result.appointment) };
  const problem = result?.problem;
  const words = problem
    ? [problem.detail ?? problem.title, ...(problem.errors ?? []).map((e) => `${e.pointer} ${e.detail}`)].join('; ')
    : 'no result for this item';
  return {
    ok: false,
    error: new ErpError('validation', `The ERP refused the new appointment "${title}": ${words}`, {
      erpMessage: words,
      cause: problem,
    }),
  };
}

export class RestBulkCreate {
  /** False once the ERP answered that it has no bulk create. */
  private offered = true;

  constructor(
    private readonly client: RestErpClient,
    private readonly createOne: CreateOne,
  ) {}

  async create(user: ErpUser, items: readonly NewErpEvent[], options: WriteOptions): Promise<BulkOutcome[]> {
    const out: BulkOutcome[] = [];
    for (let i = 0; i < items.length; i += BULK_ITEMS)
      out.push(...(await this.chunk(user, items.slice(i, i + BULK_ITEMS), options)));
    return out;
  }

  private async chunk(user: ErpUser, items: readonly NewErpEvent[], options: WriteOptions): Promise<BulkOutcome[]> {
    if (this.offered) {
      try {
        const { body } = await this.client.call<WireBulkResult>('createAppointments', {
          query: { notifyAttendees: !options.quiet },
          body: {
            items: items.map((item) => ({
              idempotencyKey: item.idempotencyKey,
              appointment: toCreateBody(user, item.event, item.needsReview),
            })),
          },
        });
        return items.map((item, i) => outcomeOf(body.results[i], item.event.title));
      } catch (error) {
        if (missingOperation(error)) this.offered = false;
        // A 422 for the whole request (an item broke the schema): one at a time, so only the faulty ones fail.
        else if (statusOf(error) !== 422) throw error;
      }
    }
    const out: BulkOutcome[] = [];
    for (const item of items) {
      try {
        const record = await this.createOne(user, item.event, item.idempotencyKey, {
          ...options,
          needsReview: item.needsReview,
        });
        out.push({ ok: true, record });
      } catch (error) {
        out.push({ ok: false, error });
      }
    }
    return out;
  }
}
