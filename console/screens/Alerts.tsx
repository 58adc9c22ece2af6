// Alerts on top of every screen: mailboxes that need reconnecting, guards that hold deletions, other conditions that
// stop a mailbox, a high share of failed runs, and a client secret or certificate that expires within 30 days.
import { Link, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components';
import type { AdminApi, Credentials, Mailbox, Run } from '../admin-api';
import { useLoad, when } from '../use-load';

/** Share of failed runs among the latest ones above which the console warns. */
export const ERROR_RATE_THRESHOLD = 0.2;

export interface Alert {
  id: string;
  intent: 'error' | 'warning';
  title: string;
  text: string;
}

function names(list: Mailbox[]): string {
  const shown = list.slice(0, 3).map((m) => m.upn);
  return list.length > 3 ? `${shown.join(', ')} and ${list.length - 3} more` : shown.join(', ');
}

/** The app credential's expiry, as the backend counts it (its `alertDays`, 30): one source for the threshold. */
function expiryAlert(credentials: Credentials | undefined): Alert | null {
  const app = credentials?.app;
  if (!app?.expiresSoon || app.expiresAt === null || app.daysLeft === null) return null;
  const left = app.daysLeft;
  const what = app.kind === 'certificate' ? 'certificate' : 'client secret';
  return {
    id: 'credential-app',
    intent: left < 7 ? 'error' : 'warning',
    title:
      left < 0 ? `The app's ${what} has expired` : `The app's ${what} expires in ${left} day${left === 1 ? '' : 's'}`,
    text:
      `It expires on ${when(app.expiresAt)}; when it does, sync stops for everyone. Add a new ${what} to the app ` +
      `registration in Entra and set ${app.configuredBy.join(' and ')} before then.`,
  };
}

export function alertsOf(mailboxes: Mailbox[], runs: Run[], credentials: Credentials | undefined): Alert[] {
  const alerts: Alert[] = [];
  const reconnect = mailboxes.filter(
    (m) => m.status === 'needs_reconnect' || m.conditions?.some((c) => c.kind === 'needs_reconnect'),
  );
  if (reconnect.length > 0) {
    alerts.push({
      id: 'reconnect',
      intent: 'error',
      title: `${reconnect.length} mailbox${reconnect.length > 1 ? 'es need' : ' needs'} reconnecting`,
      text: `${names(reconnect)}: the person opens the add-in in Outlook and signs in again. Until then nothing syncs.`,
    });
  }
  const guarded = mailboxes.filter((m) => m.conditions?.some((c) => c.kind === 'delete_guard'));
  if (guarded.length > 0) {
    alerts.push({
      id: 'guard',
      intent: 'warning',
      title: 'The mass-delete guard is holding deletions',
      text: `${names(guarded)}: confirm or reject the held deletions in Mailboxes.`,
    });
  }
  const stopped = mailboxes.filter((m) =>
    m.conditions?.some((c) => c.effect === 'stops' && c.kind !== 'needs_reconnect'),
  );
  for (const m of stopped) {
    const condition = m.conditions!.find((c) => c.effect === 'stops' && c.kind !== 'needs_reconnect')!;
    alerts.push({ id: `stop-${m.id}`, intent: 'error', title: `${m.upn} does not sync`, text: condition.reason });
  }
  const finished = runs.filter((r) => r.status !== 'running');
  const failed = finished.filter((r) => r.status === 'failed' || r.status === 'partial');
  if (finished.length >= 5 && failed.length / finished.length > ERROR_RATE_THRESHOLD) {
    alerts.push({
      id: 'error-rate',
      intent: 'warning',
      title: `High error rate: ${Math.round((100 * failed.length) / finished.length)}% of the latest runs failed`,
      text: `${failed.length} of the latest ${finished.length} runs failed or were partial. See Runs.`,
    });
  }
  const expiry = expiryAlert(credentials);
  if (expiry) alerts.push(expiry);
  return alerts;
}

const useStyles = makeStyles({ list: { display: 'grid', gap: tokens.spacingVerticalS, margin: 0, padding: 0 } });

export function Alerts({ api, mailboxes, onOpen }: { api: AdminApi; mailboxes: Mailbox[]; onOpen: () => void }) {
  const styles = useStyles();
  const runs = useLoad(async () => (await api.runs({})).items, [api]);
  const credentials = useLoad(() => api.credentials(), [api]);
  const alerts = alertsOf(mailboxes, runs.data ?? [], credentials.data);
  return (
    <section aria-label="Alerts" aria-live="polite">
      {alerts.length === 0 ? null : (
        <div className={styles.list}>
          {alerts.map((a) => (
            <MessageBar key={a.id} intent={a.intent} layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{a.title}</MessageBarTitle> {a.text}{' '}
                {(a.id === 'guard' || a.id === 'reconnect') && (
                  <Link href="#mailboxes" onClick={onOpen}>
                    Open Mailboxes
                  </Link>
                )}
              </MessageBarBody>
            </MessageBar>
          ))}
        </div>
      )}
    </section>
  );
}
