/** Shared by the Odoo adapter suites: an emulator per suite, an adapter on it, canonical event builders. */
import type { CanonicalEvent } from '../../../server/core/model';
import { createOdooAdapter, type OdooAdapterConfig } from '../../../server/erp/odoo';
import type { ErpPort } from '../../../server/erp/port';
import { startOdooEmulator, type OdooEmulator } from '../../../sandbox/odoo/server';

export const NOW = new Date('2026-03-02T09:00:00Z');

export async function startEmulator(version = '19.0'): Promise<OdooEmulator> {
  return startOdooEmulator({ version, now: NOW });
}

export function adapterFor(emulator: OdooEmulator, overrides: Partial<OdooAdapterConfig> = {}): ErpPort {
  return createOdooAdapter({
    url: emulator.url,
    database: emulator.database,
    login: emulator.users.admin.login,
    apiKey: emulator.users.admin.apiKey,
    protocol: 'auto',
    clock: { now: () => new Date() },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    timeoutMs: 5000,
    ...overrides,
  });
}

export function timedEvent(overrides: Partial<CanonicalEvent> = {}): CanonicalEvent {
  return {
    title: 'Quarterly review',
    bodyHtml: '<p>Numbers &amp; plans</p>',
    timing: { kind: 'timed', start: '2026-03-05T13:00:00Z', end: '2026-03-05T14:30:00Z', timeZone: 'Europe/Paris' },
    location: 'Room 4',
    attendees: [{ email: 'alex@fabrikam.example', name: 'Alex Wilber', role: 'required', response: 'none' }],
    organizer: null,
    showAs: 'busy',
    sensitivity: 'normal',
    categories: ['Customer Meeting'],
    reminderMinutes: 15,
    recurrence: null,
    erpLink: null,
    ...overrides,
  };
}
