/**
 * @jest-environment ./test/addin/helpers/jsdom-node-fetch.js
 */
// Status card, a followed run, conflicts, connection and first run, on a saved appointment, over real HTTP; in
// English and in Spanish.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EventStatus, SyncState } from '../../contract/addin-api';
import { ContractServer, untracked } from './helpers/contract-server';
import { ewsToRest } from './helpers/office-stand-in';
import { renderPane } from './helpers/render-pane';

const EWS_ID = 'AAMkAD/status+1=';
const REST_ID = ewsToRest(EWS_ID);
const soon = () => new Date(Date.now() + 60_000).toISOString();

function tracked(patch: Partial<EventStatus>): EventStatus {
  return { ...untracked(REST_ID), marked: true, state: 'synced', lastSyncedAt: '2026-11-20T09:30:00Z', ...patch };
}

let server: ContractServer;
beforeEach(async () => {
  server = await new ContractServer().start();
});
afterEach(() => server.stop());

describe('status card', () => {
  const states: Array<[SyncState, string]> = [
    ['synced', 'Synced'],
    ['pending', 'Waiting to sync'],
    ['conflict', 'Needs your choice'],
    ['error', 'Not synced'],
    ['gone', 'Not in your calendar'],
  ];
  it.each(states)('when the event is %s, then the badge says %s', async (state, label) => {
    server.events.set(REST_ID, tracked({ state }));
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    expect(screen.getByTestId('state-badge').textContent).toBe(label);
  });

  it('when the ERP flagged its record for review, then the event is Synced and the flag is explained, not a warning', async () => {
    const erpRecord = { model: 'calendar.event', id: '42', name: 'Kick-off', url: 'https://erp.example/e/42' };
    server.events.set(REST_ID, tracked({ reviewInErp: true, erpRecord }));
    server.history.set(REST_ID, [
      {
        at: '2026-11-20T09:30:00Z',
        action: 'created',
        from: 'outlook',
        fields: [],
        ok: true,
        detail: null,
        kept: null,
      },
    ]);
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    expect(screen.getByTestId('state-badge').textContent).toBe('Synced');
    expect(screen.getByText(/marks records made from Outlook “To review”/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open “Kick-off” in Odoo' }).getAttribute('href')).toBe(erpRecord.url);
    const history = await screen.findByRole('list', { name: 'Sync history' });
    expect(within(history).getByText('Created in Outlook; copied to Odoo')).toBeTruthy();
  });

  it('when the ERP refused the data, then the pane says what, who acts and what to do, and Sync now follows the run to its end', async () => {
    const lastError = {
      code: 'erp_validation' as const,
      message: 'The ERP refused the event: the customer is archived',
      detail: 'the customer is archived',
      retryable: false,
      at: '2026-11-20T10:00:00Z',
    };
    server.events.set(REST_ID, tracked({ state: 'error', lastError }));
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    expect(screen.getByText('Odoo refused this event: the customer is archived')).toBeTruthy();
    expect(screen.getByText(/You can fix this. Change the event in Outlook so Odoo accepts it/)).toBeTruthy();

    const button = screen.getByRole('button', { name: 'Sync now' });
    await userEvent.click(button);
    // The run has not ended: the pane says it is syncing, not the old state.
    await waitFor(() => expect(screen.getByTestId('state-badge').textContent).toBe('Syncing…'));
    expect(document.activeElement).toBe(button);
    server.events.set(REST_ID, tracked({ run: { startedAt: soon(), finishedAt: soon(), outcome: 'succeeded' } }));
    await waitFor(() => expect(screen.getByTestId('state-badge').textContent).toBe('Synced'));
    expect(screen.getByText(/^Sync finished/)).toBeTruthy();
    expect(server.calls('POST', `/api/events/${encodeURIComponent(REST_ID)}/sync`)).toHaveLength(1);
  });
});

describe('conflicts', () => {
  it('when the person chooses a side per field, then the choices are posted', async () => {
    server.events.set(
      REST_ID,
      tracked({
        state: 'conflict',
        conflicts: [
          {
            field: 'showAs',
            outlookValue: { kind: 'option', option: 'busy' },
            erpValue: { kind: 'option', option: 'free' },
          },
          {
            field: 'location',
            outlookValue: { kind: 'text', text: 'Room 1' },
            erpValue: { kind: 'text', text: 'Room 2' },
          },
        ],
      }),
    );
    await renderPane(server, { mode: 'organizer', ewsId: EWS_ID });
    await userEvent.click(screen.getByRole('radio', { name: 'Outlook: Busy' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Odoo: Room 2' }));
    await userEvent.click(screen.getByRole('button', { name: 'Apply choices' }));

    await waitFor(() =>
      expect(server.calls('POST', `/api/events/${encodeURIComponent(REST_ID)}/conflicts`)).toHaveLength(1),
    );
    expect(server.calls('POST', `/api/events/${encodeURIComponent(REST_ID)}/conflicts`)[0]!.body).toEqual({
      choices: { showAs: 'outlook', location: 'erp' },
    });
  });
});

describe('a conflict on an occurrence Outlook cancelled', () => {
  it.each([
    [
      'en-US',
      /^Outlook can't bring back an occurrence cancelled there: choosing Odoo's version keeps its other changes, and what was cancelled on .*7.*2026.* stays cancelled on both sides\.$/,
    ],
    [
      'es-ES',
      /^Outlook no puede recuperar una repetición cancelada allí: si elige la versión de Odoo, se conservan sus demás cambios, y lo cancelado el .*7.*2026.* sigue cancelado en ambos lados\.$/,
    ],
  ])(
    'when Outlook cancelled an occurrence the ERP changed (%s), then the pane says before the choice that it stays cancelled',
    async (displayLanguage, words) => {
      server.events.set(
        REST_ID,
        tracked({
          state: 'conflict',
          conflicts: [
            {
              field: 'recurrence',
              outlookValue: { kind: 'recurrence', rrule: 'FREQ=DAILY;COUNT=5' },
              erpValue: { kind: 'recurrence', rrule: 'FREQ=DAILY;COUNT=5' },
              note: {
                kind: 'cancelledInOutlook',
                starts: ['2026-03-07T09:00:00Z'],
                timeZone: 'Europe/Paris',
                unlessErpTimes: false,
              },
            },
          ],
        }),
      );
      await renderPane(server, { mode: 'organizer', ewsId: EWS_ID, displayLanguage });
      expect(await screen.findByText(words)).toBeTruthy();
    },
  );
});

describe('connection and first run', () => {
  it('when the person never connected, then the pane asks to connect (not "lost access") and asks no status', async () => {
    server.me = { ...server.me, connection: 'not_connected' };
    server.events.set(REST_ID, tracked({}));
    const office = await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    expect(screen.getByText('Connect ERP sync to your calendar')).toBeTruthy();
    expect(screen.queryByText(/lost access/)).toBeNull();
    expect(server.calls('GET', `/api/events/`)).toHaveLength(0);
    const asked = office.tokenRequests.length;
    await userEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(server.calls('POST', '/api/connect')).toHaveLength(1));
    expect(office.tokenRequests.length).toBeGreaterThan(asked);
    await waitFor(() => expect(screen.getByTestId('state-badge').textContent).toBe('Synced'));
  });

  it('when access was lost, then the banner says since when and that only the person can fix it', async () => {
    server.me = { ...server.me, connection: 'needs_reconnect', connectionLostAt: '2026-11-20T08:00:00Z' };
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    expect(screen.getByText('ERP sync lost access to your calendar')).toBeTruthy();
    expect(screen.getByText(/Since .*2026.*Only you can fix this/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reconnect' })).toBeTruthy();
  });

  it('when /api/me says firstRun, then the explanation shows until dismissed', async () => {
    server.me = { ...server.me, firstRun: true };
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    expect(screen.getByText('Keep this event in sync with Odoo')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Got it' }));
    await waitFor(() => expect(screen.queryByText('Keep this event in sync with Odoo')).toBeNull());
    expect(server.calls('POST', '/api/me/first-run-done')).toHaveLength(1);
  });
});

describe('in Spanish', () => {
  it('when Office shows Spanish, then the pane speaks Spanish and dates use the Spanish locale', async () => {
    server.events.set(REST_ID, tracked({}));
    await renderPane(server, { mode: 'read', ewsId: EWS_ID, displayLanguage: 'es-ES' });
    expect(screen.getByTestId('state-badge').textContent).toBe('Sincronizado');
    expect(screen.getByText(/^Última sincronización 20 nov 2026/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sincronizar ahora' })).toBeTruthy();
  });
});
