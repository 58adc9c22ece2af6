// Audit log search: by person, event, ERP record, action and time; paged; the same search exported as CSV.
import { Button, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminApi, AuditEntry, AuditQuery } from '../admin-api';
import { when } from '../use-load';
import { FilterRow, type FilterSpec } from './FilterRow';
import { PagedTable, usePages } from './PagedTable';

const useStyles = makeStyles({ wrap: { display: 'grid', gap: tokens.spacingVerticalM } });

const FILTERS: FilterSpec[] = [
  { key: 'person', label: 'Person', hint: 'E-mail or UPN of the mailbox, or who acted.' },
  { key: 'event', label: 'Event', hint: 'Outlook event id or title.' },
  { key: 'erpRecord', label: 'ERP record', hint: 'ERP record id.' },
  { key: 'action', label: 'Action', hint: 'e.g. create, update, delete, reset, policy.' },
  { key: 'from', label: 'From (UTC)', hint: 'Entries at or after.', type: 'datetime-local' },
  { key: 'to', label: 'To (UTC)', hint: 'Entries before.', type: 'datetime-local' },
];

function field(value: unknown, ...keys: string[]): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const key of keys) {
    const found = (value as Record<string, unknown>)[key];
    if (typeof found === 'string' || typeof found === 'number') return String(found);
  }
  return null;
}

/** The event's title (after, else before), else its Outlook id, else the pairing. */
function eventOf(e: AuditEntry): string {
  return (
    field(e.after, 'title', 'subject', 'name') ??
    field(e.before, 'title', 'subject', 'name') ??
    field(e.after, 'outlookId') ??
    field(e.before, 'outlookId') ??
    e.mappingId ??
    '-'
  );
}

function erpRecordOf(e: AuditEntry): string {
  return field(e.after, 'erpId') ?? field(e.before, 'erpId') ?? '-';
}

export function AuditLog({ api }: { api: AdminApi }) {
  const styles = useStyles();
  const [query, setQuery] = useState<AuditQuery>({});
  const [exportError, setExportError] = useState<string | null>(null);
  const pages = usePages((cursor) => api.audit(query, cursor), [api, query]);
  return (
    <div className={styles.wrap}>
      <FilterRow
        label="Search the audit log"
        fields={FILTERS}
        onSearch={(next) => {
          setQuery(next);
          pages.first();
        }}
      >
        <Button
          type="button"
          onClick={() => {
            setExportError(null);
            api.auditCsv(query).catch((e: unknown) => setExportError((e as Error).message));
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
        label="Audit log entries"
        pagerLabel="Audit log pages"
        loading="Searching"
        failed="The audit log could not be searched"
        empty="No entry matches."
        columns={['Time', 'Person', 'Action', 'Event', 'ERP record', 'Why']}
        rowKey={(e) => e.id}
        cells={(e) => [
          when(e.at),
          e.person ?? e.mailboxId,
          e.side && e.side !== 'base' ? `${e.action} in ${e.side === 'erp' ? 'ERP' : 'Outlook'}` : e.action,
          eventOf(e),
          erpRecordOf(e),
          e.rule ?? '',
        ]}
      />
    </div>
  );
}
