/**
 * Opens the store: picks the engine from DATABASE_URL, runs pending migrations, and returns the repositories
 * with transaction, health and close. It does not create PostgreSQL databases or read configuration itself.
 */
import { Kysely, Migrator, sql } from 'kysely';
import { AppError } from '../errors';
import { parseDatabaseUrl, type DatabaseEngine } from './database-url';
import { createDialect } from './dialects';
import { migrationProvider } from './migrations';
import { buildRepositories, type StoreRepositories } from './repositories';
import type { RepositoryContext } from './repository-context';
import type { Database } from './schema';
import { TransactionGuard } from './transaction-guard';
import type { StoreHealth } from './types';

/** The subset of a pino logger the store uses. */
export interface StoreLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface OpenStoreOptions {
  databaseUrl: string;
  logger?: StoreLogger;
  /** The clock for every timestamp the store writes; defaults to the system clock. */
  now?: () => Date;
}

export interface Store extends StoreRepositories {
  engine: DatabaseEngine;
  /**
   * Runs `work` in one database transaction with repositories bound to it: all its writes commit together or,
   * if it throws, none do. Use only `tx` inside: on SQLite the store's own repositories would wait for the
   * transaction to end, so there they reject with AppError `internal` instead of hanging.
   */
  transaction<T>(work: (tx: StoreRepositories) => Promise<T>): Promise<T>;
  /** Reachability plus applied and pending migrations; never throws. */
  health(): Promise<StoreHealth>;
  /** Closes the connection(s); later calls are no-ops. */
  close(): Promise<void>;
}

async function migrate(db: Kysely<Database>, migrator: Migrator, logger: StoreLogger | undefined): Promise<void> {
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const result of results) {
    if (result.status === 'Success') logger?.info({ migration: result.migrationName }, 'store migration applied');
    if (result.status === 'Error') logger?.error({ migration: result.migrationName }, 'store migration failed');
  }
  if (error !== undefined) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('internal', `Database migration failed: ${reason}`, { cause: error, operational: false });
  }
}

async function readHealth(db: Kysely<Database>, migrator: Migrator): Promise<StoreHealth> {
  try {
    await sql`select 1`.execute(db);
    const migrations = await migrator.getMigrations();
    const applied = migrations.filter((m) => m.executedAt !== undefined).map((m) => m.name);
    const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
    return { ok: pending.length === 0, migrations: { applied, pending } };
  } catch (error) {
    // Cast: the migrator and the drivers reject with Errors.
    return { ok: false, migrations: { applied: [], pending: [] }, error: (error as Error).message };
  }
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const location = parseDatabaseUrl(options.databaseUrl);
  const db = new Kysely<Database>({ dialect: createDialect(location, options.logger) });
  const migrator = new Migrator({ db, provider: migrationProvider(location.engine) });
  await migrate(db, migrator, options.logger);

  const clock = options.now ?? (() => new Date());
  const context = (handle: Kysely<Database>): RepositoryContext => ({ db: handle, now: () => clock().toISOString() });
  let closing: Promise<void> | undefined;

  const guard = new TransactionGuard();
  const ownHandle = location.engine === 'sqlite' ? db.withPlugin(guard.plugin()) : db;

  return {
    ...buildRepositories(context(ownHandle)),
    engine: location.engine,
    transaction: (work) => db.transaction().execute((trx) => guard.run(() => work(buildRepositories(context(trx))))),
    health: () => readHealth(db, migrator),
    close() {
      closing ??= db.destroy().finally(() => guard.dispose());
      return closing;
    },
  };
}
