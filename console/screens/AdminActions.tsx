// The admin actions log: who did what through the admin API (or the console), on which tenant or mailbox, and how
// it ended; paged, and exportable as CSV.
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
import { useLoad, when } from '../use-load';
import { Pager } from './Pager';

const useStyles = makeStyles({ wrap: { display: 'grid', gap: tokens.spacingVerticalM } });
const COLOR = { ok: 'success', refused: 'warning', failed: 'danger' } as const;

export function AdminActions({ api, mailboxes }: { api: AdminApi; mailboxes: Mailbox[] }) {
  const styles = useStyles();
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [exportError, setExportError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useLoad(() => api.actions(cursor), [api, cursor]);
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
      {page.error && (
        <MessageBar intent="error">
          <MessageBarBody>The admin actions could not be loaded: {page.error}</MessageBarBody>
        </MessageBar>
      )}
      {!page.data && !page.error && <Spinner label="Loading admin actions" />}
      {page.data && (
        <>
          <Table aria-label="Admin actions" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Time</TableHeaderCell>
                <TableHeaderCell>Who</TableHeaderCell>
                <TableHeaderCell>Action</TableHeaderCell>
                <TableHeaderCell>Mailbox</TableHeaderCell>
                <TableHeaderCell>Outcome</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.data.items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={5}>No admin action yet.</TableCell>
                </TableRow>
              )}
              {page.data.items.map((a) => (
                <TableRow key={a.id}>
                  <TableCell>{when(a.at)}</TableCell>
                  <TableCell>{a.actor}</TableCell>
                  <TableCell>{a.action}</TableCell>
                  <TableCell>{upnOf(a.mailboxId)}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={COLOR[a.outcome] ?? 'informative'}>
                      {a.outcome}
                    </Badge>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Pager
            label="Admin actions pages"
            page={cursors.length}
            hasNext={Boolean(page.data.next)}
            onFirst={() => setCursors([null])}
            onNext={() => setCursors([...cursors, page.data!.next])}
          />
        </>
      )}
    </div>
  );
}
