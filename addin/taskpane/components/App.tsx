// The task pane: banners, the sync switch and link picker, then status, conflicts and history for a saved event.
import { Divider, Spinner, Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PaneDeps } from '../deps';
import { usePane } from '../hooks/use-pane';
import { ComposeNotice } from './ComposeNotice';
import { ConflictResolver } from './ConflictResolver';
import { ErrorLine } from './ErrorLine';
import { FirstRun } from './FirstRun';
import { HistoryList } from './HistoryList';
import { ReconnectBanner } from './ReconnectBanner';
import { RecordPicker } from './RecordPicker';
import { StatusCard } from './StatusCard';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    maxWidth: '100%',
    minWidth: 0,
    boxSizing: 'border-box',
  },
});

export interface AppProps {
  deps: PaneDeps;
}

export function App({ deps }: AppProps) {
  const styles = useStyles();
  const [state, actions] = usePane(deps);
  const { me, item, status, mark, busy, error } = state;
  const erpName = me?.erp.name ?? 'the ERP';
  const tracked = status ? status.state !== 'not_tracked' && status.marked : (mark?.track ?? false);
  const linked = status ? status.link : (mark?.link ?? null);

  return (
    <main className={styles.root} aria-busy={state.loading || busy}>
      {state.needsReconnect && <ReconnectBanner busy={busy} onReconnect={() => void actions.reconnect()} />}
      {error && <ErrorLine message={error} />}
      {state.loading && <Spinner size="small" label="Loading…" />}
      {me?.firstRun && (
        <FirstRun erpName={erpName} category={me.policy.category} onDismiss={() => void actions.dismissFirstRun()} />
      )}
      {item && (
        <>
          <Text as="h1" size={400} weight="semibold" truncate wrap={false} title={item.subject}>
            {item.subject || '(no title)'}
          </Text>
          <Switch
            label="Sync with ERP"
            checked={tracked}
            disabled={busy || state.needsReconnect}
            onChange={(_, data) => void actions.setTracking(data.checked)}
          />
          <RecordPicker
            api={deps.api}
            linked={linked}
            disabled={busy || state.needsReconnect}
            onLink={(record) => void actions.link(record)}
          />
          {!item.restId && item.mode === 'organizer' && (
            <ComposeNotice track={mark?.track ?? false} busy={busy} onSave={() => void actions.saveFirst()} />
          )}
          {status && (
            <StatusCard status={status} erpName={erpName} busy={busy} onSyncNow={() => void actions.syncNow()} />
          )}
          {status && status.conflicts.length > 0 && (
            <ConflictResolver
              key={status.conflicts.map((c) => c.field).join()}
              conflicts={status.conflicts}
              erpName={erpName}
              busy={busy}
              onResolve={(choices) => void actions.resolve(choices)}
            />
          )}
          {item.restId && status && status.state !== 'not_tracked' && (
            <>
              <Divider />
              <Text as="h2" size={300} weight="semibold">
                History
              </Text>
              <HistoryList api={deps.api} restId={item.restId} revision={state.revision} />
            </>
          )}
        </>
      )}
    </main>
  );
}
