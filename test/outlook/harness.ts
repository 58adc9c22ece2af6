/**
 * The Outlook adapter suites' set-up: the Microsoft 365 emulator (platform + calendar) over HTTPS on port 0, its CA
 * trusted as the product trusts it, a Graph token minted through the control API, and an OutlookCalendar for Adele.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createCalendarService } from '../../sandbox/microsoft365/calendar';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADELE_ID } from '../../sandbox/microsoft365/world/seed';
import type { CanonicalEvent } from '../../server/core/model';
import { createOutlookCalendar, type OutlookCalendar, type OutlookCalendarOptions } from '../../server/outlook';
import { loadOrCreateDevCertificate } from '../../server/tls/dev-certificate';
import { CERT_DIR, startEmulator } from '../sandbox/microsoft365/helpers';

export { ADELE_ID };

export interface OutlookHarness {
  emulator: Microsoft365Emulator;
  calendar: OutlookCalendar;
  /** Milliseconds every $batch retry waited, in order (the writer's sleep is recorded, not slept). */
  waits: number[];
  make(overrides?: Partial<OutlookCalendarOptions>): OutlookCalendar;
  stop(): Promise<void>;
}

export async function startOutlookHarness(): Promise<OutlookHarness> {
  const emulator = await startEmulator({ calendar: createCalendarService });
  const token = await emulator.control.mintGraphToken({ user: ADELE_ID, scopes: ['Calendars.ReadWrite'] });
  const waits: number[] = [];
  const make = (overrides: Partial<OutlookCalendarOptions> = {}): OutlookCalendar =>
    createOutlookCalendar({
      mailbox: ADELE_ID,
      graphBaseUrl: emulator.graphBaseUrl,
      getAccessToken: async () => token,
      logger: pino({ level: 'silent' }),
      clock: { now: () => new Date() },
      deltaPageSize: 2,
      batch: {
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
      ...overrides,
    });
  return { emulator, calendar: make(), waits, make, stop: () => emulator.stop() };
}

/** An HTTPS endpoint that answers Graph's validation handshake, as the backend's webhook does. */
export async function startWebhookEndpoint(): Promise<{ url: string; stop(): Promise<void> }> {
  const certificate = await loadOrCreateDevCertificate(CERT_DIR);
  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    const token = new URL(req.url ?? '/', 'https://localhost').searchParams.get('validationToken');
    if (token !== null) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
      return;
    }
    req.resume();
    res.writeHead(202).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A canonical timed event in Berlin starting at `startUtc`, one hour long. */
export function berlinEvent(title: string, startUtc: string, extra: Partial<CanonicalEvent> = {}): CanonicalEvent {
  const end = new Date(Date.parse(startUtc) + 3600_000).toISOString().slice(0, 19) + 'Z';
  return {
    title,
    bodyHtml: '<p>Agenda</p>',
    timing: { kind: 'timed', start: startUtc, end, timeZone: 'Europe/Berlin' },
    location: 'Room 1',
    attendees: [],
    showAs: 'busy',
    sensitivity: 'normal',
    categories: [],
    reminderMinutes: 15,
    organizer: null,
    recurrence: null,
    erpLink: null,
    ...extra,
  };
}
