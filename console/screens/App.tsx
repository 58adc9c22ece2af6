// The console's frame: header (who, sign out), alerts on top, then one tab per screen. The tab is kept in the
// address (#mailboxes, #policy, ...), so each screen can be linked to and the back button works.
import { Button, Link, makeStyles, Text, Title2, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { AdminApi } from '../admin-api';
import { useLoad } from '../use-load';
import { AdminActions } from './AdminActions';
import { Alerts } from './Alerts';
import { AuditLog } from './AuditLog';
import { ErpConnection } from './ErpConnection';
import { Mailboxes } from './Mailboxes';
import { PolicyEditor } from './PolicyEditor';
import { Runs } from './Runs';
import { Tenants } from './Tenants';

const SCREENS = [
  { id: 'mailboxes', label: 'Mailboxes' },
  { id: 'tenants', label: 'Tenants' },
  { id: 'policy', label: 'Tenant policy' },
  { id: 'erp', label: 'ERP connection' },
  { id: 'runs', label: 'Runs' },
  { id: 'audit', label: 'Audit log' },
  { id: 'actions', label: 'Admin actions' },
] as const;
type ScreenId = (typeof SCREENS)[number]['id'];
const REFRESH_MS = 10_000;

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  grow: { flexGrow: 1 },
  nav: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXL,
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  current: {
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    borderBottom: `3px solid ${tokens.colorBrandStroke1}`,
    paddingBottom: tokens.spacingVerticalXS,
    display: 'inline-block',
  },
  main: {
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    display: 'grid',
    gap: tokens.spacingVerticalL,
  },
});

function screenFromHash(): ScreenId {
  const id = window.location.hash.replace(/^#/, '');
  return SCREENS.find((s) => s.id === id)?.id ?? 'mailboxes';
}

export function App({ api, who, onSignOut }: { api: AdminApi; who: string; onSignOut: () => void }) {
  const styles = useStyles();
  const [screen, setScreen] = useState<ScreenId>(screenFromHash);
  const mailboxes = useLoad(() => api.mailboxes(), [api]);
  // Tenants come from their own list: one switched to app-only before anyone connected has no mailbox yet.
  const tenants = useLoad(() => api.tenants(), [api]);
  const [policyTenant, setPolicyTenant] = useState<string | undefined>(undefined);
  // Background syncs (queued by an answer, a resume or a reset) change the mailboxes: look again every 10 s.
  useEffect(() => {
    const timer = window.setInterval(mailboxes.reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [mailboxes.reload]);
  useEffect(() => {
    const onHash = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const label = SCREENS.find((s) => s.id === screen)?.label ?? '';
  return (
    <>
      <header className={styles.header}>
        <Title2 as="h1" className={styles.grow}>
          ERP Sync admin console
        </Title2>
        <Text>Signed in as {who}</Text>
        <Button onClick={onSignOut}>Sign out</Button>
      </header>
      <main className={styles.main}>
        <Alerts api={api} mailboxes={mailboxes.data ?? []} onOpen={() => (window.location.hash = 'mailboxes')} />
        <nav aria-label="Console screens">
          <ul className={styles.nav}>
            {SCREENS.map((s) => (
              <li key={s.id}>
                <Link
                  href={`#${s.id}`}
                  appearance="subtle"
                  aria-current={s.id === screen ? 'page' : undefined}
                  className={s.id === screen ? styles.current : undefined}
                >
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <section aria-label={label}>
          {screen === 'mailboxes' && <Mailboxes api={api} mailboxes={mailboxes} tenants={tenants.data ?? []} />}
          {screen === 'tenants' && <Tenants api={api} tenants={tenants} onEditPolicy={setPolicyTenant} />}
          {screen === 'policy' && (
            <PolicyEditor
              key={policyTenant}
              api={api}
              tenantIds={(tenants.data ?? []).map((t) => t.id)}
              initialTenantId={policyTenant}
            />
          )}
          {screen === 'erp' && <ErpConnection api={api} />}
          {screen === 'runs' && <Runs api={api} mailboxes={mailboxes.data ?? []} />}
          {screen === 'audit' && <AuditLog api={api} />}
          {screen === 'actions' && <AdminActions api={api} mailboxes={mailboxes.data ?? []} />}
        </section>
      </main>
    </>
  );
}
