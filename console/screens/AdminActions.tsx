// The admin actions log: who did what through the admin API (or the console), on which tenant or mailbox, and how
// it ended; paged, and exportable as CSV.
import { Badge, Button, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminApi, Mailbox } from '../admin-api';
import { when } from '../use-load';
import { PagedTable, usePages } from './PagedTable';

const useStyles = makeStyles({ wrap: { display: 'grid', gap: tokens.spacingVerticalM } });
const COLOR = { ok: 'success', refused: 'warning', failed: 'danger' } as const;

export function AdminActions({ api, mailboxes }: { api: AdminApi; mailboxes: Mailbox[] }) {
  const styles = useStyles();
  const [exportError, setExportError] = useState<string | null>(null);
  const pages = usePages((cursor) => api.actions(cursor), [api]);
  const upnOf = (id: string | null) => (id ? (mailboxes.find((m) => m.id === id)?.upn ?? id) : '-');
  return (
    <div className={styles.wrap}>
      <div>
        <Button onClick={() => api.actionsCsv().catch((e: unknown) => setExportError((e as Error).message))}>
          Export CSV
        </Button>
      </div>
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
        empty="No admin action yet."
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
