// The mailbox's conditions (what stops or limits its sync): what happened, since when, who acts and the action. A lost
// connection is the ConnectionBanner's, with its own button.
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { MailboxConditionView } from '../../../contract/addin-api';
import { useI18n } from '../i18n';
import { conditionWords } from '../words';

export interface ConditionsListProps {
  conditions: MailboxConditionView[];
  erpName: string;
}

export function ConditionsList({ conditions, erpName }: ConditionsListProps) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const shown = conditions.filter((c) => c.kind !== 'needs_reconnect');
  return (
    <>
      {shown.map((c) => {
        const words = conditionWords(i18n, c.kind, { erp: erpName });
        return (
          <MessageBar
            key={`${c.kind}-${c.since}`}
            intent={c.effect === 'stops' ? 'error' : 'warning'}
            layout="multiline"
          >
            <MessageBarBody>
              <MessageBarTitle>{c.effect === 'stops' ? t('condition.stops') : t('condition.limits')}</MessageBarTitle>
              {words.what} {t('condition.since', { when: dateTime(c.since) })} {t(`who.${words.who}`)} {words.action}
            </MessageBarBody>
          </MessageBar>
        );
      })}
    </>
  );
}
