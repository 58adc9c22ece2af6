// Banner shown when the backend has lost delegated access to the mailbox; one button signs in again.
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

export interface ReconnectBannerProps {
  busy: boolean;
  onReconnect(): void;
}

export function ReconnectBanner({ busy, onReconnect }: ReconnectBannerProps) {
  return (
    <MessageBar intent="warning" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>Reconnect needed</MessageBarTitle>
        ERP sync can no longer reach your calendar. Sign in again to resume syncing.
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" size="small" disabled={busy} onClick={onReconnect}>
          Reconnect
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
