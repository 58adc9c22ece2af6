// The mailbox's conditions (what stops or limits its sync): what happened, since when, who acts. A lost
// connection is the ConnectionBanner's, with its own button.
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { MailboxConditionView } from '../../../contract/addin-api';
import { useI18n, type MessageKey } from '../i18n';

export interface ConditionsListProps {
  conditions: MailboxConditionView[];
  erpName: string;
}

export function ConditionsList({ conditions, erpName }: ConditionsListProps) {
  const { t, dateTime } = useI18n();
  const shown = conditions.filter((c) => c.kind !== 'needs_reconnect');
  return (
    <>
      {shown.map((c) => {
        const key = `condition.${c.kind}` as MessageKey;
        const what = t(key, { erp: erpName }) === key ? c.reason : t(key, { erp: erpName });
        return (
          <MessageBar
            key={`${c.kind}-${c.since}`}
            intent={c.effect === 'stops' ? 'error' : 'warning'}
            layout="multiline"
          >
            <MessageBarBody>
              <MessageBarTitle>{c.effect === 'stops' ? t('condition.stops') : t('condition.limits')}</MessageBarTitle>
              {what} {t('condition.since', { when: dateTime(c.since) })}{' '}
              {t(`condition.by.${c.clearedBy}` as MessageKey)}
            </MessageBarBody>
          </MessageBar>
        );
      })}
    </>
  );
}
