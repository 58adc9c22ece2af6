// The paged list every history screen shows (runs, audit log, admin actions): the loading and error states, the table
// with its header and "nothing yet" row, and cursor paging. A screen gives its columns and how one item reads.
import {
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import type { Page } from '../admin-api';
import { useLoad } from '../use-load';
import { Pager } from './Pager';

/** Cursor pages: the cursors walked so far (the first page has none); reset to the first page when `deps` change. */
export function usePages<T>(load: (cursor: string | null) => Promise<Page<T>>, deps: unknown[]) {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useLoad(() => load(cursor), [...deps, cursor]);
  return {
    page,
    number: cursors.length,
    /** Back to the first page (a new search starts there). */
    first: () => setCursors([null]),
    next: () => setCursors([...cursors, page.data?.next ?? null]),
  };
}

export interface PagedTableProps<T> {
  pages: ReturnType<typeof usePages<T>>;
  /** The table's accessible name. */
  label: string;
  pagerLabel: string;
  loading: string;
  /** Leads the error: "<failed>: <reason>". */
  failed: string;
  empty: string;
  columns: string[];
  rowKey: (item: T) => string | number;
  /** The cells of one item, in the columns' order. */
  cells: (item: T) => ReactNode[];
}

export function PagedTable<T>(props: PagedTableProps<T>) {
  const { page, number, first, next } = props.pages;
  if (page.error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          {props.failed}: {page.error}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (!page.data) return <Spinner label={props.loading} />;
  return (
    <>
      <Table aria-label={props.label} size="small">
        <TableHeader>
          <TableRow>
            {props.columns.map((c) => (
              <TableHeaderCell key={c}>{c}</TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {page.data.items.length === 0 && (
            <TableRow>
              <TableCell colSpan={props.columns.length}>{props.empty}</TableCell>
            </TableRow>
          )}
          {page.data.items.map((item) => (
            <TableRow key={props.rowKey(item)}>
              {props.cells(item).map((cell, i) => (
                <TableCell key={props.columns[i] ?? i}>{cell}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pager label={props.pagerLabel} page={number} hasNext={Boolean(page.data.next)} onFirst={first} onNext={next} />
    </>
  );
}
