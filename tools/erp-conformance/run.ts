/**
 * Runs the conformance checks in order against one ERP and reports pass / fail / skip per check, plus which
 * (operation, status) pairs of the contract were seen answered correctly.
 */
import { createContractValidator, loadContract, type Contract, type RestErpAuth } from '../../server/erp/rest';
import { appointmentChecks } from './checks-appointments';
import { bulkChecks } from './checks-bulk';
import { directoryChecks } from './checks-directory';
import { cleanupCheck, limitChecks } from './checks-limits';
import { writeChecks } from './checks-writes';
import type { Check, ConformanceContext, ConformanceHooks } from './context';
import { CheckSkipped, Probe } from './probe';

export const CHECKS: readonly Check[] = [
  ...directoryChecks,
  ...appointmentChecks,
  ...writeChecks,
  ...bulkChecks,
  ...limitChecks,
  cleanupCheck,
];

export interface ConformanceOptions {
  baseUrl: string;
  auth: RestErpAuth;
  /** An ERP person the checks create appointments for (and delete them again). */
  personEmail: string;
  /** Text that finds at least one customer in the records search. */
  searchText: string;
  hooks?: ConformanceHooks;
  contract?: Contract;
}

export interface CheckResult {
  name: string;
  outcome: 'pass' | 'fail' | 'skip';
  detail?: string;
}

export interface ConformanceReport {
  results: CheckResult[];
  /** `operationId status` pairs exercised and answered as the contract says. */
  covered: string[];
  /** Every `operationId status` pair the contract declares. */
  declared: string[];
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const contract = options.contract ?? loadContract();
  const probe = new Probe(options.baseUrl, options.auth, contract, createContractValidator(contract));
  const context: ConformanceContext = {
    probe,
    personEmail: options.personEmail,
    searchText: options.searchText,
    created: [],
  };
  if (options.hooks) context.hooks = options.hooks;
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    if (check.needsHooks && !options.hooks) {
      results.push({
        name: check.name,
        outcome: 'skip',
        detail: 'needs a test ERP that can be told to fail (--control)',
      });
      continue;
    }
    try {
      await check.run(context);
      results.push({ name: check.name, outcome: 'pass' });
    } catch (error) {
      if (error instanceof CheckSkipped) {
        results.push({ name: check.name, outcome: 'skip', detail: error.message });
        continue;
      }
      results.push({
        name: check.name,
        outcome: 'fail',
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const declared = [...contract.operations.values()].flatMap((op) =>
    op.statuses.map((status) => `${op.operationId} ${status}`),
  );
  return { results, covered: [...probe.covered].sort(), declared: declared.sort() };
}

/** Hooks over the reference ERP's control API (`<url>/_control`), for `--control`. */
export function referenceErpHooks(baseUrl: string): ConformanceHooks {
  const control = async (method: string, path: string, body: unknown): Promise<void> => {
    const response = await fetch(new URL(`_control${path}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`), {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`control ${method} ${path} answered ${response.status}: ${await response.text()}`);
  };
  return {
    injectStatus: (status, retryAfterSeconds) => control('POST', '/faults', { status, retryAfterSeconds, count: 1 }),
    setRateLimit: (limit, windowSeconds) => control('PUT', '/rate-limit', { limit, windowSeconds }),
    resetRateLimit: () => control('PUT', '/rate-limit', { limit: 10_000, windowSeconds: 60 }),
  };
}
