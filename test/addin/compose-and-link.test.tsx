/**
 * @jest-environment ./test/addin/helpers/jsdom-node-fetch.js
 */
// A new appointment in compose (marked through the custom property, or saved first) and the link picker.
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { COMPOSE_MARK_KEY as MARK_PROPERTY } from '../../contract/addin-api/compose-mark';
import { SEARCH_DEBOUNCE_MS } from '../../addin/taskpane/hooks/use-record-search';
import { ContractServer } from './helpers/contract-server';
import { ewsToRest } from './helpers/office-stand-in';
import { renderPane } from './helpers/render-pane';

let server: ContractServer;
beforeEach(async () => {
  server = await new ContractServer().start();
  server.records = [
    {
      model: 'res.partner',
      id: '7',
      name: 'Acme Corp',
      url: null,
      kind: 'customer',
      type: 'customer',
      customer: null,
      detail: 'Lyon',
    },
    {
      model: 'sale.order',
      id: '31',
      name: 'Acme order S00031',
      url: null,
      kind: 'document',
      type: 'quotation',
      customer: { id: '7', name: 'Acme Corp' },
      detail: null,
    },
    {
      model: 'res.partner',
      id: '9',
      name: 'Globex',
      url: null,
      kind: 'customer',
      type: 'customer',
      customer: null,
      detail: null,
    },
  ];
});
afterEach(() => server.stop());

describe('new appointment in compose', () => {
  it('when sync is turned on, then the custom property marks the item and the backend is not called', async () => {
    const office = await renderPane(server, { mode: 'organizer', ewsId: null });
    expect(screen.getByText(/This event is not saved yet/)).toBeTruthy();

    await userEvent.click(screen.getByRole('switch', { name: 'Sync with Odoo' }));

    await waitFor(() => expect(office.savedProperties.get(MARK_PROPERTY)).toBeDefined());
    expect(JSON.parse(office.savedProperties.get(MARK_PROPERTY) as string)).toEqual({ track: true, link: null });
    expect(screen.getByText(/This new event is marked for sync/)).toBeTruthy();
    expect(server.calls('PUT', '/api/events/')).toHaveLength(0);
  });

  it('when the person chooses "Save now and sync", then the item is saved and tracked under its REST id', async () => {
    const office = await renderPane(server, { mode: 'organizer', ewsId: null });
    await userEvent.click(screen.getByRole('switch', { name: 'Sync with Odoo' }));
    await waitFor(() => expect(office.savedProperties.has(MARK_PROPERTY)).toBe(true));

    await userEvent.click(screen.getByRole('button', { name: 'Save now and sync' }));

    await waitFor(() => expect(server.calls('PUT', '/api/events/')).toHaveLength(1));
    expect(office.saves).toBe(1);
    const restId = ewsToRest(office.ewsId!);
    const [put] = server.calls('PUT', '/api/events/');
    expect(put!.path).toBe(`/api/events/${encodeURIComponent(restId)}/tracking`);
    expect(put!.body).toEqual({ track: true });
    await waitFor(() => expect(screen.getByTestId('state-badge').textContent).toBe('Waiting to sync'));
    expect(screen.queryByRole('button', { name: 'Save now and sync' })).toBeNull();
  });

  it('when a record is picked before saving, then the link rides in the custom property', async () => {
    const office = await renderPane(server, { mode: 'organizer', ewsId: null });
    await userEvent.type(
      screen.getByRole('combobox', { name: 'Regarding (customer, contact, opportunity, quote or order)' }),
      'glo',
    );
    await userEvent.click(await screen.findByRole('option', { name: /Globex/ }));
    await waitFor(() => expect(office.savedProperties.has(MARK_PROPERTY)).toBe(true));
    expect(JSON.parse(office.savedProperties.get(MARK_PROPERTY) as string)).toEqual({
      track: true,
      link: { model: 'res.partner', id: '9', name: 'Globex' },
    });
  });
});

describe('record picker', () => {
  it('when the person types, then one debounced search runs for the final text and a pick links the event', async () => {
    await renderPane(server, { mode: 'read', ewsId: 'AAMk/pick=' });
    const box = screen.getByRole('combobox', { name: 'Regarding (customer, contact, opportunity, quote or order)' });
    // Three edits in one synchronous block: no debounce timer can fire in between, however busy the machine is,
    // so exactly one search for the final text must reach the backend.
    fireEvent.change(box, { target: { value: 'ac' } });
    fireEvent.change(box, { target: { value: 'acm' } });
    fireEvent.change(box, { target: { value: 'acme' } });
    await waitFor(() => expect(server.calls('GET', '/api/erp/records')).toHaveLength(1));
    await act(() => new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS * 2)));
    expect(server.calls('GET', '/api/erp/records').map((r) => r.path)).toEqual(['/api/erp/records?q=acme']);
    await userEvent.click(box); // opens the listbox
    await screen.findByRole('option', { name: /Customer: Acme Corp/ });
    expect(screen.getAllByRole('option')).toHaveLength(2);

    // Set Regarding: each option names its type and its customer.
    expect(screen.getByRole('option', { name: /Quotation: Acme order S00031.*of Acme Corp/ })).toBeTruthy();
    await userEvent.click(screen.getByRole('option', { name: /Acme order/ }));

    await waitFor(() => expect(server.calls('PUT', '/api/events/')).toHaveLength(1));
    expect(server.calls('PUT', '/api/events/')[0]!.body).toEqual({
      track: true,
      link: { model: 'sale.order', id: '31', name: 'Acme order S00031' },
    });
    // The record's name, never its model and id.
    expect(await screen.findByText('Acme order S00031')).toBeTruthy();
    expect(screen.queryByText(/sale\.order|#31/)).toBeNull();
  });

  it('when fewer than two characters are typed, then nothing is searched and the hint says to type more', async () => {
    await renderPane(server, { mode: 'read', ewsId: 'AAMk/pick=' });
    fireEvent.change(
      screen.getByRole('combobox', { name: 'Regarding (customer, contact, opportunity, quote or order)' }),
      { target: { value: 'a' } },
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS * 2)));
    expect(server.calls('GET', '/api/erp/records')).toHaveLength(0);
    expect(screen.getByText('Type at least 2 letters to search.')).toBeTruthy();
  });
});
