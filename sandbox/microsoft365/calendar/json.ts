/** Small readers for untyped JSON request bodies: object checks and case-insensitive enum matching. */
import { badRequest } from './errors';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Matches an enum value case-insensitively (Graph accepts "Required", "HTML") and returns its canonical spelling. */
export function enumValue<T extends string>(value: unknown, allowed: readonly T[], property: string): T {
  const found = allowed.find((a) => typeof value === 'string' && a.toLowerCase() === value.toLowerCase());
  if (!found) throw badRequest(`Invalid value '${String(value)}' for property '${property}'.`);
  return found;
}
