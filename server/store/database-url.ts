/**
 * Parses DATABASE_URL into the engine to open and its location. Pure: no file-system or network access, so
 * config validation can call it; the error message names what is wrong and shows a working example.
 */

export type DatabaseLocation = { engine: 'sqlite'; file: string } | { engine: 'postgres'; connectionString: string };

export type DatabaseEngine = DatabaseLocation['engine'];

const EXAMPLES = 'e.g. file:./data/sync.db, file::memory: or postgres://user:password@127.0.0.1:5432/sync';

function invalid(url: string, problem: string): Error {
  return new Error(`DATABASE_URL "${redact(url)}" ${problem} (${EXAMPLES}).`);
}

/** Hides a password so the message can be logged. */
function redact(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

function parseSqlite(url: string, rest: string): DatabaseLocation {
  if (rest === ':memory:') return { engine: 'sqlite', file: ':memory:' };
  // `file:///abs/path.db` is the RFC 8089 spelling of `file:/abs/path.db`.
  const path = rest.startsWith('///') ? rest.slice(2) : rest;
  if (path.startsWith('//')) throw invalid(url, 'names a host; a SQLite file URL takes a path only');
  if (path.length === 0) throw invalid(url, 'has no file path');
  if (path.includes('?') || path.includes('#'))
    throw invalid(url, 'has query or fragment parts, which are not supported');
  if (path.endsWith('/')) throw invalid(url, 'names a folder, not a database file');
  return { engine: 'sqlite', file: path };
}

function parsePostgres(url: string): DatabaseLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    // Cast: new URL throws only TypeErrors.
    throw invalid(url, `is not a valid URL: ${(error as Error).message}`);
  }
  if (parsed.hostname.length === 0) throw invalid(url, 'has no host');
  return { engine: 'postgres', connectionString: url };
}

/** Accepts `file:./path.db`, `file:/abs.db`, `file:///abs.db`, `file::memory:`, `:memory:`, `postgres://` and `postgresql://`. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const trimmed = url.trim();
  if (trimmed.length === 0) throw invalid(url, 'is empty');
  if (trimmed === ':memory:') return { engine: 'sqlite', file: ':memory:' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'file') return parseSqlite(url, trimmed.slice('file:'.length));
  if (scheme === 'postgres' || scheme === 'postgresql') return parsePostgres(trimmed);
  if (scheme === undefined) throw invalid(url, 'has no scheme; start it with file: or postgres://');
  throw invalid(url, `uses the unsupported scheme "${scheme}:"; use file: (SQLite) or postgres:// (PostgreSQL)`);
}
