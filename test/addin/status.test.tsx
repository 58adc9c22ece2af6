/**
 * @jest-environment ./test/addin/helpers/jsdom-node-fetch.js
 */
// Status card, conflicts, reconnect banner and first run, on a saved appointment, over real HTTP.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PROBLEM_TYPES, type EventStatus, type SyncState } from '../../contract/addin-api';
import { STATE_LABELS } from '../../addin/taskpane/components/StatusCard';
import { ContractServer, untracked } from './helpers/contract-server';
import { ewsToRest } from './helpers/office-stand-in';
import { renderPane } from './helpers/render-pane';

const EWS_ID = 'AAMkAD/status+1=';
const REST_ID = ewsToRest(EWS_ID);

function tracked(patch: Partial<EventStatus>): EventStatus {
  return { ...untracked(REST_ID), marked: true, state: 'synced', lastSyncedAt: '2026-11-20T09:30:00Z', ...patch };
}

let server: ContractServer;
beforeEach(async () => {
  server = await new ContractServer().start();
});
afterEach(() => server.stop());

describe('status card', () => {
  const states: SyncState[] = ['synced', 'pending', 'conflict', 'needs_review', 'error'];
  it.each(states)('when the event is %s, then the badge names the state', async (state) => {
    server.events.set(REST_ID, tracked({ state }));
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    expect(screen.getByTestId('state-badge').textContent).toBe(STATE_LABELS[state][0]);
  });

  it('when the event is synced, then it shows last synced, the ERP record link and the history', async () => {
    server.events.set(
      REST_ID,
      tracked({ erpRecord: { model: 'calendar.event', id: '42', name: 'Kick-off', url: 'https://erp.example/e/42' } }),
    );
    server.history.set(REST_ID, [
      {
        at: '2026-11-20T09:30:00Z',
        direction: 'outlook_to_erp',
        action: 'created',
        summary: 'Created in Odoo',
        ok: true,
      },
    ]);
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    expect(screen.getByText(/^Last synced/)).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Open “Kick-off” in Odoo' });
    expect(link.getAttribute('href')).toBe('https://erp.example/e/42');
    const history = await screen.findByRole('list', { name: 'Sync history' });
    expect(within(history).getByText('Created in Odoo')).toBeTruthy();
  });

  it('when the last sync failed, then the error shows in plain words and Retry posts a sync', async () => {
    const lastError = {
      code: 'erp_validation',
      message: 'Odoo refused the event: the customer is archived.',
      retryable: true,
      at: '2026-11-20T10:00:00Z',
    };
    server.events.set(REST_ID, tracked({ state: 'error', lastError }));
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    expect(screen.getByText('Odoo refused the event: the customer is archived.')).toBeTruthy();

    server.events.set(REST_ID, tracked({ state: 'synced' }));
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(screen.getByTestId('state-badge').textContent).toBe('Synced'));
    expect(server.calls('POST', `/api/events/${encodeURIComponent(REST_ID)}/sync`)).toHaveLength(1);
  });
});

describe('pending sync', () => {
  it('when the sync is pending, then the pane re-reads the status until it settles and reloads the history', async () => {
    server.events.set(REST_ID, tracked({ state: 'pending' }));
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    expect(screen.getByTestId('state-badge').textContent).toBe('Sync pending');
    const historyLoads = server.calls('GET', `/api/events/${encodeURIComponent(REST_ID)}/history`).length;

    server.events.set(REST_ID, tracked({ state: 'synced' }));

    await waitFor(() => expect(screen.getByTestId('state-badge').textContent).toBe('Synced'));
    await waitFor(() =>
      expect(server.calls('GET', `/api/events/${encodeURIComponent(REST_ID)}/history`).length).toBeGreaterThan(
        historyLoads,
      ),
    );
  });
});

describe('conflicts', () => {
  it('when the person chooses a side per field, then the choices are posted', async () => {
    server.events.set(
      REST_ID,
      tracked({
        state: 'conflict',
        conflicts: [
          { field: 'start', label: 'Start time', outlookValue: '20 Nov 10:00', erpValue: '20 Nov 11:00' },
          { field: 'location', label: 'Location', outlookValue: 'Room 1', erpValue: 'Room 2' },
        ],
      }),
    );
    await renderPane(server, { mode: 'organizer', ewsId: EWS_ID });
    const apply = screen.getByRole('button', { name: 'Apply choices' });
    expect((apply as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(screen.getByRole('radio', { name: 'Outlook: 20 Nov 10:00' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Odoo: Room 2' }));
    await userEvent.click(screen.getByRole('button', { name: 'Apply choices' }));

    await waitFor(() =>
      expect(server.calls('POST', `/api/events/${encodeURIComponent(REST_ID)}/conflicts`)).toHaveLength(1),
    );
    expect(server.calls('POST', `/api/events/${encodeURIComponent(REST_ID)}/conflicts`)[0]!.body).toEqual({
      choices: { start: 'outlook', location: 'erp' },
    });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Apply choices' })).toBeNull());
  });
});

describe('reconnect and first run', () => {
  it('when the backend answers needs-reconnect, then the banner shows and Reconnect signs in again and connects', async () => {
    server.script.push({
      method: 'GET',
      path: '/api/events/',
      status: 409,
      body: { type: PROBLEM_TYPES.needsReconnect, title: 'Reconnect needed', status: 409 },
    });
    server.events.set(REST_ID, tracked({}));
    const office = await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    const banner = screen.getByText('Reconnect needed').closest('[role="alert"]') as HTMLElement;
    const asked = office.tokenRequests.length;

    await userEvent.click(within(banner).getByRole('button', { name: 'Reconnect' }));

    await waitFor(() => expect(server.calls('POST', '/api/connect')).toHaveLength(1));
    expect(office.tokenRequests.length).toBeGreaterThan(asked);
    await waitFor(() => expect(screen.queryByText('Reconnect needed')).toBeNull());
    expect(screen.getByTestId('state-badge').textContent).toBe('Synced');
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
