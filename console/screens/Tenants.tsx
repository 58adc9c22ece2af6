// Tenants: each tenant this admin may see with its sign-in mode, mailbox count and the policy in effect (and stored
// parts the server ignores); from a row, edit its policy or switch its sign-in mode.
import {
  Badge,
  Button,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminApi, Tenant } from '../admin-api';
import { policySummary } from '../policy-fields';
import { when, type Loaded } from '../use-load';
import { AUTH_MODE_LABEL, AuthModeDialog } from './AuthModeDialog';

const useStyles = makeStyles({
  wrap: { display: 'grid', gap: tokens.spacingVerticalL },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

function PolicyCell({ tenant }: { tenant: Tenant }) {
  const styles = useStyles();
  const view = tenant.policy;
  if (!view) return <>-</>;
  const stored = Object.keys(view.stored ?? {}).length;
  return (
    <>
      <ul className={styles.list}>
        {policySummary(view.effective).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <Text size={200}>
        {stored === 0 ? 'Product defaults throughout.' : `${stored} part${stored === 1 ? '' : 's'} set by an admin.`}
        {view.ignored.length > 0 && ` Ignored (does not parse): ${view.ignored.join(', ')}.`}
      </Text>
    </>
  );
}

export function Tenants(props: { api: AdminApi; tenants: Loaded<Tenant[]>; onEditPolicy: (tenantId: string) => void }) {
  const styles = useStyles();
  const { api, tenants } = props;
  const [switching, setSwitching] = useState<Tenant | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (tenants.error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>The tenants could not be loaded: {tenants.error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (tenants.data === undefined) return <Spinner label="Loading tenants" />;
  return (
    <div className={styles.wrap}>
      <div aria-live="polite">
        {done && (
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <Table aria-label="Tenants" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Tenant</TableHeaderCell>
            <TableHeaderCell>Sign-in mode</TableHeaderCell>
            <TableHeaderCell>Mailboxes</TableHeaderCell>
            <TableHeaderCell>Policy in effect</TableHeaderCell>
            <TableHeaderCell>Changed</TableHeaderCell>
            <TableHeaderCell>Actions</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {tenants.data.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>
                No tenant yet: one appears when its first person connects from the add-in.
              </TableCell>
            </TableRow>
          )}
          {tenants.data.map((t) => {
            const name = t.name ?? t.id;
            const mode = t.authMode ?? 'delegated';
            return (
              <TableRow key={t.id}>
                <TableCell>
                  {name}
                  {name !== t.id && (
                    <Text block size={200}>
                      {t.id}
                    </Text>
                  )}
                </TableCell>
                <TableCell>
                  <Badge appearance="tint" color={mode === 'app_only' ? 'brand' : 'informative'}>
                    {AUTH_MODE_LABEL[mode]}
                  </Badge>
                </TableCell>
                <TableCell>{t.mailboxes ?? '-'}</TableCell>
                <TableCell>
                  <PolicyCell tenant={t} />
                </TableCell>
                <TableCell>{when(t.updatedAt ?? t.createdAt)}</TableCell>
                <TableCell>
                  <div className={styles.actions}>
                    <Link href="#policy" aria-label={`Edit policy of ${name}`} onClick={() => props.onEditPolicy(t.id)}>
                      Edit policy
                    </Link>
                    <Button
                      size="small"
                      aria-label={`Change sign-in mode of ${name}`}
                      onClick={() => {
                        setDone(null);
                        setSwitching(t);
                      }}
                    >
                      Change sign-in mode
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {switching && (
        <AuthModeDialog
          api={api}
          tenant={switching}
          onClose={() => setSwitching(null)}
          onSwitched={(fresh) => {
            setSwitching(null);
            setDone(`${fresh.name ?? fresh.id} now signs in with: ${AUTH_MODE_LABEL[fresh.authMode ?? 'delegated']}.`);
            tenants.reload();
          }}
        />
      )}
    </div>
  );
}
