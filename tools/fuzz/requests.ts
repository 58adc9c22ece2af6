/**
 * The fuzz run's requests, generated with fast-check from a seed. Each is built so that it must change nothing:
 * forged or foreign credentials on any route; a person's or the admin's own credentials only on reads, on ids
 * that are not theirs, or with a body the route must refuse (broken, or poisoned with a field of the wrong type
 * next to prototype-pollution keys). Anything stored that changes is therefore a finding.
 */
import fc from 'fast-check';
import { forgedAddinRequest, genuineAddinRequest } from './addin-requests';
import { adminRequest } from './admin-requests';
import type { FuzzMaterial, FuzzRequest } from './request-parts';
import { strayRequest } from './stray-requests';
import { erpWebhookRequest, graphWebhookRequest } from './webhook-requests';

export type { FuzzMaterial, FuzzRequest } from './request-parts';

/** The whole mix, weighted toward the add-in API and the webhooks. */
export function fuzzRequests(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 5, arbitrary: forgedAddinRequest(m) },
    { weight: 6, arbitrary: genuineAddinRequest(m) },
    { weight: 3, arbitrary: adminRequest(m) },
    { weight: 3, arbitrary: graphWebhookRequest(m) },
    { weight: 3, arbitrary: erpWebhookRequest(m) },
    { weight: 2, arbitrary: strayRequest() },
  );
}
