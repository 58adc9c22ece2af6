/**
 * The `Prefer` header preferences the calendar honours (outlook.timezone, outlook.body-content-type, IdType,
 * odata.maxpagesize) and the `Preference-Applied` answer. Unknown or invalid preferences are ignored, as Graph does.
 */
import type { Request, Response } from 'express';
import { resolveIana } from './tz';

export interface Preferences {
  /** Zone name as the caller spelled it (echoed in `timeZone`), and its IANA form. */
  timeZone: { name: string; iana: string };
  bodyText: boolean;
  immutableIds: boolean;
  maxPageSize: number | undefined;
  applied: string[];
}

function splitPreferences(header: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export function parsePreferences(req: Request): Preferences {
  const raw = req.headers.prefer;
  const header = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const prefs: Preferences = {
    timeZone: { name: 'UTC', iana: 'UTC' },
    bodyText: false,
    immutableIds: false,
    maxPageSize: undefined,
    applied: [],
  };
  for (const item of splitPreferences(header)) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const name = item.slice(0, eq).trim().toLowerCase();
    const value = item
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'outlook.timezone') {
      const iana = resolveIana(value);
      if (iana) {
        prefs.timeZone = { name: value, iana };
        prefs.applied.push(`outlook.timezone="${value}"`);
      }
    } else if (name === 'outlook.body-content-type') {
      const lower = value.toLowerCase();
      if (lower === 'text' || lower === 'html') {
        prefs.bodyText = lower === 'text';
        prefs.applied.push(`outlook.body-content-type="${lower}"`);
      }
    } else if (name === 'idtype' && value.toLowerCase() === 'immutableid') {
      prefs.immutableIds = true;
      prefs.applied.push('IdType="ImmutableId"');
    } else if (name === 'odata.maxpagesize' && /^\d+$/.test(value) && Number(value) > 0) {
      prefs.maxPageSize = Number(value);
      prefs.applied.push(`odata.maxpagesize=${value}`);
    }
  }
  return prefs;
}

export function applyPreferences(res: Response, prefs: Preferences): void {
  if (prefs.applied.length > 0) res.setHeader('Preference-Applied', prefs.applied.join(', '));
}
