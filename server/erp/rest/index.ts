/**
 * The REST ERP adapter's public face: `createRestErpAdapter` (the ErpPort over the open contract), plus the
 * contract tools the conformance kit (tools/erp-conformance) and the webhook receiver need. The wire types are
 * exported as types only, for that kit: they are the contract's shapes; no other code should need them.
 */
import type { CustomerAddressLookup } from '../customer-address';
import type { ErpPort } from '../port';
import { RestErpAdapter } from './adapter';
import { RestErpClient, systemClock, type RestErpAuth, type RestErpClock } from './client';
import { loadContract, type Contract } from './contract';
import { DEFAULT_RETRY, type RetryPolicy } from '../../retry';
import { createContractValidator, type ContractValidator } from './validate';

export type { RestErpAuth, RestErpClock } from './client';
export { DEFAULT_RETRY, type RetryPolicy } from '../../retry';
export { RestErpClient, systemClock, buildPath, type CallInput } from './client';
export type { WireAppointmentCreate, WireLinkableRecord, WirePerson } from './wire-types';
export { loadContract, findContractFile, type Contract, type ContractOperation } from './contract';
export { createContractValidator, ContractViolationError, type ContractValidator } from './validate';
export {
  verifyWebhookSignature,
  webhookSignature,
  hmacAuthorization,
  MAX_CLOCK_SKEW_SECONDS,
  REPLAY_WINDOW_SECONDS,
} from './signing';
export type { WebhookVerdict } from './signing';

export interface RestErpAdapterConfig {
  baseUrl: string;
  auth: RestErpAuth;
  clock?: RestErpClock;
  retry?: Partial<RetryPolicy>;
  /** Per request; a request without an answer by then counts as no response (transient). Default 30 s. */
  timeoutMs?: number;
  /** Where a person opens a record; `{model}` and `{id}` are replaced. Default: `<baseUrl>/ui/{model}/{id}`. */
  recordUrlTemplate?: string;
  /** An already loaded contract (default: docs/erp-contract.openapi.yaml, found above this module). */
  contract?: Contract;
}

let bundled: { contract: Contract; validator: ContractValidator } | undefined;

/** The repository's contract and its compiled validator, loaded once per process (compiling takes a moment). */
export function bundledContract(): { contract: Contract; validator: ContractValidator } {
  if (!bundled) {
    const contract = loadContract();
    bundled = { contract, validator: createContractValidator(contract) };
  }
  return bundled;
}

/** The port, with the optional customer lookup the contract's `/customers/{id}` serves. */
export function createRestErpAdapter(config: RestErpAdapterConfig): ErpPort & CustomerAddressLookup {
  const { contract, validator } = config.contract
    ? { contract: config.contract, validator: createContractValidator(config.contract) }
    : bundledContract();
  const client = new RestErpClient({
    baseUrl: config.baseUrl,
    auth: config.auth,
    contract,
    validator,
    clock: config.clock ?? systemClock,
    retry: { ...DEFAULT_RETRY, ...config.retry },
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
  });
  const recordUrlTemplate = config.recordUrlTemplate ?? `${config.baseUrl.replace(/\/$/, '')}/ui/{model}/{id}`;
  return new RestErpAdapter({ client, recordUrlTemplate });
}
