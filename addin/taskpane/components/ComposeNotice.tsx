// For a new appointment that was never saved: the mark is kept on the item; saving now starts the sync at once.
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
});

export interface ComposeNoticeProps {
  track: boolean;
  erpName: string;
  onSave(): void;
}

export function ComposeNotice({ track, erpName, onSave }: ComposeNoticeProps) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <div className={styles.root}>
      <Text size={200}>{track ? t('compose.marked', { erp: erpName }) : t('compose.unmarked', { erp: erpName })}</Text>
      <Button appearance="secondary" onClick={onSave}>
        {track ? t('compose.saveAndSync') : t('compose.save')}
      </Button>
    </div>
  );
}
