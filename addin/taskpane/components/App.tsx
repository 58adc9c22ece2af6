// The task pane: connection and mailbox conditions, the sync switch and "Regarding" picker, then status,
// conflicts, attendees and history for a saved event; every state read from the backend at the moment shown.
import { Divider, Spinner, Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PaneDeps } from '../deps';
import { usePane } from '../hooks/use-pane';
import { useI18n } from '../i18n';
import { AttendeesCard } from './AttendeesCard';
import { ComposeNotice } from './ComposeNotice';
import { ConditionsList } from './ConditionsList';
import { ConflictResolver } from './ConflictResolver';
import { ConnectionBanner } from './ConnectionBanner';
import { ErrorLine } from './ErrorLine';
import { FirstRun } from './FirstRun';
import { HistoryList } from './HistoryList';
import { PrivateKeyCard } from './PrivateKeyCard';
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
    overflowWrap: 'anywhere',
  },
  title: { overflowWrap: 'anywhere', margin: 0 },
});

export interface AppProps {
  deps: PaneDeps;
}

export function App({ deps }: AppProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [state, actions] = usePane(deps, i18n);
  const { me, item, status, mark, error, follow } = state;
  const erp = me?.erp.name ?? 'ERP';
  const connected = me?.connection === 'connected';
  const gone = status?.state === 'gone';
  const tracked = status ? status.marked && status.state !== 'not_tracked' : (mark?.track ?? false);
  const linked = status ? status.link : mark?.link ? { ...mark.link, name: mark.link.name ?? mark.link.id } : null;
  const offHint =
    status?.origin === 'erp'
      ? t('switch.fromErp', { erp })
      : me?.policy.optOut === 'delete'
        ? t('switch.offDeletes', { erp })
        : t('switch.offKeeps', { erp });

  return (
    <main className={styles.root} aria-busy={state.loading || state.busy} lang={i18n.lang}>
      {me && <ConnectionBanner me={me} onConnect={() => void actions.connect()} />}
      {me && me.conditions.length > 0 && <ConditionsList conditions={me.conditions} erpName={erp} />}
      {status && status.conditions.length > 0 && !me?.conditions.length && (
        <ConditionsList conditions={status.conditions} erpName={erp} />
      )}
      {error && <ErrorLine message={error} />}
      {state.loading && <Spinner size="small" label={t('app.loading')} />}
      {me?.firstRun && connected && (
        <FirstRun erpName={erp} category={me.policy.category} onDismiss={() => void actions.dismissFirstRun()} />
      )}
      {item && (
        <>
          <Text as="h1" size={400} weight="semibold" className={styles.title}>
            {item.subject || t('app.untitled')}
          </Text>
          <Switch
            label={t('switch.label', { erp })}
            checked={tracked}
            disabled={!connected || gone}
            onChange={(_, data) => void actions.setTracking(data.checked)}
          />
          {tracked && status && <Text size={200}>{offHint}</Text>}
          <RecordPicker
            api={deps.api}
            erpName={erp}
            linked={linked}
            disabled={!connected || gone}
            onLink={(record) => void actions.link(record)}
          />
          {!item.restId && item.mode === 'organizer' && connected && (
            <ComposeNotice track={mark?.track ?? false} erpName={erp} onSave={() => void actions.saveFirst()} />
          )}
          {status && (
            <StatusCard status={status} follow={follow} erpName={erp} onSyncNow={() => void actions.syncNow()} />
          )}
          {status && status.conflicts.length > 0 && (
            <ConflictResolver
              key={status.conflicts.map((c) => c.field).join()}
              conflicts={status.conflicts}
              erpName={erp}
              onResolve={(choices) => void actions.resolve(choices)}
            />
          )}
          {connected && !gone && (
            <AttendeesCard
              deps={deps}
              erpName={erp}
              itemKey={`${item.restId ?? 'new'}:${state.revision}`}
              onLink={(record) => void actions.link(record)}
            />
          )}
          {item.restId && status && status.state !== 'not_tracked' && status.state !== 'gone' && (
            <>
              <Divider />
              <Text as="h2" size={300} weight="semibold">
                {t('history.title')}
              </Text>
              <HistoryList api={deps.api} restId={item.restId} revision={state.revision} erpName={erp} />
            </>
          )}
        </>
      )}
      {connected && <PrivateKeyCard deps={deps} erpName={erp} onChanged={() => void actions.refreshMe()} />}
    </main>
  );
}
