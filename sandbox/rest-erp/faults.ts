/**
 * Injected faults for tests and demos: the next N matching API requests fail with a status (503 + Retry-After,
 * say) or succeed with a body that breaks the contract, so a client's handling of both can be shown.
 */
import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from './problems';

export interface Fault {
  /** Answer with this status (>= 400) instead of serving the request. */
  status?: number;
  retryAfterSeconds?: number;
  /** Serve the request, then break the first appointment in the body (its timing's start is no instant). */
  corrupt?: boolean;
  /** How many requests it hits (default 1). */
  count?: number;
  /** Only requests whose path starts with this (e.g. `/appointments`). */
  path?: string;
  method?: string;
}

/** Finds the first object with a `timing` member, depth first, and spoils its start. */
function corruptFirstAppointment(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(corruptFirstAppointment);
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  const timing = record.timing as Record<string, unknown> | undefined;
  if (timing && typeof timing === 'object') {
    if (timing.kind === 'timed') timing.start = 'not-a-date';
    else timing.startDate = 'not-a-date';
    return true;
  }
  return Object.values(record).some(corruptFirstAppointment);
}

export class FaultInjector {
  private faults: Array<Fault & { remaining: number }> = [];

  add(fault: Fault): void {
    if (fault.status === undefined && !fault.corrupt) throw new Error('A fault needs a status or corrupt: true');
    this.faults.push({ ...fault, remaining: fault.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  pending(): number {
    return this.faults.reduce((sum, f) => sum + f.remaining, 0);
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const fault = this.faults.find(
        (f) =>
          f.remaining > 0 && req.path.startsWith(f.path ?? '/') && (!f.method || f.method.toUpperCase() === req.method),
      );
      if (!fault) return next();
      fault.remaining -= 1;
      this.faults = this.faults.filter((f) => f.remaining > 0);
      if (fault.corrupt) {
        const json = res.json.bind(res);
        res.json = (body: unknown) => {
          corruptFirstAppointment(body);
          return json(body);
        };
        return next();
      }
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
      next(
        new ProblemError(
          fault.status ?? 503,
          'injected-fault',
          'Injected fault',
          'A fault injected through /_control.',
          { headers },
        ),
      );
    };
  }
}
