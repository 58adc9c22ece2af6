// A run's or a dry run's summary: counts per action, errors, conflicts, invitations, and (dry run) one line per item.
import {
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { RunSummary } from '../admin-api';

const useStyles = makeStyles({ wrap: { display: 'grid', gap: tokens.spacingVerticalS } });

export function RunResult({ title, summary }: { title: string; summary: RunSummary }) {
  const styles = useStyles();
  const planned = Object.entries(summary.planned ?? {}).filter(([kind, n]) => n > 0 && kind !== 'noop');
  const intent =
    summary.fatal || summary.status === 'failed' ? 'error' : summary.status === 'partial' ? 'warning' : 'success';
  return (
    <div className={styles.wrap}>
      <MessageBar intent={intent} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{title}</MessageBarTitle>{' '}
          {summary.fatal ??
            (planned.length === 0
              ? 'Nothing to change: both sides agree.'
              : planned.map(([kind, n]) => `${kind}: ${n}`).join(', ') + '.')}{' '}
          Invitations: {summary.invitations?.outlook ?? 0} from Outlook, {summary.invitations?.erp ?? 0} from the ERP.
        </MessageBarBody>
      </MessageBar>
      {summary.errors?.length > 0 && (
        <Text as="p">Errors: {summary.errors.map((e) => `${e.key}: ${e.message}`).join('; ')}</Text>
      )}
      {summary.conflicts?.length > 0 && (
        <Text as="p">Conflicts: {summary.conflicts.map((c) => c.reason).join('; ')}</Text>
      )}
      {summary.items && summary.items.length > 0 && (
        <Table aria-label="What the dry run would do" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Event</TableHeaderCell>
              <TableHeaderCell>Would</TableHeaderCell>
              <TableHeaderCell>Why</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {summary.items.map((item) => (
              <TableRow key={item.key}>
                <TableCell>{item.title ?? item.key}</TableCell>
                <TableCell>{item.action}</TableCell>
                <TableCell>{item.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
