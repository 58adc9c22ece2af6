// The event's sync status, true at the moment shown: the state (or the run being followed), last synced, the ERP
// record, the ERP's review flag explained, and the last error: what happened, who acts, and the action offered.
import { Badge, Button, Card, CardHeader, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { EventStatus, SyncState } from '../../../contract/addin-api';
import type { Follow } from '../hooks/use-pane';
import { useI18n, type MessageKey } from '../i18n';
import { syncErrorWords } from '../words';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  error: { color: tokens.colorPaletteRedForeground1 },
  wrap: { wordBreak: 'break-word' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

type BadgeColor = 'success' | 'informative' | 'warning' | 'danger' | 'subtle';

/** Colour per state; the label carries the meaning so colour is never the only cue. */
const COLORS: Record<SyncState | 'running', BadgeColor> = {
  synced: 'success',
  pending: 'informative',
  running: 'informative',
  conflict: 'warning',
  error: 'danger',
  not_tracked: 'subtle',
  gone: 'subtle',
};

export interface StatusCardProps {
  status: EventStatus;
  follow: Follow | null;
  erpName: string;
  onSyncNow(): void;
}

export function StatusCard({ status, follow, erpName, onSyncNow }: StatusCardProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const running = follow !== null && follow.done === null;
  const stalled = running && follow.stalled;
  const shown: SyncState | 'running' = stalled ? 'pending' : running ? 'running' : status.state;
  const error =
    status.lastError && !running
      ? syncErrorWords(i18n, status.lastError.code, { erp: erpName, detail: status.lastError.detail ?? '' })
      : null;
  const canSync = status.marked && status.state !== 'gone' && status.state !== 'not_tracked';
  const retry = status.state === 'error' && (status.lastError?.retryable ?? true);
  const run = status.run;
  return (
    <Card aria-label={t('status.title')}>
      <CardHeader
        header={<Text weight="semibold">{t('status.title')}</Text>}
        action={
          <Badge appearance="filled" color={COLORS[shown]} data-testid="state-badge">
            {t(`state.${shown}` as MessageKey)}
          </Badge>
        }
      />
      <div className={styles.body} aria-live="polite">
        {stalled && (
          <Text size={200} block>
            {t('status.followStalled', { when: dateTime(follow.requestedAt) })} {t('who.admin')}{' '}
            {t('status.followStalledAction')}
          </Text>
        )}
        {running && !stalled && (
          <Text size={200}>
            {run && run.startedAt >= follow.requestedAt
              ? t('status.followRunning', { when: dateTime(run.startedAt) })
              : t('status.followQueued', { when: dateTime(follow.requestedAt) })}
            {follow.slow ? ` ${t('status.followSlow')}` : ''}
          </Text>
        )}
        {!running && follow?.done && (
          <Text size={200}>
            {follow.done.outcome === 'failed'
              ? t('status.followFailed', { when: dateTime(follow.done.at) })
              : t('status.followDone', { when: dateTime(follow.done.at) })}
          </Text>
        )}
        {status.state === 'gone' && <Text size={200}>{t('status.goneWhy')}</Text>}
        {status.state === 'not_tracked' && <Text size={200}>{t('status.offWhy', { erp: erpName })}</Text>}
        {status.state === 'pending' && !running && <Text size={200}>{t('status.pendingWhy')}</Text>}
        {status.state !== 'not_tracked' && status.state !== 'gone' && (
          <Text size={200}>
            {status.lastSyncedAt
              ? t('status.lastSynced', { when: dateTime(status.lastSyncedAt) })
              : t('status.neverSynced')}
          </Text>
        )}
        {status.erpRecord &&
          (status.erpRecord.url ? (
            <Link className={styles.wrap} href={status.erpRecord.url} target="_blank" rel="noopener noreferrer">
              {t('status.openRecord', { name: status.erpRecord.name, erp: erpName })}
            </Link>
          ) : (
            <Text size={200} className={styles.wrap}>
              {t('status.inErp', { erp: erpName, name: status.erpRecord.name })}
            </Text>
          ))}
        {status.reviewInErp && <Text size={200}>{t('status.review', { erp: erpName })}</Text>}
        {error && (
          <div role="status">
            <Text size={200} className={`${styles.error} ${styles.wrap}`} block>
              {error.what}
            </Text>
            <Text size={200} block>
              {t(`who.${error.who}`)} {error.action}
            </Text>
          </div>
        )}
        {canSync && (
          <div className={styles.actions}>
            <Button appearance={retry ? 'primary' : 'secondary'} size="small" onClick={onSyncNow}>
              {retry ? t('status.retry') : t('status.syncNow')}
            </Button>
          </div>
        )}
      </div>
    </Card>
  );
}
