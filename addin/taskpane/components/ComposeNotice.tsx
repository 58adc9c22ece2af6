// For a new appointment that was never saved: the mark is kept on the item; saving now starts the sync at once.
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export interface ComposeNoticeProps {
  track: boolean;
  busy: boolean;
  onSave(): void;
}

export function ComposeNotice({ track, busy, onSave }: ComposeNoticeProps) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Text size={200}>
        {track
          ? 'This new event is marked for sync. It reaches the ERP when you save or send it.'
          : 'This event is not saved yet. Turn on sync to mark it; it reaches the ERP when you save or send it.'}
      </Text>
      <Button appearance="secondary" disabled={busy} onClick={onSave}>
        Save now and sync
      </Button>
    </div>
  );
}
