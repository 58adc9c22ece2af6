// Switching a tenant's sign-in mode: the two modes explained, the choice, and the server's refusal in plain words
// (app-only is refused until an administrator of the tenant granted the application permission).
import { Button, Field, MessageBar, MessageBarBody, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError } from '../api';
import type { AdminApi, AuthMode, Tenant } from '../admin-api';
import { ModalDialog } from './ModalDialog';

export const AUTH_MODE_LABEL: Record<AuthMode, string> = {
  delegated: "Each person's consent (delegated)",
  app_only: 'App-only (application permission)',
};

const AUTH_MODE_HINT: Record<AuthMode, string> = {
  delegated: 'The sync acts for each person with the consent they gave when they connected from the add-in.',
  app_only:
    'The sync reaches every connected mailbox with the app\u2019s own permission Calendars.ReadWrite; an administrator ' +
    'of the tenant must have granted it (admin consent). People need not sign in again.',
};

/** Why the switch failed, and what to do about it, in words an admin can act on. */
export function authModeFailure(failure: unknown, mode: AuthMode): string {
  const reason = failure instanceof Error ? failure.message : String(failure);
  if (failure instanceof ApiError && failure.status === 503)
    return `${reason} Microsoft's sign-in service did not answer; nothing changed. Try again in a minute.`;
  if (failure instanceof ApiError && mode === 'app_only' && (failure.status === 400 || failure.status === 403))
    return (
      `${reason} Grant admin consent for the application permission Calendars.ReadWrite (Entra admin center > ` +
      'Enterprise applications > the app > Permissions), then switch again.'
    );
  return reason;
}

export function AuthModeDialog(props: {
  api: AdminApi;
  tenant: Tenant;
  onClose: () => void;
  /** Called with the tenant as read back after the switch. */
  onSwitched: (tenant: Tenant) => void;
}) {
  const { api, tenant } = props;
  const current = tenant.authMode ?? 'delegated';
  const [mode, setMode] = useState<AuthMode>(current === 'delegated' ? 'app_only' : 'delegated');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = tenant.name ?? tenant.id;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.setAuthMode(tenant.id, mode);
      props.onSwitched(await api.tenant(tenant.id));
    } catch (failure) {
      setError(authModeFailure(failure, mode));
    } finally {
      setBusy(false);
    }
  };
  return (
    <ModalDialog
      open
      onClose={props.onClose}
      title={`Sign-in mode of ${name}`}
      actions={
        <>
          <Button appearance="primary" disabled={busy || mode === current} onClick={() => void submit()}>
            {busy ? 'Switching...' : 'Switch'}
          </Button>
          <Button onClick={props.onClose}>Cancel</Button>
        </>
      }
    >
      <Text as="p">Now: {AUTH_MODE_LABEL[current]}.</Text>
      <Field label="How the sync reaches the calendars">
        <RadioGroup value={mode} onChange={(_, data) => setMode(data.value as AuthMode)}>
          {(['delegated', 'app_only'] as const).map((m) => (
            <Radio key={m} value={m} label={`${AUTH_MODE_LABEL[m]}: ${AUTH_MODE_HINT[m]}`} />
          ))}
        </RadioGroup>
      </Field>
      {error && (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>The sign-in mode was not changed: {error}</MessageBarBody>
        </MessageBar>
      )}
    </ModalDialog>
  );
}
