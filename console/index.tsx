// Admin console entry: config, sign-in (msal redirect), then the console for holders of the admin role, a plain
// "you need the role" page for everyone else.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { createApi } from './api';
import { adminApi } from './admin-api';
import { createAuth } from './auth';
import { loadConsoleConfig } from './config';
import { App } from './screens/App';
import { NeedsRole, SignIn, StartFailed } from './screens/Gate';

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html lacks #root');
  const root = createRoot(container);
  const render = (node: React.ReactNode) => root.render(<FluentProvider theme={webLightTheme}>{node}</FluentProvider>);
  try {
    const config = await loadConsoleConfig();
    const auth = await createAuth(config, new URL('.', window.location.href).toString().split('#')[0]!);
    const session = await auth.session();
    if (!session) {
      render(<SignIn onSignIn={() => void auth.signIn()} />);
      return;
    }
    const who = session.account.username || session.account.name || '';
    if (!session.roles.includes(config.adminRole)) {
      render(<NeedsRole role={config.adminRole} who={who} onSignOut={() => void session.signOut()} />);
      return;
    }
    render(<App api={adminApi(createApi(session.token))} who={who} onSignOut={() => void session.signOut()} />);
  } catch (error) {
    render(<StartFailed reason={(error as Error).message} />);
  }
}

void start();
