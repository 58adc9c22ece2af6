// The pane's state and actions: who am I, which item, its sync status (or its compose-time mark), and every
// action the person can take. After an action that queues a sync it follows the mailbox's run to its end (and says
// when that takes long, or that the run has not started at all) before it shows the outcome; errors become one
// sentence in the person's language. Actions queue, and each reads the pane's state as it is when it runs.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiProblem, isReconnectProblem } from '../../api/client';
import { PROBLEM_TYPES } from '../../../contract/addin-api/problems';
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
  /** The run started and takes longer than usual. */
  slow: boolean;
  /** No run started since the request, after NOT_STARTED_AFTER_MS (e.g. the sync workers are down); still followed. */
  stalled: boolean;
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
  /** Reads `/api/me` again (its conditions changed: a private appointments key was linked). */
  refreshMe(): Promise<void>;
}

/**
 * While following a run: read the status this often; after SLOW_AFTER_MS say so (the run is slow, or it has not
 * started: "still waiting") and read less often, until it ends.
 */
export const FOLLOW_INTERVAL_MS = 1500;
export const SLOW_AFTER_MS = 45_000;
export const NOT_STARTED_AFTER_MS = SLOW_AFTER_MS;
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

/** True when a run started at or after the request (it may still run). */
export function runStarted(status: EventStatus, requestedAt: string): boolean {
  return status.run !== null && status.run.startedAt >= requestedAt;
}

function followOf(requestedAt: string | null): Follow | null {
  return requestedAt ? { requestedAt, since: Date.now(), slow: false, stalled: false, done: null } : null;
}

/** The follow after one more status read that did not see the run end. */
function followOn(follow: Follow, status: EventStatus): Follow {
  const long = Date.now() - follow.since > SLOW_AFTER_MS;
  const started = runStarted(status, follow.requestedAt);
  return { ...follow, slow: long && started, stalled: long && !started };
}

export function usePane(deps: PaneDeps, i18n: I18n): [PaneState, PaneActions] {
  const { api, item: itemOps } = deps;
  const [state, setState] = useState<PaneState>(INITIAL);
  // The state as it is now, updated at once with every change: a queued action reads it when it runs, not the
  // values of the render in which it was asked.
  const current = useRef<PaneState>(INITIAL);
  const update = useCallback((change: (s: PaneState) => PaneState) => {
    current.current = change(current.current);
    setState(current.current);
  }, []);
  const patch = useCallback((p: Partial<PaneState>) => update((s) => ({ ...s, ...p })), [update]);
  const fail = useCallback(
    (error: unknown) =>
      update((s) => ({ ...s, loading: false, busy: false, error: describeError(error, i18n, s.me?.erp.name) })),
    [i18n, update],
  );
  /** Bumped when Outlook shows another item: an action asked for the previous item must not touch this one. */
  const generation = useRef(0);

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
        if (what === 'item') {
          generation.current += 1;
          load().catch(fail);
        } else itemOps.readItemContext().then((item) => patch({ item }), fail);
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
    const interval = following
      ? follow.slow || follow.stalled
        ? SLOW_INTERVAL_MS
        : FOLLOW_INTERVAL_MS
      : PENDING_INTERVAL_MS;
    const timer = setTimeout(async () => {
      try {
        const [status, item] = await Promise.all([api.eventStatus(restId), itemOps.readItemContext()]);
        if (!following) return patch({ status, item });
        if (runEnded(status, follow.requestedAt)) {
          const full = await api.eventStatus(restId, true);
          const done = { at: status.run!.finishedAt!, outcome: status.run!.outcome };
          const ended = { ...follow, slow: false, stalled: false, done };
          return update((s) => ({ ...s, status: full, item, follow: ended, revision: s.revision + 1 }));
        }
        patch({ status, item, follow: followOn(follow, status) });
      } catch (error) {
        fail(error);
      }
    }, interval);
    return () => clearTimeout(timer);
  }, [api, itemOps, restId, following, pending, follow, state.status, patch, update, fail]);

  /**
   * Runs one action with the busy flag. Actions run one after another in the order asked (a second action while
   * one runs waits for it, never lost), and controls stay enabled meanwhile, so focus stays where the person is.
   * Each action reads the pane's state when it runs (the REST id a save just gave, the mark just written); one asked
   * for an item Outlook no longer shows is dropped rather than applied to the item shown now.
   */
  const queue = useRef<Promise<void>>(Promise.resolve());
  const run = useCallback(
    (action: (now: PaneState) => Promise<Partial<PaneState>>) => {
      const askedFor = generation.current;
      const next = queue.current.then(async () => {
        if (generation.current !== askedFor) return;
        patch({ busy: true, error: null });
        try {
          const result = await action(current.current);
          if (generation.current !== askedFor) return patch({ busy: false });
          update((s) => ({ ...s, ...result, busy: false, revision: s.revision + 1 }));
        } catch (error) {
          // The event left the calendar meanwhile: the status says so (gone), not an error line over an old state.
          const id = current.current.item?.restId;
          if (id && error instanceof ApiProblem && error.is(PROBLEM_TYPES.notFound)) {
            const status = await api.eventStatus(id, true).catch(() => null);
            if (status?.state === 'gone') return patch({ status, follow: null, busy: false, error: null });
          }
          fail(error);
          if (isReconnectProblem(error)) await api.me().then((me) => patch({ me }), fail);
        }
      });
      queue.current = next;
      return next;
    },
    [api, patch, update, fail],
  );

  const withStatus = (status: EventStatus) => ({ status, follow: followOf(status.syncRequestedAt) });
  const markOf = (now: PaneState): ItemMark => now.mark ?? { track: false, link: null };
  const restIdOf = (now: PaneState) => now.item?.restId ?? null;

  const actions: PaneActions = {
    setTracking: (track) =>
      run(async (now) => {
        const id = restIdOf(now);
        if (!id) {
          const next = { ...markOf(now), track };
          await itemOps.writeMark(next);
          return { mark: next };
        }
        return withStatus(await api.setTracking(id, { track }));
      }),
    link: (record) =>
      run(async (now) => {
        const id = restIdOf(now);
        const link = record && { model: record.model, id: record.id, name: record.name };
        if (!id) {
          const next: ItemMark = { track: true, link };
          await itemOps.writeMark(next);
          return { mark: next };
        }
        return withStatus(await api.setTracking(id, { track: true, link }));
      }),
    saveFirst: () =>
      run(async (now) => {
        const mark = markOf(now);
        const savedId = await itemOps.saveItem();
        const link = mark.link && { model: mark.link.model, id: mark.link.id, name: mark.link.name ?? undefined };
        const status = await api.setTracking(savedId, { track: mark.track, ...(link ? { link } : {}) });
        return { item: { ...now.item!, restId: savedId }, mark: null, ...withStatus(status) };
      }),
    syncNow: () =>
      run(async (now) => {
        const id = restIdOf(now);
        if (!id) return {};
        const accepted = await api.syncNow(id);
        return { follow: followOf(accepted.requestedAt) };
      }),
    resolve: (choices) =>
      run(async (now) => {
        const id = restIdOf(now);
        return id ? withStatus(await api.resolveConflicts(id, { choices })) : {};
      }),
    connect: () =>
      run(async (now) => {
        await deps.reconnect();
        const me = await api.me();
        const id = restIdOf(now);
        const status = id && me.connection === 'connected' ? await api.eventStatus(id, true) : null;
        const ownMark = !id && me.connection === 'connected' ? await itemOps.readMark() : now.mark;
        return { me, status, mark: ownMark, loading: false };
      }),
    refreshMe: () => run(async () => ({ me: await api.me() })),
    dismissFirstRun: () =>
      run(async (now) => {
        await api.firstRunDone();
        return { me: now.me && { ...now.me, firstRun: false } };
      }),
  };
  return [state, actions];
}
