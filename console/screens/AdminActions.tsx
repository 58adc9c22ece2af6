// The admin actions log: who did what through the admin API (or the console), on which tenant or mailbox, and how
// it ended; filtered by who, action, mailbox and time (searchActions' filters); paged, and the same search as CSV.
import { Badge, Button, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ActionQuery, AdminApi, Mailbox } from '../admin-api';
import { when } from '../use-load';
import { FilterRow, type FilterSpec } from './FilterRow';
import { PagedTable, usePages } from './PagedTable';

const useStyles = makeStyles({ wrap: { display: 'grid', gap: tokens.spacingVerticalM } });
const COLOR = { ok: 'success', refused: 'warning', failed: 'danger' } as const;

function actionFilters(mailboxes: Mailbox[]): FilterSpec[] {
  return [
    { key: 'actor', label: 'Who', hint: 'UPN of the admin, or "admin key".' },
    { key: 'action', label: 'Action', hint: 'e.g. tenant.policy.update, mailbox.reset.' },
    { key: 'mailboxId', label: 'Mailbox', options: mailboxes.map((m) => ({ value: m.id, label: m.upn })) },
    { key: 'from', label: 'From (UTC)', hint: 'Actions at or after.', type: 'datetime-local' },
    { key: 'to', label: 'To (UTC)', hint: 'Actions before.', type: 'datetime-local' },
  ];
}

export function AdminActions({ api, mailboxes }: { api: AdminApi; mailboxes: Mailbox[] }) {
  const styles = useStyles();
  const [exportError, setExportError] = useState<string | null>(null);
  const [query, setQuery] = useState<ActionQuery>({});
  const pages = usePages((cursor) => api.actions(query, cursor), [api, query]);
  const upnOf = (id: string | null) => (id ? (mailboxes.find((m) => m.id === id)?.upn ?? id) : '-');
  return (
    <div className={styles.wrap}>
      <FilterRow
        label="Filter the admin actions"
        fields={actionFilters(mailboxes)}
        onSearch={(next) => {
          setQuery(next);
          pages.first();
        }}
      >
        <Button
          type="button"
          onClick={() => {
            setExportError(null);
            api.actionsCsv(query).catch((e: unknown) => setExportError((e as Error).message));
          }}
        >
          Export CSV
        </Button>
      </FilterRow>
      {exportError && (
        <MessageBar intent="error">
          <MessageBarBody>The export failed: {exportError}</MessageBarBody>
        </MessageBar>
      )}
      <PagedTable
        pages={pages}
        label="Admin actions"
        pagerLabel="Admin actions pages"
        loading="Loading admin actions"
        failed="The admin actions could not be loaded"
        empty="No admin action matches."
        columns={['Time', 'Who', 'Action', 'Mailbox', 'Outcome']}
        rowKey={(a) => a.id}
        cells={(a) => [
          when(a.at),
          a.actor,
          a.action,
          upnOf(a.mailboxId),
          <Badge key="outcome" appearance="tint" color={COLOR[a.outcome] ?? 'informative'}>
            {a.outcome}
          </Badge>,
        ]}
      />
    </div>
  );
}
