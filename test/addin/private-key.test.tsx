/**
 * @jest-environment ./test/addin/helpers/jsdom-node-fetch.js
 */
// "Private appointments": the person enters their own Odoo API key once; a refused key is said in plain words (in
// English and Spanish) with what to do; a key Odoo later refused shows as a condition and the card asks for a new one.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ContractServer } from './helpers/contract-server';
import { renderPane } from './helpers/render-pane';

const EWS_ID = 'AAMkAD/private+1=';

let server: ContractServer;
beforeEach(async () => {
  server = await new ContractServer().start();
});
afterEach(() => server.stop());

describe('private appointments key', () => {
  it('when the ERP needs no key, then the pane shows no key entry', async () => {
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    await waitFor(() => expect(server.calls('GET', '/api/erp/private-key')).toHaveLength(1));
    expect(screen.queryByRole('group', { name: 'Private appointments' })).toBeNull();
    expect(screen.queryByLabelText('Your Odoo API key')).toBeNull();
  });

  it('when no key is linked, then the person is told why and how, a wrong key is refused in plain words, their own is linked', async () => {
    server.privateKey = 'missing';
    await renderPane(server, { mode: 'read', ewsId: EWS_ID });
    const card = await screen.findByRole('group', { name: 'Private appointments' });
    expect(within(card).getByText(/stay out of sync/)).toBeTruthy();
    expect(within(card).getByText(/My Preferences > Account Security > New API Key/)).toBeTruthy();
    const input = within(card).getByLabelText('Your Odoo API key');
    expect(input.getAttribute('type')).toBe('password');
    await userEvent.type(input, 'made-up-key-123456');
    await userEvent.click(within(card).getByRole('button', { name: 'Use this key' }));
    expect(
      await within(card).findByText('Odoo does not accept this key. Copy it again whole, or make a new one.'),
    ).toBeTruthy();
    await userEvent.clear(input);
    await userEvent.type(input, server.ownKey);
    await userEvent.click(within(card).getByRole('button', { name: 'Use this key' }));
    expect(await within(card).findByText(/sync with your own Odoo API key/)).toBeTruthy();
    expect(server.calls('PUT', '/api/erp/private-key').map((r) => r.body)).toEqual([
      { apiKey: 'made-up-key-123456' },
      { apiKey: server.ownKey },
    ]);
    expect(card.textContent).not.toContain(server.ownKey);
    await userEvent.click(within(card).getByRole('button', { name: 'Remove my key' }));
    expect(await within(card).findByLabelText('Your Odoo API key')).toBeTruthy();
  });

  it('when Odoo refused the linked key, then the condition and the card ask for a new key, in Spanish too, and a new key clears it', async () => {
    server.privateKey = 'refused';
    server.me.conditions = [
      {
        kind: 'erp_private_key',
        reason: 'Odoo refused the API key linked for adele@contoso.example.',
        action: 'The person makes a new API key.',
        effect: 'limits',
        clearedBy: 'person',
        since: '2026-11-20T09:00:00Z',
      },
    ];
    await renderPane(server, { mode: 'read', ewsId: EWS_ID, displayLanguage: 'es-ES' });
    expect(screen.getByText(/rechazó la clave de API que vinculó para sus citas privadas/)).toBeTruthy();
    const card = await screen.findByRole('group', { name: 'Citas privadas' });
    expect(within(card).getByText(/ya no acepta la clave que introdujo/)).toBeTruthy();
    await userEvent.type(within(card).getByLabelText('Su clave de API de Odoo'), server.ownKey);
    await userEvent.click(within(card).getByRole('button', { name: 'Usar esta clave' }));
    expect(await within(card).findByText(/se sincronizan con su propia clave de API de Odoo/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByText(/rechazó la clave de API/)).toBeNull());
  });
});
