// Loads the event's sync history, again whenever `revision` changes (after an action or a followed run).
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { HistoryEntry } from '../../../contract/addin-api';
import { describeError } from '../errors';
import type { I18n } from '../i18n';

export interface HistoryState {
  entries: HistoryEntry[] | null;
  error: string | null;
}

export function useHistory(api: ApiClient, restId: string, revision: number, i18n: I18n): HistoryState {
  const [state, setState] = useState<HistoryState>({ entries: null, error: null });
  useEffect(() => {
    let cancelled = false;
    api.history(restId).then(
      ({ entries }) => !cancelled && setState({ entries, error: null }),
      (error: unknown) => !cancelled && setState({ entries: null, error: describeError(error, i18n) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, restId, revision, i18n]);
  return state;
}
