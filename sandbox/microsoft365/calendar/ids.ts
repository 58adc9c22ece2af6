/**
 * Event identifiers: an immutable id (never changes) and a per-folder id (changes when the item moves), both
 * opaque to clients; occurrence ids derive from their master and original start. Also iCalUId and changeKey.
 */
import { randomBytes } from 'node:crypto';

const IMMUTABLE_PREFIX = 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A';
const FOLDER_PREFIX = 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwA';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newKey(): string {
  return Array.from(randomBytes(24), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

export function newChangeKey(): string {
  return randomBytes(16).toString('base64');
}

/** `yyyymmddThhmmssZ` of a UTC instant: the occurrence part of an occurrence key. */
function compactUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
}

export function occurrenceKey(masterKey: string, originalStart: number): string {
  return `${masterKey}_${compactUtc(originalStart)}`;
}

/** Splits an occurrence/exception key into its master key and original start; undefined for plain keys. */
export function parseOccurrenceKey(key: string): { masterKey: string; originalStart: number } | undefined {
  const m = /^([A-Za-z0-9]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(key);
  if (!m) return undefined;
  const [, masterKey, y, mo, d, h, mi, s] = m;
  return { masterKey: masterKey!, originalStart: Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) };
}

export function encodeId(key: string, folderGeneration: number, immutable: boolean): string {
  return immutable ? `${IMMUTABLE_PREFIX}${key}=` : `${FOLDER_PREFIX}${key}-${folderGeneration}=`;
}

/** Decodes either id form; a per-folder id also names the folder generation it was issued for. */
export function decodeId(id: string): { key: string; folderGeneration: number | null } | undefined {
  if (id.startsWith(IMMUTABLE_PREFIX) && id.endsWith('=')) {
    return { key: id.slice(IMMUTABLE_PREFIX.length, -1), folderGeneration: null };
  }
  const m = /^(.+)-(\d+)=$/.exec(id.startsWith(FOLDER_PREFIX) ? id.slice(FOLDER_PREFIX.length) : '');
  if (!m) return undefined;
  return { key: m[1]!, folderGeneration: Number(m[2]) };
}

/** Outlook's global object id form: the date bytes are zero for a series, the occurrence date for an instance. */
export function newICalUId(): string {
  return `040000008200E00074C5B7101A82E00800000000${randomBytes(8).toString('hex').toUpperCase()}000000000000000010000000${randomBytes(16).toString('hex').toUpperCase()}`;
}

export function occurrenceICalUId(seriesUid: string, originalStartWall: number): string {
  const d = new Date(originalStartWall);
  const y = d.getUTCFullYear().toString(16).toUpperCase().padStart(4, '0');
  const mo = (d.getUTCMonth() + 1).toString(16).toUpperCase().padStart(2, '0');
  const day = d.getUTCDate().toString(16).toUpperCase().padStart(2, '0');
  return `${seriesUid.slice(0, 32)}${y}${mo}${day}${seriesUid.slice(40)}`;
}

/**
 * `occurrenceId` (beta event resource): "OID.{seriesMasterId-value}.{occurrence-start-date}", the date in the
 * series' recurrenceTimeZone (https://learn.microsoft.com/en-us/graph/api/resources/event?view=graph-rest-beta).
 */
export function occurrenceId(masterId: string, originalStartWall: number): string {
  return `OID.${masterId}.${new Date(originalStartWall).toISOString().slice(0, 10)}`;
}

export function parseOccurrenceId(id: string): { masterId: string; date: string } | undefined {
  const m = /^OID\.(.+)\.(\d{4}-\d{2}-\d{2})$/.exec(id);
  return m ? { masterId: m[1]!, date: m[2]! } : undefined;
}
