/** Shared set-up for the store suites: an open store per describe block, seeded tenants/mailboxes, a sample event. */
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import type { CanonicalEvent } from '../../server/core/model';
import { openStore, parseDatabaseUrl, type Mailbox, type Store } from '../../server/store';
import { createTestDatabase, type TestDatabase, type TestEngine } from './test-databases';

/** Opens a store on a fresh database before the block's tests; closes it, then drops the database, after them. */
export function withOpenStore(
  engine: TestEngine,
  options: { now?: () => Date } = {},
): { readonly store: Store; readonly url: string } {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = await openStore({ databaseUrl: database.url, ...options });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });
  return {
    get store(): Store {
      if (store === undefined) throw new Error('withOpenStore: the store is open only once beforeAll ran.');
      return store;
    },
    get url(): string {
      if (database === undefined) throw new Error('withOpenStore: the database exists only once beforeAll ran.');
      return database.url;
    },
  };
}

/** A clock that moves one second per reading, so every write has its own instant and order is testable. */
export function steppingClock(start = '2025-01-01T00:00:00.000Z'): () => Date {
  let time = Date.parse(start);
  return () => new Date((time += 1000));
}

/** A tenant with one mailbox, both with fresh ids so tests sharing a database never meet. */
export async function seedMailbox(store: Store, tenantId: string = randomUUID()): Promise<Mailbox> {
  await store.tenants.upsert({ id: tenantId, name: `Tenant ${tenantId}`, authMode: 'delegated' });
  const userObjectId = randomUUID();
  return store.mailboxes.upsert({
    tenantId,
    userObjectId,
    upn: `${userObjectId}@contoso.example`,
    email: `${userObjectId}@contoso.example`,
  });
}

/** An event whose text exercises JSON fidelity: accents, CJK, emoji (astral plane), quotes, control characters. */
export function sampleEvent(title = 'Réunion 会議 🚀 "quoted" \\ back\tslash\n'): CanonicalEvent {
  return {
    title,
    bodyHtml: '<p>Ünïcödé — ½ • 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩🏽‍💻</p>',
    timing: { kind: 'timed', start: '2025-03-30T01:00:00Z', end: '2025-03-30T02:30:00Z', timeZone: 'Europe/Zürich' },
    location: 'Zürich, Bahnhofstraße 1',
    attendees: [
      { email: 'zoë@contoso.example', name: 'Zoë Ørsted', role: 'required', response: 'accepted' },
      { email: 'li@contoso.example', name: '李雷', role: 'optional', response: 'none' },
    ],
    organizer: { email: 'zoë@contoso.example', name: 'Zoë Ørsted' },
    showAs: 'busy',
    sensitivity: 'normal',
    categories: ['ERP', 'Kunde ✓'],
    reminderMinutes: 15,
    recurrence: {
      rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20250630T000000Z',
      timeZone: 'Europe/Zurich',
      exDates: ['2025-04-07T06:00:00Z'],
      modified: [],
    },
    erpLink: { model: 'res.partner', id: '42', name: 'Société Générale' },
  };
}

/** Runs one SQL statement outside the store, as an operator (or another product version) would. */
export async function executeRaw(engine: TestEngine, url: string, statement: string): Promise<void> {
  if (engine === 'sqlite') {
    const database = new BetterSqlite3(parseSqliteFile(url));
    try {
      database.exec(statement);
    } finally {
      database.close();
    }
    return;
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function parseSqliteFile(url: string): string {
  const location = parseDatabaseUrl(url);
  if (location.engine !== 'sqlite') throw new Error(`${url} is not a SQLite URL`);
  return location.file;
}
