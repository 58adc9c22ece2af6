/**
 * Whether a record moved on from the version a conditional write expected. Odoo has no conditional write: the
 * adapter compares the version it reads just before writing.
 */
import { writeDateOf } from './event-reader';

/**
 * Odoo's own stamp (the write_date part) differs, or, within the same second, the content fingerprint does. A bare
 * write_date (a base recorded before versions carried content) is compared by its write_date only.
 */
export function stale(expected: string, current: string): boolean {
  if (writeDateOf(expected) !== writeDateOf(current)) return true;
  return expected.includes('#') && expected !== current;
}
