// Task pane entry: Office.onReady is the only bootstrap; it loads config.json and renders FluentProvider around App,
// in Office's display language.
import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { loadConfig } from '../config';
import { whenOfficeReady } from '../office/host';
import { isDarkTheme } from '../office/theme';
import { App } from './components/App';
import { createPaneDeps } from './deps';
import { createI18n, I18nProvider } from './i18n';

async function start(): Promise<void> {
  await whenOfficeReady();
  const container = document.getElementById('root');
  if (!container) throw new Error('taskpane.html lacks #root');
  const root = createRoot(container);
  const theme = isDarkTheme() ? webDarkTheme : webLightTheme;
  const i18n = createI18n(Office.context.displayLanguage);
  document.documentElement.lang = i18n.lang;
  try {
    const config = await loadConfig(window.location.href);
    const deps = createPaneDeps(config, window.location.href);
    root.render(
      <FluentProvider theme={theme}>
        <I18nProvider value={i18n}>
          <App deps={deps} />
        </I18nProvider>
      </FluentProvider>,
    );
  } catch (error) {
    root.render(
      <FluentProvider theme={theme}>
        <p role="alert">{i18n.t('app.startFailed', { reason: (error as Error).message })}</p>
      </FluentProvider>,
    );
  }
}

void start();
