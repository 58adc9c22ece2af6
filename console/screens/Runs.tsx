// Runs: the latest sync runs of every mailbox (newest first), with trigger, outcome and counts; filtered by mailbox,
// status, trigger and time (listRuns' filters); paged.
import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminApi, Mailbox, Run, RunQuery } from '../admin-api';
import { when } from '../use-load';
import { FilterRow, type FilterSpec } from './FilterRow';
import { PagedTable, usePages } from './PagedTable';

const useStyles = makeStyles({ wrap: { display: 'grid', gap: tokens.spacingVerticalM } });

const COLOR: Record<string, 'success' | 'warning' | 'danger' | 'informative'> = {
  succeeded: 'success',
  partial: 'warning',
  failed: 'danger',
  running: 'informative',
};

const choices = (values: string[]) => values.map((value) => ({ value, label: value }));

/** The listRuns filters; the mailbox is chosen by person, sent as its id. */
export function runFilters(mailboxes: Mailbox[]): FilterSpec[] {
  return [
    { key: 'mailboxId', label: 'Mailbox', options: mailboxes.map((m) => ({ value: m.id, label: m.upn })) },
    { key: 'status', label: 'Outcome', options: choices(['running', 'succeeded', 'partial', 'failed', 'abandoned']) },
    { key: 'trigger', label: 'Trigger', options: choices(['notification', 'user', 'sweep', 'admin', 'retry']) },
    { key: 'from', label: 'From (UTC)', hint: 'Runs started at or after.', type: 'datetime-local' },
    { key: 'to', label: 'To (UTC)', hint: 'Runs started before.', type: 'datetime-local' },
  ];
}

function planned(r: Run): string {
  return (
    Object.entries(r.summary?.planned ?? {})
      .filter(([kind, n]) => n > 0 && kind !== 'noop')
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || '-'
  );
}

export function Runs({ api, mailboxes }: { api: AdminApi; mailboxes: Mailbox[] }) {
  const upnOf = (id: string) => mailboxes.find((m) => m.id === id)?.upn ?? id;
  const styles = useStyles();
  const [query, setQuery] = useState<RunQuery>({});
  const pages = usePages((cursor) => api.runs(query, cursor), [api, query]);
  return (
    <div className={styles.wrap}>
      <FilterRow
        label="Filter the runs"
        fields={runFilters(mailboxes)}
        onSearch={(next) => {
          setQuery(next);
          pages.first();
        }}
      />
      <PagedTable
        pages={pages}
        label="Sync runs"
        pagerLabel="Runs pages"
        loading="Loading runs"
        failed="The runs could not be loaded"
        empty="No run matches."
        columns={['Started', 'Mailbox', 'Trigger', 'Outcome', 'Planned', 'Error']}
        rowKey={(r) => r.id}
        cells={(r) => [
          when(r.startedAt),
          upnOf(r.mailboxId),
          r.trigger ?? '-',
          <Badge key="outcome" appearance="tint" color={COLOR[r.status] ?? 'informative'}>
            {r.status}
          </Badge>,
          planned(r),
          r.error ?? '',
        ]}
      />
    </div>
  );
}
