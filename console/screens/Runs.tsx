// Runs: the latest sync runs of every mailbox (newest first), with trigger, outcome and counts; paged.
import {
  Badge,
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
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminApi, Mailbox } from '../admin-api';
import { useLoad, when } from '../use-load';
import { Pager } from './Pager';

const useStyles = makeStyles({ wrap: { display: 'grid', gap: tokens.spacingVerticalM } });

const COLOR: Record<string, 'success' | 'warning' | 'danger' | 'informative'> = {
  succeeded: 'success',
  partial: 'warning',
  failed: 'danger',
  running: 'informative',
};

export function Runs({ api, mailboxes }: { api: AdminApi; mailboxes: Mailbox[] }) {
  const upnOf = (id: string) => mailboxes.find((m) => m.id === id)?.upn ?? id;
  const styles = useStyles();
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const runs = useLoad(() => api.runs(cursor), [api, cursor]);
  if (runs.error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>The runs could not be loaded: {runs.error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!runs.data) return <Spinner label="Loading runs" />;
  return (
    <div className={styles.wrap}>
      <Table aria-label="Sync runs" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Started</TableHeaderCell>
            <TableHeaderCell>Mailbox</TableHeaderCell>
            <TableHeaderCell>Trigger</TableHeaderCell>
            <TableHeaderCell>Outcome</TableHeaderCell>
            <TableHeaderCell>Planned</TableHeaderCell>
            <TableHeaderCell>Error</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.data.items.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>No run yet.</TableCell>
            </TableRow>
          )}
          {runs.data.items.map((r) => (
            <TableRow key={r.id}>
              <TableCell>{when(r.startedAt)}</TableCell>
              <TableCell>{upnOf(r.mailboxId)}</TableCell>
              <TableCell>{r.trigger ?? '-'}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={COLOR[r.status] ?? 'informative'}>
                  {r.status}
                </Badge>
              </TableCell>
              <TableCell>
                {Object.entries(r.summary?.planned ?? {})
                  .filter(([kind, n]) => n > 0 && kind !== 'noop')
                  .map(([k, n]) => `${n} ${k}`)
                  .join(', ') || '-'}
              </TableCell>
              <TableCell>{r.error ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pager
        label="Runs pages"
        page={cursors.length}
        hasNext={Boolean(runs.data.next)}
        onFirst={() => setCursors([null])}
        onNext={() => setCursors([...cursors, runs.data!.next])}
      />
    </div>
  );
}
