// Why nothing syncs yet, or any more: a person who never connected is asked to connect (first run); one whose
// access was lost is told since when, that only they can fix it, and offered Reconnect.
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { MeResponse } from '../../../contract/addin-api';
import { useI18n } from '../i18n';

export interface ConnectionBannerProps {
  me: MeResponse;
  onConnect(): void;
}

export function ConnectionBanner({ me, onConnect }: ConnectionBannerProps) {
  const { t, dateTime } = useI18n();
  if (me.connection === 'connected') return null;
  const first = me.connection === 'not_connected';
  const lostBody = me.connectionLostAt
    ? t('connect.lostBody', { when: dateTime(me.connectionLostAt) })
    : t('connect.lostBodyNoDate');
  return (
    <MessageBar intent={first ? 'info' : 'warning'} layout="multiline" role={first ? 'status' : 'alert'}>
      <MessageBarBody>
        <MessageBarTitle>{first ? t('connect.firstTitle') : t('connect.lostTitle')}</MessageBarTitle>
        {first ? t('connect.firstBody', { erp: me.erp.name }) : lostBody}
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" size="small" onClick={onConnect}>
          {first ? t('connect.firstAction') : t('connect.lostAction')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
