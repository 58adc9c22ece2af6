/**
 * `POST /appointments/bulk` (optional in the contract): each item is a create with its own Idempotency-Key, as
 * `POST /appointments` would make it (the same key and appointment answer the first result); an item refused with a
 * 422 fails alone, in its place among the results.
 */
import type { WireAppointment, WireProblem } from './contract-types';
import type { RawBodyRequest } from './auth';
import { badRequest, problemBody, ProblemError } from './problems';
import { RestErpWorld } from './world';

interface BulkItem {
  idempotencyKey: string;
  appointment: unknown;
}

type BulkResult = { status: 201; appointment: WireAppointment } | { status: 422; problem: WireProblem };

export function createMany(
  world: RestErpWorld,
  req: RawBodyRequest,
  context: { baseUrl: string; notify: boolean },
): { results: BulkResult[] } {
  if (req.body === undefined) throw badRequest('A JSON body is required.');
  world.validateBulk(req.body);
  const principal = req.principal ?? 'anonymous';
  const items = (req.body as { items: BulkItem[] }).items;
  const results = items.map((item): BulkResult => {
    const hash = RestErpWorld.requestHash([JSON.stringify(item.appointment), String(context.notify)]);
    try {
      const earlier = world.replay(principal, item.idempotencyKey, hash);
      if (earlier) return { status: 201, appointment: earlier.body };
      const created = world.create(item.appointment, context);
      world.remember(principal, item.idempotencyKey, hash, 201, created);
      return { status: 201, appointment: created };
    } catch (error) {
      if (error instanceof ProblemError && error.status === 422) return { status: 422, problem: problemBody(error) };
      throw error;
    }
  });
  return { results };
}
