// The pane's state and actions: who am I, which item, its sync status (or its compose-time mark), and every
// action the person can take. Errors become one plain sentence; a needs-reconnect problem raises the banner.
import { useCallback, useEffect, useState } from 'react';
import { isReconnectProblem } from '../../api/client';
import type { ConflictSide, EventStatus, LinkableRecord, MeResponse } from '../../../contract/addin-api';
import type { ItemMark } from '../../office/custom-properties';
import type { ItemContext } from '../../office/item';
import type { PaneDeps } from '../deps';
import { describeError } from '../errors';

export interface PaneState {
  loading: boolean;
  me: MeResponse | null;
  item: ItemContext | null;
  status: EventStatus | null;
  /** Compose-time mark of a never-saved appointment (custom property). */
  mark: ItemMark | null;
  busy: boolean;
  error: string | null;
  needsReconnect: boolean;
  /** Bumped after each change, so the history reloads. */
  revision: number;
}

export interface PaneActions {
  setTracking(track: boolean): Promise<void>;
  link(record: LinkableRecord | null): Promise<void>;
  saveFirst(): Promise<void>;
  syncNow(): Promise<void>;
  resolve(choices: Record<string, ConflictSide>): Promise<void>;
  reconnect(): Promise<void>;
  dismissFirstRun(): Promise<void>;
}

/** While a sync is pending, re-read the status this often, at most MAX_POLLS times per pending spell. */
export const POLL_INTERVAL_MS = 3000;
const MAX_POLLS = 20;

const INITIAL: PaneState = {
  loading: true,
  me: null,
  item: null,
  status: null,
  mark: null,
  busy: false,
  error: null,
  needsReconnect: false,
  revision: 0,
};

export function usePane({ api, item: itemOps, reconnect }: PaneDeps): [PaneState, PaneActions] {
  const [state, setState] = useState<PaneState>(INITIAL);
  const patch = useCallback((p: Partial<PaneState>) => setState((s) => ({ ...s, ...p })), []);

  const fail = useCallback(
    (error: unknown) =>
      setState((s) => ({
        ...s,
        loading: false,
        busy: false,
        error: describeError(error),
        needsReconnect: s.needsReconnect || isReconnectProblem(error),
      })),
    [],
  );

  /** Runs one action with the busy flag, turning failures into the error line. */
  const run = useCallback(
    async (action: () => Promise<Partial<PaneState>>) => {
      patch({ busy: true, error: null });
      try {
        const result = await action();
        setState((s) => ({ ...s, ...result, busy: false, revision: s.revision + 1 }));
      } catch (error) {
        fail(error);
      }
    },
    [patch, fail],
  );

  useEffect(() => {
    let cancelled = false;
    const set = (p: Partial<PaneState>) => !cancelled && patch(p);
    // Step by step, so what loaded stays on screen when a later call fails (e.g. needs reconnect).
    (async () => {
      const item = await itemOps.readItemContext();
      set({ item });
      const me = await api.me();
      set({ me, needsReconnect: me.connection !== 'connected' });
      if (item.restId) set({ status: await api.eventStatus(item.restId), loading: false });
      else set({ mark: await itemOps.readMark(), loading: false });
    })().catch((error: unknown) => {
      if (!cancelled) fail(error);
    });
    return () => {
      cancelled = true;
    };
  }, [api, itemOps, patch, fail]);

  const restId = state.item?.restId ?? null;
  const mark = state.mark ?? { track: false, link: null };
  const pending = state.status?.state === 'pending';

  useEffect(() => {
    if (!pending || !restId) return;
    let polls = 0;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const poll = () => {
      timer = setTimeout(() => {
        api.eventStatus(restId).then(
          (status) => {
            if (stopped) return;
            // A state change re-runs this effect; an unchanged pending status polls again.
            if (status.state === 'pending' && ++polls < MAX_POLLS) poll();
            if (status.state !== 'pending') setState((s) => ({ ...s, status, revision: s.revision + 1 }));
          },
          (error: unknown) => !stopped && fail(error),
        );
      }, POLL_INTERVAL_MS);
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, restId, pending, fail]);

  const actions: PaneActions = {
    setTracking: (track) =>
      run(async () => {
        if (!restId) {
          const next = { ...mark, track };
          await itemOps.writeMark(next);
          return { mark: next };
        }
        return { status: await api.setTracking(restId, { track }) };
      }),
    link: (record) =>
      run(async () => {
        if (!restId) {
          const next: ItemMark = {
            track: true,
            link: record && { model: record.model, id: record.id, name: record.name },
          };
          await itemOps.writeMark(next);
          return { mark: next };
        }
        const link = record && { model: record.model, id: record.id, name: record.name };
        return { status: await api.setTracking(restId, { track: true, link }) };
      }),
    saveFirst: () =>
      run(async () => {
        const savedId = await itemOps.saveItem();
        const linkRef = mark.link && { model: mark.link.model, id: mark.link.id };
        const status = await api.setTracking(savedId, { track: mark.track, ...(linkRef ? { link: linkRef } : {}) });
        return { item: { ...state.item!, restId: savedId }, status, mark: null };
      }),
    syncNow: () =>
      run(async () => {
        if (!restId) throw new Error('Save the appointment before syncing it.');
        await api.syncNow(restId);
        return { status: await api.eventStatus(restId) };
      }),
    resolve: (choices) =>
      run(async () => {
        if (!restId) throw new Error('Save the appointment before resolving conflicts.');
        return { status: await api.resolveConflicts(restId, { choices }) };
      }),
    reconnect: () =>
      run(async () => {
        await reconnect();
        const me = await api.me();
        const status = restId ? await api.eventStatus(restId) : null;
        return { me, status, needsReconnect: me.connection !== 'connected' };
      }),
    dismissFirstRun: () =>
      run(async () => {
        await api.firstRunDone();
        return { me: state.me && { ...state.me, firstRun: false } };
      }),
  };
  return [state, actions];
}
