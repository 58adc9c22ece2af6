// Search-as-you-type for linkable ERP records: debounced, the previous request aborted, stale answers dropped.
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { LinkableRecord } from '../../../contract/addin-api';
import { describeError } from '../errors';
import type { I18n } from '../i18n';

/** Wait this long after the last keystroke before asking the backend. */
export const SEARCH_DEBOUNCE_MS = 250;
/** Fewer characters than this return nothing (the ERP would match everything). */
export const SEARCH_MIN_CHARS = 2;

export interface RecordSearch {
  results: LinkableRecord[];
  searching: boolean;
  error: string | null;
}

export function useRecordSearch(
  api: ApiClient,
  query: string,
  i18n: I18n,
  debounceMs = SEARCH_DEBOUNCE_MS,
): RecordSearch {
  const [state, setState] = useState<RecordSearch>({ results: [], searching: false, error: null });

  useEffect(() => {
    const q = query.trim();
    if (q.length < SEARCH_MIN_CHARS) {
      setState({ results: [], searching: false, error: null });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, searching: true }));
    const timer = setTimeout(() => {
      api.searchRecords(q, controller.signal).then(
        ({ records }) => setState({ results: records, searching: false, error: null }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setState({ results: [], searching: false, error: describeError(error, i18n) });
        },
      );
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, query, debounceMs, i18n]);

  return state;
}
