// Renders the real task pane (App + createPaneDeps) against a stand-in Office host and a contract server.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { configure, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../../addin/taskpane/components/App';
import { createPaneDeps } from '../../../addin/taskpane/deps';
import { createI18n, I18nProvider } from '../../../addin/taskpane/i18n';
import type { ContractServer } from './contract-server';
import { installOffice, type StandIn, type StandInOptions } from './office-stand-in';

// The machine is shared: wait generously for the pane (a cap on waiting, not a speed assertion).
configure({ asyncUtilTimeout: 10_000 });

export const PAGE_URL = 'https://sync.example.test/addin/taskpane.html';

export async function renderPane(server: ContractServer, office: StandInOptions): Promise<StandIn> {
  const host = installOffice(office);
  const deps = createPaneDeps(
    {
      clientId: '3f9d2c1e-8b7a-4c6d-9e5f-0a1b2c3d4e5f',
      apiOrigin: server.origin,
      apiScope: 'api://sync.example.test/x/access_as_user',
    },
    PAGE_URL,
  );
  render(
    <FluentProvider theme={webLightTheme}>
      <I18nProvider value={createI18n(office.displayLanguage ?? 'en-US')}>
        <App deps={deps} />
      </I18nProvider>
    </FluentProvider>,
  );
  // Ready: the switch is on screen and nothing is loading any more (status or mark loaded, or a load failed).
  await screen.findByRole('switch', {
    name: office.displayLanguage?.startsWith('es') ? 'Sincronizar con Odoo' : 'Sync with Odoo',
  });
  await waitFor(() => expect(screen.getByRole('main').getAttribute('aria-busy')).toBe('false'));
  return host;
}
