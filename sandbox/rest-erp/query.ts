/**
 * Query-string readers for the reference ERP's routes: each returns a typed value or throws a 400 problem
 * naming the parameter.
 */
import type { Request } from 'express';
import { badRequest } from './problems';

export function optionalString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`Query parameter ${name} must be given once.`);
  return value;
}

export function requiredString(req: Request, name: string): string {
  const value = optionalString(req, name);
  if (value === undefined || value === '') throw badRequest(`Query parameter ${name} is required.`);
  return value;
}

export function limitParam(req: Request, fallback = 100): number {
  const text = optionalString(req, 'limit');
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 500) throw badRequest('limit must be an integer from 1 to 500.');
  return value;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A date-time parameter, normalised to the ISO form the store compares; `fallback` when absent. */
export function instantParam(req: Request, name: string, fallback: string): string {
  const text = optionalString(req, name);
  if (text === undefined) return fallback;
  if (!INSTANT.test(text) || Number.isNaN(Date.parse(text))) throw badRequest(`${name} must be an RFC 3339 date-time.`);
  return new Date(text).toISOString();
}

export function booleanParam(req: Request, name: string): boolean {
  const text = optionalString(req, name);
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  throw badRequest(`${name} must be true or false.`);
}

/** The instance's own base URL, as the client reached it: the URLs in bodies point there. */
export function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${String(req.app.locals.basePath ?? '')}`;
}

export const EARLIEST = '0000-01-01T00:00:00.000Z';
export const LATEST = '9999-12-31T23:59:59.999Z';
