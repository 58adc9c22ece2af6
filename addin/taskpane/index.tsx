// Task pane entry: Office.onReady is the only bootstrap; it loads config.json and renders FluentProvider around App.
import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { loadConfig } from '../config';
import { whenOfficeReady } from '../office/host';
import { isDarkTheme } from '../office/theme';
import { App } from './components/App';
import { createPaneDeps } from './deps';

async function start(): Promise<void> {
  await whenOfficeReady();
  const container = document.getElementById('root');
  if (!container) throw new Error('taskpane.html lacks #root');
  const root = createRoot(container);
  const theme = isDarkTheme() ? webDarkTheme : webLightTheme;
  try {
    const config = await loadConfig(window.location.href);
    const deps = createPaneDeps(config, window.location.href);
    root.render(
      <FluentProvider theme={theme}>
        <App deps={deps} />
      </FluentProvider>,
    );
  } catch (error) {
    root.render(
      <FluentProvider theme={theme}>
        <p role="alert">ERP sync could not start: {(error as Error).message}</p>
      </FluentProvider>,
    );
  }
}

void start();
