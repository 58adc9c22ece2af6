/**
 * Turns constraint violations from either engine into an AppError `conflict`, so callers can tell "already
 * exists" or "unknown parent" from a broken database. Everything else is rethrown untouched.
 */
import { AppError } from '../errors';

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
}

const UNIQUE_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const FOREIGN_KEY_CODES = new Set(['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY']);

/** What kind of constraint a driver error reports, if any. */
export function constraintViolation(error: unknown): 'unique' | 'foreign_key' | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  // Cast: an object (checked above); its optional code is compared, never trusted.
  const code = (error as DriverError).code;
  if (typeof code !== 'string') return undefined;
  if (UNIQUE_CODES.has(code)) return 'unique';
  if (FOREIGN_KEY_CODES.has(code)) return 'foreign_key';
  return undefined;
}

/** Runs a write and reports a violated constraint as `conflict`, naming what the write was. */
export async function translateConstraintErrors<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const violation = constraintViolation(error);
    if (violation === undefined) throw error;
    const message =
      violation === 'unique'
        ? `${what}: a row with the same key already exists`
        : `${what}: it refers to a row that does not exist`;
    throw new AppError('conflict', message, { cause: error, details: { constraint: violation } });
  }
}
