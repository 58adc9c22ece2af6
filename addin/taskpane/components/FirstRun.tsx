// First-run explanation: what the add-in does and how marking works, dismissed once per person.
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
} from '@fluentui/react-components';
import { useI18n } from '../i18n';

const useStyles = makeStyles({ list: { margin: '4px 0 0', paddingLeft: '18px' } });

export interface FirstRunProps {
  erpName: string;
  category: string;
  onDismiss(): void;
}

export function FirstRun({ erpName, category, onDismiss }: FirstRunProps) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <MessageBar intent="info" layout="multiline" aria-label={t('firstRun.title', { erp: erpName })}>
      <MessageBarBody>
        <MessageBarTitle>{t('firstRun.title', { erp: erpName })}</MessageBarTitle>
        <ul className={styles.list}>
          <li>{t('firstRun.switch', { erp: erpName })}</li>
          <li>{t('firstRun.link')}</li>
          <li>{t('firstRun.category', { category })}</li>
        </ul>
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" size="small" onClick={onDismiss}>
          {t('firstRun.dismiss')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
