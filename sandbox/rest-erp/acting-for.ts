/**
 * The contract's `Acting-For` header: the ERP user a call is made for; the answer is what that person may see
 * (directory.ts: a customer with an account team is the team's only). Absent: the integration's own rights.
 */
import type { Request } from 'express';
import type { Db } from './database';
import { personExists } from './directory';
import { ProblemError } from './problems';

export function actingFor(req: Request, db: Db): string | null {
  const person = req.header('acting-for');
  if (person === undefined) return null;
  if (!personExists(db, person)) {
    throw new ProblemError(403, 'forbidden', 'Forbidden', `Acting-For names no person of this ERP (${person}).`);
  }
  return person;
}
