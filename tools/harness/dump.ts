/**
 * A dump of the backend's database (every table, every row, in a stable order) read straight from SQLite or
 * PostgreSQL, and the difference between two dumps: what the fuzz run compares before and after. Tables the
 * caller names as volatile are left out.
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';

export type Dump = Map<string, string[]>;

export interface DumpDifference {
  table: string;
  added: string[];
  removed: string[];
}

function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '');
}

export async function dumpDatabase(databaseUrl: string, skip: readonly string[] = []): Promise<Dump> {
  const dump: Dump = new Map();
  if (databaseUrl.startsWith('file:')) {
    const db = new Database(sqlitePath(databaseUrl), { readonly: true, fileMustExist: true });
    try {
      const tables = db
        .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
        .all() as Array<{ name: string }>;
      for (const { name } of tables) {
        if (skip.includes(name)) continue;
        const rows = db.prepare(`select * from "${name.replace(/"/g, '""')}"`).all();
        dump.set(name, rows.map((row) => JSON.stringify(row)).sort());
      }
    } finally {
      db.close();
    }
    return dump;
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    for (const { table_name: name } of tables) {
      if (skip.includes(name)) continue;
      const { rows } = await client.query(`select * from "${name.replace(/"/g, '""')}"`);
      dump.set(name, rows.map((row: unknown) => JSON.stringify(row)).sort());
    }
  } finally {
    await client.end();
  }
  return dump;
}

/** Rows present in one dump and not the other, per table. */
export function compareDumps(before: Dump, after: Dump): DumpDifference[] {
  const differences: DumpDifference[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const was = new Set(before.get(table) ?? []);
    const is = new Set(after.get(table) ?? []);
    const added = [...is].filter((row) => !was.has(row));
    const removed = [...was].filter((row) => !is.has(row));
    if (added.length > 0 || removed.length > 0) differences.push({ table, added, removed });
  }
  return differences;
}

/** Rows of one read-only query against the backend's database (SQLite or PostgreSQL). */
export async function queryRows<T>(databaseUrl: string, sql: string): Promise<T[]> {
  if (databaseUrl.startsWith('file:')) {
    const db = new Database(sqlitePath(databaseUrl), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}
