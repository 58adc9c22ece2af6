/**
 * Conversions between our values and the engine-neutral column encodings: JSON as text, booleans as 0/1,
 * bigint ids that PostgreSQL returns as strings. Shared by the repositories; no queries here.
 */

import { firstIssue } from '../zod-issue';
import type { z } from 'zod';
import { AppError } from '../errors';

/** Serialises any JSON value; `undefined` and `null` both become SQL NULL. */
export function toJsonText(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * Parses a JSON column written by `toJsonText` with its schema (stored-json.ts); NULL reads back as null. A value
 * that does not match fails with the column's name: the store never hands on a mistyped value.
 */
export function fromJsonText<T>(text: string | null, schema: z.ZodType<T>, column: string): T | null {
  if (text === null) return null;
  const parsed = schema.safeParse(JSON.parse(text));
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error, '');
  const where = field ? ` at ${field}` : '';
  throw new AppError('internal', `The stored ${column} does not have the expected shape${where}: ${message}.`);
}

export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: number | string | boolean): boolean {
  return value === true || Number(value) === 1;
}

/** PostgreSQL returns bigint and count(*) as strings; SQLite as numbers. */
export function toNumber(value: number | string | bigint): number {
  return Number(value);
}

/**
 * Rewrites an instant in the store's one text format (`toISOString`), so text order is time order on both
 * engines. Rejects what is not an instant rather than storing text that would sort wrongly.
 */
export function toInstantText(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new AppError('validation', `"${value}" is not an ISO 8601 instant.`);
  return new Date(time).toISOString();
}
