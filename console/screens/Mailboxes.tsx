// Mailboxes: one row per connected person with state, conditions in plain words, last sync and counts; choosing a
// row opens its details (conditions with their action, the per-mailbox actions) below the table.
import {
  Badge,
  Button,
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
import { when, type Loaded } from '../use-load';
import { MailboxDetail } from './MailboxDetail';

const useStyles = makeStyles({
  wrap: { display: 'grid', gap: tokens.spacingVerticalL },
  conditions: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

export function stateOf(m: Mailbox): { label: string; color: 'success' | 'warning' | 'danger' | 'informative' } {
  const state =
    m.state ?? (m.status === 'needs_reconnect' ? 'needs_reconnect' : m.status === 'disabled' ? 'disabled' : 'ok');
  switch (state) {
    case 'needs_reconnect':
      return { label: 'Needs reconnect', color: 'danger' };
    case 'disabled':
      return { label: 'Disabled', color: 'informative' };
    case 'paused':
      return { label: 'Paused', color: 'informative' };
    case 'stopped':
      return { label: 'Stopped', color: 'danger' };
    case 'attention':
      return { label: 'Needs attention', color: 'warning' };
    default:
      return { label: 'Syncing', color: 'success' };
  }
}

function counts(m: Mailbox): string {
  const entries = Object.entries(m.counts ?? {});
  return entries.length === 0 ? '-' : entries.map(([k, v]) => `${v} ${k}`).join(', ');
}

export function Mailboxes({ api, mailboxes }: { api: AdminApi; mailboxes: Loaded<Mailbox[]> }) {
  const styles = useStyles();
  const [selected, setSelected] = useState<string | null>(null);
  const list = mailboxes.data ?? [];
  const current = list.find((m) => m.id === selected) ?? null;
  if (mailboxes.error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>The mailboxes could not be loaded: {mailboxes.error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (mailboxes.data === undefined) return <Spinner label="Loading mailboxes" />;
  return (
    <div className={styles.wrap}>
      <Table aria-label="Mailboxes" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Person</TableHeaderCell>
            <TableHeaderCell>State</TableHeaderCell>
            <TableHeaderCell>Conditions</TableHeaderCell>
            <TableHeaderCell>Last sync</TableHeaderCell>
            <TableHeaderCell>Events</TableHeaderCell>
            <TableHeaderCell>Details</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>No mailbox is connected yet: people connect theirs from the add-in.</TableCell>
            </TableRow>
          )}
          {list.map((m) => {
            const state = stateOf(m);
            const conditions = m.conditions ?? [];
            return (
              <TableRow key={m.id} aria-selected={m.id === selected}>
                <TableCell>{m.upn}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={state.color}>
                    {state.label}
                  </Badge>
                </TableCell>
                <TableCell>
                  {conditions.length === 0 && !m.statusReason ? (
                    'None'
                  ) : (
                    <ul className={styles.conditions}>
                      {m.statusReason && conditions.length === 0 && <li>{m.statusReason}</li>}
                      {conditions.map((c) => (
                        <li key={`${c.kind}-${c.reason}`}>{c.reason}</li>
                      ))}
                    </ul>
                  )}
                </TableCell>
                <TableCell>{when(m.lastSyncAt)}</TableCell>
                <TableCell>{counts(m)}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    aria-label={`${m.id === selected ? 'Close' : 'Open'} ${m.upn}`}
                    aria-expanded={m.id === selected}
                    onClick={() => setSelected(m.id === selected ? null : m.id)}
                  >
                    {m.id === selected ? 'Close' : 'Open'}
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {current && <MailboxDetail api={api} mailbox={current} onChanged={mailboxes.reload} />}
    </div>
  );
}
