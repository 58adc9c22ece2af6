// Runs: the latest sync runs of every mailbox (newest first), with trigger, outcome and counts; paged.
import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import type { AdminApi, Mailbox, Run } from '../admin-api';
import { when } from '../use-load';
import { PagedTable, usePages } from './PagedTable';

const useStyles = makeStyles({ wrap: { display: 'grid', gap: tokens.spacingVerticalM } });

const COLOR: Record<string, 'success' | 'warning' | 'danger' | 'informative'> = {
  succeeded: 'success',
  partial: 'warning',
  failed: 'danger',
  running: 'informative',
};

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
  const pages = usePages((cursor) => api.runs(cursor), [api]);
  return (
    <div className={styles.wrap}>
      <PagedTable
        pages={pages}
        label="Sync runs"
        pagerLabel="Runs pages"
        loading="Loading runs"
        failed="The runs could not be loaded"
        empty="No run yet."
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
