// The credentials the sync depends on: the app registration's (secret or certificate, its expiry) and the ERP's per
// tenant (kind, the variable it comes from, its last successful use). Never a value: the API has none to give.
import {
  Badge,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { AdminApi, AppCredential } from '../admin-api';
import { useLoad, when } from '../use-load';

const ERP_KIND: Record<string, string> = { api_key: 'API key', bearer_token: 'Bearer token' };

function expiry(app: AppCredential): string {
  if (app.expiresAt === null) return 'Not known: set AUTH_CLIENT_SECRET_EXPIRES';
  const left = app.daysLeft ?? 0;
  return `${when(app.expiresAt)} (${left < 0 ? 'expired' : `in ${left} day${left === 1 ? '' : 's'}`})`;
}

export function CredentialsTable({ api }: { api: AdminApi }) {
  const credentials = useLoad(() => api.credentials(), [api]);
  if (credentials.error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>The credentials could not be loaded: {credentials.error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!credentials.data) return <Spinner size="tiny" label="Loading credentials" />;
  const { app, erp } = credentials.data;
  return (
    <Table aria-label="Credentials" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Credential</TableHeaderCell>
          <TableHeaderCell>Kind</TableHeaderCell>
          <TableHeaderCell>Expires or last worked</TableHeaderCell>
          <TableHeaderCell>Configured by</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        <TableRow>
          <TableCell>App registration (Microsoft)</TableCell>
          <TableCell>{app.kind === 'certificate' ? `Certificate ${app.subject ?? ''}` : 'Client secret'}</TableCell>
          <TableCell>
            {expiry(app)}{' '}
            {app.expiresSoon && (
              <Badge appearance="tint" color={(app.daysLeft ?? 0) < 7 ? 'danger' : 'warning'}>
                renew soon
              </Badge>
            )}
          </TableCell>
          <TableCell>{app.configuredBy.join(', ')}</TableCell>
        </TableRow>
        {erp.map((c) => (
          <TableRow key={c.tenantId}>
            <TableCell>
              {c.erp} for {c.tenantName}
            </TableCell>
            <TableCell>{ERP_KIND[c.kind] ?? c.kind}</TableCell>
            <TableCell>
              {c.lastSuccessfulUseAt ? `Last worked ${when(c.lastSuccessfulUseAt)}` : 'Not used by a sync yet'}
            </TableCell>
            <TableCell>{c.configuredBy.join(', ')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
