// The event's sync status: state badge, last synced, the ERP record link, the last error in plain words, Retry / Sync now.
import { Badge, Button, Card, CardHeader, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { EventStatus, SyncState } from '../../../contract/addin-api';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  error: { color: tokens.colorPaletteRedForeground1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

type BadgeColor = 'success' | 'informative' | 'warning' | 'danger' | 'subtle';

/** Label and colour per state; the label carries the meaning so colour is never the only cue. */
export const STATE_LABELS: Record<SyncState, [string, BadgeColor]> = {
  synced: ['Synced', 'success'],
  pending: ['Sync pending', 'informative'],
  conflict: ['Needs your choice', 'warning'],
  error: ['Sync failed', 'danger'],
  needs_review: ['Needs review', 'warning'],
  not_tracked: ['Not synced', 'subtle'],
};

export interface StatusCardProps {
  status: EventStatus;
  erpName: string;
  busy: boolean;
  onSyncNow(): void;
}

function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function StatusCard({ status, erpName, busy, onSyncNow }: StatusCardProps) {
  const styles = useStyles();
  const [label, color] = STATE_LABELS[status.state];
  const canRetry = status.state === 'error' && (status.lastError?.retryable ?? true);
  return (
    <Card aria-label="Sync status">
      <CardHeader
        header={<Text weight="semibold">Status</Text>}
        action={
          <Badge appearance="filled" color={color} data-testid="state-badge">
            {label}
          </Badge>
        }
      />
      <div className={styles.body}>
        <Text size={200}>
          {status.lastSyncedAt ? `Last synced ${formatWhen(status.lastSyncedAt)}` : 'Never synced yet'}
        </Text>
        {status.erpRecord &&
          (status.erpRecord.url ? (
            <Link href={status.erpRecord.url} target="_blank" rel="noopener noreferrer">
              Open “{status.erpRecord.name}” in {erpName}
            </Link>
          ) : (
            <Text size={200}>
              In {erpName}: {status.erpRecord.name}
            </Text>
          ))}
        {status.lastError && (
          <Text size={200} className={styles.error} role="status">
            {status.lastError.message}
          </Text>
        )}
        {status.state !== 'not_tracked' && (
          <div className={styles.actions}>
            <Button appearance={canRetry ? 'primary' : 'secondary'} size="small" disabled={busy} onClick={onSyncNow}>
              {canRetry ? 'Retry' : 'Sync now'}
            </Button>
          </div>
        )}
      </div>
    </Card>
  );
}
