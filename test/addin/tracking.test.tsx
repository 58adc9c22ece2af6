/**
 * @jest-environment ./test/addin/helpers/jsdom-node-fetch.js
 */
// Saved appointments: the switch sets tracking through the API with the REST id, in read and organizer modes.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ContractServer } from './helpers/contract-server';
import { ewsToRest } from './helpers/office-stand-in';
import { renderPane } from './helpers/render-pane';

const EWS_ID = 'AAMkAGI2TG93AAA/abc+def=';

let server: ContractServer;
beforeEach(async () => {
  server = await new ContractServer().start();
});
afterEach(() => server.stop());

describe('sync switch on a saved appointment', () => {
  it.each(['read', 'organizer'] as const)(
    'when turned on in %s mode, then PUT tracking with the REST id and the bearer token',
    async (mode) => {
      await renderPane(server, { mode, ewsId: EWS_ID, tokens: ['sso-token'] });
      const toggle = screen.getByRole<HTMLInputElement>('switch', { name: 'Sync with Odoo' });
      expect(toggle.checked).toBe(false);

      await userEvent.click(toggle);

      await waitFor(() =>
        expect(screen.getByRole<HTMLInputElement>('switch', { name: 'Sync with Odoo' }).checked).toBe(true),
      );
      const [put] = server.calls('PUT', '/api/events/');
      expect(put!.path).toBe(`/api/events/${encodeURIComponent(ewsToRest(EWS_ID))}/tracking`);
      expect(put!.body).toEqual({ track: true });
      expect(put!.authorization).toBe('Bearer sso-token');
      expect(screen.getByTestId('state-badge').textContent).toBe('Waiting to sync');
      // Space on the switch keeps the focus on the switch (it is never disabled while the change is saved).
      expect(document.activeElement).toBe(screen.getByRole('switch', { name: 'Sync with Odoo' }));
    },
  );

  it('when turned off, then PUT tracking false and the status says not synced', async () => {
    server.events.set(ewsToRest(EWS_ID), {
      outlookId: ewsToRest(EWS_ID),
      state: 'synced',
      marked: true,
      lastSyncedAt: '2026-11-20T10:00:00Z',
      erpRecord: null,
      link: null,
      lastError: null,
      conflicts: [],
      origin: 'outlook',
      reviewInErp: null,
      run: null,
      syncRequestedAt: null,
      conditions: [],
    });
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    await userEvent.click(screen.getByRole('switch', { name: 'Sync with Odoo' }));
    await waitFor(() => expect(server.calls('PUT', '/api/events/')).toHaveLength(1));
    expect(server.calls('PUT', '/api/events/')[0]!.body).toEqual({ track: false });
    await waitFor(() => expect(screen.getByTestId('state-badge').textContent).toBe('Sync off'));
  });
});
