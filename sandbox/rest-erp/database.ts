/**
 * The reference ERP's SQLite schema (better-sqlite3, a file or :memory:). Appointments keep their canonical
 * fields as one JSON column plus the columns the queries need; deletions leave tombstones for the changes feed.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS people (
  id TEXT PRIMARY KEY, login TEXT NOT NULL COLLATE NOCASE, email TEXT NOT NULL UNIQUE COLLATE NOCASE, name TEXT NOT NULL,
  time_zone TEXT);
CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, name TEXT NOT NULL, bill_to TEXT NOT NULL, ship_to TEXT);
-- A customer with rows here is its account team's only (Acting-For); one without is everyone's.
CREATE TABLE IF NOT EXISTS customer_access (
  customer_id TEXT NOT NULL REFERENCES customers(id), person_id TEXT NOT NULL REFERENCES people(id),
  PRIMARY KEY (customer_id, person_id));
CREATE TABLE IF NOT EXISTS tasks (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, state TEXT NOT NULL, customer_id TEXT NOT NULL REFERENCES customers(id));
CREATE TABLE IF NOT EXISTS contacts (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE COLLATE NOCASE, company TEXT);
CREATE TABLE IF NOT EXISTS leads (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, contact_name TEXT NOT NULL, email TEXT NOT NULL, company TEXT,
  idempotency_key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS appointments (
  id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES people(id), seq INTEGER NOT NULL, active INTEGER NOT NULL,
  needs_review INTEGER NOT NULL, fields TEXT NOT NULL, start_at TEXT NOT NULL, end_at TEXT NOT NULL,
  recurring INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS appointments_owner_seq ON appointments (owner_id, seq);
CREATE TABLE IF NOT EXISTS tombstones (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, seq INTEGER NOT NULL, deleted_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tombstones_owner_seq ON tombstones (owner_id, seq);
CREATE TABLE IF NOT EXISTS idempotency (
  principal TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,
  created_at TEXT NOT NULL, PRIMARY KEY (principal, key));
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, appointment_id TEXT NOT NULL, reason TEXT NOT NULL, recipients TEXT NOT NULL, at TEXT NOT NULL);
`;

const TABLES = [
  'meta',
  'people',
  'customers',
  'customer_access',
  'tasks',
  'contacts',
  'leads',
  'appointments',
  'tombstones',
  'idempotency',
  'outbox',
];

export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  return db;
}

/** Empties every table (children first), for a reset to the demo world; the change sequence keeps counting. */
export function clearDatabase(db: Db): void {
  for (const table of [...TABLES].reverse()) {
    if (table === 'meta') db.prepare("DELETE FROM meta WHERE name <> 'change_seq'").run();
    else db.prepare(`DELETE FROM ${table}`).run();
  }
}

/** The next value of a named counter (the change sequence, id counters), starting at 1. */
export function nextValue(db: Db, name: string): number {
  db.prepare('INSERT INTO meta (name, value) VALUES (?, 0) ON CONFLICT (name) DO NOTHING').run(name);
  return (db.prepare('UPDATE meta SET value = value + 1 WHERE name = ? RETURNING value').get(name) as { value: number })
    .value;
}

export function readValue(db: Db, name: string): number {
  const row = db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: number } | undefined;
  return row?.value ?? 0;
}

export function writeValue(db: Db, name: string, value: number): void {
  db.prepare(
    'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  ).run(name, value);
}
