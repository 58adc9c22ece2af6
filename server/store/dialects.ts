/**
 * Opens the driver behind each engine and wraps it in its Kysely dialect: better-sqlite3 in WAL mode with
 * foreign keys on, or a pg Pool. Creates the SQLite file's folder; creates no PostgreSQL database.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { PostgresDialect, SqliteDialect, type Dialect, type SqliteDatabase } from 'kysely';
import { Pool } from 'pg';
import type { DatabaseLocation } from './database-url';

/** How long a SQLite writer waits for another process's lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** Connections per process; syncs are leased one mailbox at a time per worker, so a few suffice. */
export const POSTGRES_POOL_SIZE = 10;

export interface DialectLogger {
  error(details: object, message: string): void;
}

function sqliteDialect(file: string): Dialect {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  try {
    // WAL lets readers proceed while one writer commits; NORMAL sync is durable enough under WAL.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    database.close();
    throw error;
  }
  // Kysely's SqliteDriver runs every query and whole transactions on this one connection behind a mutex,
  // so concurrent transactions are serialised rather than interleaved.
  return new SqliteDialect({ database: withStatementCache(database) });
}

/** Prepared statements kept per connection (by SQL text, least recently used dropped first). */
export const SQLITE_STATEMENTS_KEPT = 500;

/**
 * Kysely prepares every query anew; a first sync of 2,000 events ran one UPDATE per row, and preparing took as long as
 * running them. Statements are kept by SQL text and reused: Kysely's mutex runs one query at a time on this
 * connection, so a statement is never asked for again while it is still iterating.
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => void database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= SQLITE_STATEMENTS_KEPT) statements.delete(statements.keys().next().value ?? '');
      } else statements.delete(sql);
      statements.set(sql, statement);
      return statement;
    },
  };
}

function postgresDialect(connectionString: string, logger: DialectLogger | undefined): Dialect {
  const pool = new Pool({ connectionString, max: POSTGRES_POOL_SIZE });
  // An idle client can fail (server restart); without a listener pg would crash the process. With a logger the
  // failure is reported and the pool replaces the client on the next query.
  if (logger !== undefined) pool.on('error', (error) => logger.error({ err: error }, 'PostgreSQL idle client failed'));
  return new PostgresDialect({ pool });
}

export function createDialect(location: DatabaseLocation, logger?: DialectLogger): Dialect {
  return location.engine === 'sqlite'
    ? sqliteDialect(location.file)
    : postgresDialect(location.connectionString, logger);
}
