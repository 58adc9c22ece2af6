/**
 * Injected Graph faults: rules matched by method and path pattern that fire for the next N matching requests.
 * Kinds: an error status (429/503/504 or any, with Retry-After), `timeout` (hold the request until the client
 * gives up, or for `holdMs` and then answer 504 GatewayTimeout as Graph's gateway does when the service behind it
 * does not answer in time) and `lose-response` (let the handler commit, then destroy the socket before the answer
 * leaves).
 */
import { randomUUID } from 'node:crypto';

export type FaultKind = 'status' | 'timeout' | 'lose-response';

export interface FaultRuleInput {
  kind: FaultKind;
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Regular expression tested against the path after /v1.0 (e.g. "^/me/events"); any when absent. */
  path?: string;
  /** For kind=status: 429, 503, 504, 500... */
  status?: number;
  /** For kind=status: Graph error code; defaults per status. */
  code?: string;
  retryAfterSeconds?: number;
  /** How many matching requests it fires for (default 1). */
  count?: number;
  /** For kind=timeout: answer 504 GatewayTimeout after this long; held until the client gives up when absent. */
  holdMs?: number;
}

export interface FaultRule extends Required<Pick<FaultRuleInput, 'kind'>> {
  id: string;
  method?: string;
  path?: string;
  status?: number;
  code?: string;
  retryAfterSeconds?: number;
  holdMs?: number;
  remaining: number;
  fired: number;
}

export class FaultInjector {
  private rules: FaultRule[] = [];

  add(input: FaultRuleInput): FaultRule {
    if (input.path !== undefined) new RegExp(input.path); // throws SyntaxError on a bad pattern, before storing
    const rule: FaultRule = { ...input, id: randomUUID(), remaining: input.count ?? 1, fired: 0 };
    this.rules.push(rule);
    return rule;
  }

  /** First live rule matching the request; consumes one firing. */
  match(method: string, path: string): FaultRule | null {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) &&
        (r.path === undefined || new RegExp(r.path).test(path)),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    rule.fired += 1;
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }
}

export const DEFAULT_FAULT_CODES: Record<number, string> = {
  429: 'TooManyRequests',
  500: 'generalException',
  502: 'BadGateway',
  503: 'serviceNotAvailable',
  504: 'GatewayTimeout',
};
