// The pane's state and actions: who am I, which item, its sync status (or its compose-time mark), and every
// action the person can take. After an action that queues a sync it follows the mailbox's run to its end (and says
// when that takes long) before it shows the outcome; errors become one sentence in the person's language.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isReconnectProblem } from '../../api/client';
import type { ConflictSide, EventStatus, LinkableRecord, MeResponse } from '../../../contract/addin-api';
import type { ItemMark } from '../../office/custom-properties';
import type { ItemContext } from '../../office/item';
import type { PaneDeps } from '../deps';
import { describeError } from '../errors';
import type { I18n } from '../i18n';

/** A sync the pane asked for, followed until the mailbox's run that started after `requestedAt` ends. */
export interface Follow {
  requestedAt: string;
  /** When the pane started following (its own clock), to tell a slow run from a normal one. */
  since: number;
  slow: boolean;
  /** Set when the run ended: its end and outcome. */
  done: { at: string; outcome: string } | null;
}

export interface PaneState {
  loading: boolean;
  me: MeResponse | null;
  item: ItemContext | null;
  status: EventStatus | null;
  /** Compose-time mark of a never-saved appointment (custom property). */
  mark: ItemMark | null;
  busy: boolean;
  error: string | null;
  follow: Follow | null;
  /** Bumped after each change, so the history reloads. */
  revision: number;
}

export interface PaneActions {
  setTracking(track: boolean): Promise<void>;
  link(record: Pick<LinkableRecord, 'model' | 'id' | 'name'> | null): Promise<void>;
  saveFirst(): Promise<void>;
  syncNow(): Promise<void>;
  resolve(choices: Record<string, ConflictSide>): Promise<void>;
  connect(): Promise<void>;
  dismissFirstRun(): Promise<void>;
}

/** While following a run: read the status this often; after SLOW_AFTER_MS say so and read less often. */
export const FOLLOW_INTERVAL_MS = 1500;
export const SLOW_AFTER_MS = 45_000;
export const SLOW_INTERVAL_MS = 10_000;
/** A pending event (waiting for the next run) is re-read this often, for as long as the pane is open. */
export const PENDING_INTERVAL_MS = 10_000;

const INITIAL: PaneState = {
  loading: true,
  me: null,
  item: null,
  status: null,
  mark: null,
  busy: false,
  error: null,
  follow: null,
  revision: 0,
};

/** True when the mailbox's latest run started at or after the request and has ended. */
export function runEnded(status: EventStatus, requestedAt: string): boolean {
  const run = status.run;
  return run !== null && run.startedAt >= requestedAt && run.finishedAt !== null;
}

function followOf(requestedAt: string | null): Follow | null {
  return requestedAt ? { requestedAt, since: Date.now(), slow: false, done: null } : null;
}

export function usePane(deps: PaneDeps, i18n: I18n): [PaneState, PaneActions] {
  const { api, item: itemOps } = deps;
  const [state, setState] = useState<PaneState>(INITIAL);
  const patch = useCallback((p: Partial<PaneState>) => setState((s) => ({ ...s, ...p })), []);
  const fail = useCallback(
    (error: unknown) => setState((s) => ({ ...s, loading: false, busy: false, error: describeError(error, i18n) })),
    [i18n],
  );

  /** Loads everything for the item Outlook shows now; step by step, so what loaded stays when a later step fails. */
  const load = useCallback(async () => {
    const item = await itemOps.readItemContext();
    patch({ item, status: null, mark: null, follow: null, error: null });
    const me = await api.me();
    patch({ me });
    // Never connected or access lost: the banner says which; no status call that could only fail.
    if (me.connection !== 'connected') return patch({ loading: false });
    if (item.restId) patch({ status: await api.eventStatus(item.restId, true), loading: false });
    else patch({ mark: await itemOps.readMark(), loading: false });
  }, [api, itemOps, patch]);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    load().catch(fail);
    itemOps
      .watch((what) => {
        if (what === 'item') load().catch(fail);
        else itemOps.readItemContext().then((item) => patch({ item }), fail);
      })
      .then((unsubscribe) => (cancelled ? unsubscribe() : (stop = unsubscribe)), fail);
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [itemOps, load, fail, patch]);

  const restId = state.item?.restId ?? null;
  const follow = state.follow;
  const following = follow !== null && follow.done === null;
  const pending = state.status?.state === 'pending';

  // Follow a requested run to its end, or re-read a pending event; the title is re-read too (compose edits).
  useEffect(() => {
    if (!restId || (!following && !pending)) return;
    const interval = following ? (follow.slow ? SLOW_INTERVAL_MS : FOLLOW_INTERVAL_MS) : PENDING_INTERVAL_MS;
    const timer = setTimeout(async () => {
      try {
        const [status, item] = await Promise.all([api.eventStatus(restId), itemOps.readItemContext()]);
        if (!following) return patch({ status, item });
        if (runEnded(status, follow.requestedAt)) {
          const full = await api.eventStatus(restId, true);
          const done = { at: status.run!.finishedAt!, outcome: status.run!.outcome };
          return setState((s) => ({ ...s, status: full, item, follow: { ...follow, done }, revision: s.revision + 1 }));
        }
        patch({ status, item, follow: { ...follow, slow: Date.now() - follow.since > SLOW_AFTER_MS } });
      } catch (error) {
        fail(error);
      }
    }, interval);
    return () => clearTimeout(timer);
  }, [api, itemOps, restId, following, pending, follow, state.status, patch, fail]);

  /**
   * Runs one action with the busy flag. Actions run one after another in the order asked (a second action while
   * one runs waits for it, never lost), and controls stay enabled meanwhile, so focus stays where the person is.
   */
  const queue = useRef<Promise<void>>(Promise.resolve());
  const run = useCallback(
    (action: () => Promise<Partial<PaneState>>) => {
      const next = queue.current.then(async () => {
        patch({ busy: true, error: null });
        try {
          const result = await action();
          setState((s) => ({ ...s, ...result, busy: false, revision: s.revision + 1 }));
        } catch (error) {
          fail(error);
          if (isReconnectProblem(error)) await api.me().then((me) => patch({ me }), fail);
        }
      });
      queue.current = next;
      return next;
    },
    [api, patch, fail],
  );

  const mark: ItemMark = state.mark ?? { track: false, link: null };
  const withStatus = (status: EventStatus) => ({ status, follow: followOf(status.syncRequestedAt) });

  const actions: PaneActions = {
    setTracking: (track) =>
      run(async () => {
        if (!restId) {
          const next = { ...mark, track };
          await itemOps.writeMark(next);
          return { mark: next };
        }
        return withStatus(await api.setTracking(restId, { track }));
      }),
    link: (record) =>
      run(async () => {
        const link = record && { model: record.model, id: record.id, name: record.name };
        if (!restId) {
          const next: ItemMark = { track: true, link };
          await itemOps.writeMark(next);
          return { mark: next };
        }
        return withStatus(await api.setTracking(restId, { track: true, link }));
      }),
    saveFirst: () =>
      run(async () => {
        const savedId = await itemOps.saveItem();
        const link = mark.link && { model: mark.link.model, id: mark.link.id, name: mark.link.name ?? undefined };
        const status = await api.setTracking(savedId, { track: mark.track, ...(link ? { link } : {}) });
        return { item: { ...state.item!, restId: savedId }, mark: null, ...withStatus(status) };
      }),
    syncNow: () =>
      run(async () => {
        if (!restId) return {};
        const accepted = await api.syncNow(restId);
        return { follow: followOf(accepted.requestedAt) };
      }),
    resolve: (choices) => run(async () => (restId ? withStatus(await api.resolveConflicts(restId, { choices })) : {})),
    connect: () =>
      run(async () => {
        await deps.reconnect();
        const me = await api.me();
        const status = restId && me.connection === 'connected' ? await api.eventStatus(restId, true) : null;
        const ownMark = !restId && me.connection === 'connected' ? await itemOps.readMark() : state.mark;
        return { me, status, mark: ownMark, loading: false };
      }),
    dismissFirstRun: () =>
      run(async () => {
        await api.firstRunDone();
        return { me: state.me && { ...state.me, firstRun: false } };
      }),
  };
  return [state, actions];
}
