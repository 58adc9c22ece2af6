/**
 * Fault injection: rules matched against each model call (protocol, model, method) that answer an HTTP error,
 * add latency between the transaction's start and its work, or commit and then drop the connection unanswered.
 */
export type FaultKind = 'status' | 'latency' | 'commit_then_drop';

export interface FaultRule {
  id: number;
  kind: FaultKind;
  /** 'status': the HTTP status to answer (e.g. 500, 502, 503, 429). */
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  protocol?: 'jsonrpc' | 'json2';
  model?: string;
  method?: string;
  /** How many matching calls it still affects. */
  remaining: number;
}

export interface CallTarget {
  protocol: 'jsonrpc' | 'json2';
  model: string | null;
  method: string | null;
}

export class FaultPlan {
  private rules: FaultRule[] = [];
  private nextId = 1;
  /** Added to every call, on top of latency rules. */
  baseLatencyMs = 0;

  add(input: Omit<FaultRule, 'id' | 'remaining'> & { times?: number }): FaultRule {
    const { times, ...rest } = input;
    const rule: FaultRule = { ...rest, id: this.nextId++, remaining: times ?? 1 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.filter((r) => r.remaining > 0);
  }

  clear(): void {
    this.rules = [];
    this.baseLatencyMs = 0;
  }

  /** The first live rule matching the call, consumed by one. */
  take(target: CallTarget): FaultRule | null {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (r.protocol === undefined || r.protocol === target.protocol) &&
        (r.model === undefined || r.model === target.model) &&
        (r.method === undefined || r.method === target.method),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    return rule;
  }
}

export function validateFault(body: Record<string, unknown>): string | null {
  if (!['status', 'latency', 'commit_then_drop'].includes(String(body.kind)))
    return "kind must be 'status', 'latency' or 'commit_then_drop'";
  if (body.kind === 'status' && (typeof body.status !== 'number' || body.status < 400 || body.status > 599))
    return 'status must be a number between 400 and 599';
  if (body.kind === 'latency' && (typeof body.latencyMs !== 'number' || body.latencyMs < 0))
    return 'latencyMs must be a non-negative number';
  if (body.times !== undefined && (typeof body.times !== 'number' || body.times < 1))
    return 'times must be a positive number';
  if (body.protocol !== undefined && body.protocol !== 'jsonrpc' && body.protocol !== 'json2')
    return "protocol must be 'jsonrpc' or 'json2'";
  return null;
}
