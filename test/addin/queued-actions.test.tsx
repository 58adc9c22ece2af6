/**
 * @jest-environment ./test/addin/helpers/jsdom-node-fetch.js
 */
// Actions asked while another runs wait their turn and then act on the pane's state as it is when they run; a sync
// asked for that never starts ends in a plain "still waiting" that names who acts, never in silence.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { COMPOSE_MARK_KEY } from '../../contract/addin-api/compose-mark';
import { NOT_STARTED_AFTER_MS } from '../../addin/taskpane/hooks/use-pane';
import { ContractServer, untracked } from './helpers/contract-server';
import { ewsToRest } from './helpers/office-stand-in';
import { renderPane } from './helpers/render-pane';

let server: ContractServer;
beforeEach(async () => {
  server = await new ContractServer().start();
});
afterEach(async () => {
  jest.restoreAllMocks();
  await server.stop();
});

describe('queued actions', () => {
  it('when the switch is turned off while "Save now and sync" runs, then it acts on the saved event, not the unsaved mark', async () => {
    const office = await renderPane(server, { mode: 'organizer', ewsId: null });
    await userEvent.click(screen.getByRole('switch', { name: 'Sync with Odoo' }));
    await waitFor(() => expect(office.savedProperties.has(COMPOSE_MARK_KEY)).toBe(true));
    // The tracking answer waits: the switch is pressed while the save is still under way.
    server.delayMs = 300;
    await userEvent.click(screen.getByRole('button', { name: 'Save now and sync' }));
    await userEvent.click(screen.getByRole('switch', { name: 'Sync with Odoo' }));

    await waitFor(() => expect(server.calls('PUT', '/api/events/')).toHaveLength(2));
    const restId = ewsToRest(office.ewsId!);
    const [save, off] = server.calls('PUT', '/api/events/');
    expect(save!.path).toBe(`/api/events/${encodeURIComponent(restId)}/tracking`);
    expect(save!.body).toEqual({ track: true });
    // Before, the second action used the render's values: no REST id, so it only rewrote the unsaved mark.
    expect(off!.path).toBe(save!.path);
    expect(off!.body).toEqual({ track: false });
    await waitFor(() => expect(screen.getByTestId('state-badge').textContent).toBe('Sync off'));
  });
});

describe('a requested sync that never starts', () => {
  const EWS_ID = 'AAMkAD/queued+1=';
  it('when no run starts after the request, then the pane says it is still waiting, who acts, and keeps checking', async () => {
    const restId = ewsToRest(EWS_ID);
    server.events.set(restId, { ...untracked(restId), marked: true, state: 'pending' });
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    await userEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await screen.findByText(/waiting for it to start/);
    expect(screen.getByTestId('state-badge').textContent).toBe('Syncing…');

    // The pane's clock moves past the limit; the backend's run never started (no run at all).
    const now = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => now + NOT_STARTED_AFTER_MS + 1_000);
    await screen.findByText(/has not started: the sync service is not running syncs right now/);
    expect(screen.getByText(/Your administrator must fix this/)).toBeTruthy();
    expect(screen.getByTestId('state-badge').textContent).toBe('Waiting to sync');
    const reads = server.calls('GET', `/api/events/${encodeURIComponent(restId)}`).length;
    expect(reads).toBeGreaterThan(1);
  }, 20_000);
});
