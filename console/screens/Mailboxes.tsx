// Mailboxes: one row per connected person with state, conditions in plain words, last sync and counts; choosing a
// row opens its details (conditions with their action, the per-mailbox actions) below the table. The list is
// filtered on the server (listMailboxes' state, condition, status and tenant) through the shared FilterRow.
import {
  Badge,
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  Text,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ConditionKind } from '../../contract/addin-api/codes';
import type { AdminApi, Mailbox, MailboxQuery, MailboxState, Tenant } from '../admin-api';
import { useLoad, when, type Loaded } from '../use-load';
import { FilterRow, type FilterSpec } from './FilterRow';
import { MailboxDetail } from './MailboxDetail';

const useStyles = makeStyles({
  wrap: { display: 'grid', gap: tokens.spacingVerticalL },
  conditions: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

const STATE_LABELS: Record<MailboxState, string> = {
  ok: 'Syncing',
  attention: 'Needs attention',
  stopped: 'Stopped',
  paused: 'Paused',
  needs_reconnect: 'Needs reconnect',
  disabled: 'Disabled',
};

/** One line per kind the API knows (a kind added to the contract does not compile until it has words here). */
const CONDITION_LABELS: Record<ConditionKind, string> = {
  delete_guard: 'Deletions held by the guard',
  needs_reconnect: 'The person must reconnect',
  erp_rights: 'The ERP refuses the integration user',
  item_failures: 'Events failing run after run',
  subscription_failed: 'No change notifications',
  loop_breaker: 'An event kept bouncing',
  delete_conflict: 'Deleted on one side, edited on the other',
  paused: 'Paused by an admin',
  erp_private_key: "The person's ERP key is refused",
  outlook_throttled: 'Outlook asked to wait (throttled)',
};

const STATUS_LABELS: Record<string, string> = {
  connected: 'Connected',
  needs_reconnect: 'Needs reconnect',
  disabled: 'Disabled',
};

const choices = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The listMailboxes filters; the tenant is chosen by name, sent as its id. */
export function mailboxFilters(tenants: Tenant[]): FilterSpec[] {
  return [
    { key: 'state', label: 'State', options: choices(STATE_LABELS) },
    { key: 'condition', label: 'Condition', options: choices(CONDITION_LABELS) },
    { key: 'status', label: 'Connection', options: choices(STATUS_LABELS) },
    { key: 'tenantId', label: 'Tenant', options: tenants.map((t) => ({ value: t.id, label: t.name ?? t.id })) },
  ];
}

export function stateOf(m: Mailbox): { label: string; color: 'success' | 'warning' | 'danger' | 'informative' } {
  const state =
    m.state ?? (m.status === 'needs_reconnect' ? 'needs_reconnect' : m.status === 'disabled' ? 'disabled' : 'ok');
  const label = STATE_LABELS[state];
  switch (state) {
    case 'needs_reconnect':
    case 'stopped':
      return { label, color: 'danger' };
    case 'disabled':
    case 'paused':
      return { label, color: 'informative' };
    case 'attention':
      return { label, color: 'warning' };
    default:
      return { label: STATE_LABELS.ok, color: 'success' };
  }
}

function counts(m: Mailbox): string {
  const entries = Object.entries(m.counts ?? {});
  return entries.length === 0 ? '-' : entries.map(([k, v]) => `${v} ${k}`).join(', ');
}

const noun = (n: number) => (n === 1 ? 'mailbox' : 'mailboxes');

/** "3 mailboxes", or with a filter "1 of 3 mailboxes" (the whole list is the one the Alerts read). */
function countText(shown: number, total: number | undefined, filtering: boolean): string {
  if (!filtering) return `${shown} ${noun(shown)}`;
  return total === undefined ? `${shown} ${noun(shown)} match` : `${shown} of ${total} ${noun(total)}`;
}

function emptyText(total: number | undefined, filtering: boolean): string {
  if (!filtering) return 'No mailbox is connected yet: people connect theirs from the add-in.';
  return total === undefined
    ? 'No mailbox matches these filters. Clear them to see every mailbox.'
    : `No mailbox matches these filters. Clear them to see all ${total} ${noun(total)}.`;
}

export function Mailboxes({
  api,
  mailboxes,
  tenants,
}: {
  api: AdminApi;
  mailboxes: Loaded<Mailbox[]>;
  tenants: Tenant[];
}) {
  const styles = useStyles();
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState<MailboxQuery>({});
  const filtering = Object.keys(query).length > 0;
  // The server filters; the answer carries the query it answers, so an older, slower answer is never shown. It is
  // asked again whenever the whole list refreshes (every 10 s, and after an action), so both stay current.
  const filtered = useLoad(
    async () => (filtering ? { query, list: await api.mailboxes(query) } : null),
    [api, query, mailboxes.data],
  );
  const shown = filtering ? (filtered.data?.query === query ? filtered.data.list : undefined) : mailboxes.data;
  const error = filtering ? filtered.error : mailboxes.error;
  const total = mailboxes.data?.length;
  const list = shown ?? [];
  const current = list.find((m) => m.id === selected) ?? null;
  return (
    <div className={styles.wrap}>
      <FilterRow label="Filter the mailboxes" fields={mailboxFilters(tenants)} onSearch={(next) => setQuery(next)} />
      {error ? (
        <MessageBar intent="error">
          <MessageBarBody>The mailboxes could not be loaded: {error}</MessageBarBody>
        </MessageBar>
      ) : shown === undefined ? (
        <Spinner label={filtering ? 'Filtering the mailboxes' : 'Loading mailboxes'} />
      ) : (
        <MailboxTable
          list={list}
          selected={selected}
          onToggle={(id) => setSelected(id === selected ? null : id)}
          count={countText(list.length, total, filtering)}
          empty={emptyText(total, filtering)}
        />
      )}
      {current && <MailboxDetail api={api} mailbox={current} onChanged={mailboxes.reload} />}
    </div>
  );
}

function MailboxTable(props: {
  list: Mailbox[];
  selected: string | null;
  onToggle: (id: string) => void;
  count: string;
  empty: string;
}) {
  const styles = useStyles();
  const { list, selected } = props;
  return (
    <>
      <Text role="status">{props.count}</Text>
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
              <TableCell colSpan={6}>{props.empty}</TableCell>
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
                    onClick={() => props.onToggle(m.id)}
                  >
                    {m.id === selected ? 'Close' : 'Open'}
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
}
