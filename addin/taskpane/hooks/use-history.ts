// Loads the event's sync history, again whenever `revision` changes (after an action in the pane).
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { HistoryEntry } from '../../../contract/addin-api';
import { describeError } from '../errors';

export interface HistoryState {
  entries: HistoryEntry[] | null;
  error: string | null;
}

export function useHistory(api: ApiClient, restId: string, revision: number): HistoryState {
  const [state, setState] = useState<HistoryState>({ entries: null, error: null });
  useEffect(() => {
    let cancelled = false;
    api.history(restId).then(
      ({ entries }) => !cancelled && setState({ entries, error: null }),
      (error: unknown) => !cancelled && setState({ entries: null, error: describeError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, restId, revision]);
  return state;
}
