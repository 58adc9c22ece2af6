/**
 * The emulator's whole state as one JSON document (world, consent/MFA switches, keys, refresh tokens, settings,
 * clock offset, subscriptions, the calendar half's snapshot), saved to or loaded from a file, and reset to the seed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import type { KeyRing } from '../identity/keys';
import type { RefreshTokenStore } from '../identity/refresh-tokens';
import { DEFAULT_SETTINGS, type EmulatorSettings } from '../settings';
import type { SubscriptionStore } from '../subscriptions/store';
import type { UserSwitches } from '../world/directory';
import type { World } from '../world/types';
import { ControlError, parseBody, route } from './problem';

export const STATE_VERSION = 1;

export interface EmulatorState {
  version: typeof STATE_VERSION;
  world: World;
  switches: Record<string, UserSwitches>;
  keys: ReturnType<KeyRing['export']>;
  refreshTokens: ReturnType<RefreshTokenStore['export']>;
  settings: EmulatorSettings;
  clockOffsetMs: number;
  subscriptions: ReturnType<SubscriptionStore['export']>;
  calendar: unknown;
}

export function snapshotState(ctx: EmulatorContext): EmulatorState {
  return structuredClone({
    version: STATE_VERSION,
    world: ctx.directory.snapshotWorld,
    switches: ctx.directory.exportSwitches(),
    keys: ctx.ring.export(),
    refreshTokens: ctx.refreshTokens.export(),
    settings: ctx.settings,
    clockOffsetMs: ctx.clock.offset,
    subscriptions: ctx.subscriptions.export(),
    calendar: ctx.calendar ? ctx.calendar.snapshot() : null,
  });
}

export function restoreState(ctx: EmulatorContext, raw: unknown): void {
  const state = raw as Partial<EmulatorState> | null;
  if (!state || state.version !== STATE_VERSION || !state.world || !state.keys) {
    throw new ControlError(400, `Not an emulator state document (version ${STATE_VERSION} expected).`);
  }
  const copy = structuredClone(state as EmulatorState);
  ctx.directory.replace(copy.world);
  ctx.directory.importSwitches(copy.switches ?? {});
  ctx.ring.import(copy.keys);
  ctx.refreshTokens.import(copy.refreshTokens ?? {});
  Object.assign(ctx.settings, DEFAULT_SETTINGS, copy.settings);
  ctx.clock.setOffset(copy.clockOffsetMs ?? 0);
  ctx.subscriptions.import(copy.subscriptions ?? { subscriptions: [], dropRemaining: 0 });
  if (ctx.calendar && copy.calendar !== null && copy.calendar !== undefined) ctx.calendar.restore(copy.calendar);
}

export function resetState(ctx: EmulatorContext): void {
  ctx.directory.replace(ctx.seed());
  ctx.refreshTokens.clear();
  ctx.tokenFaults.clear();
  ctx.tokenLog.clear();
  ctx.faults.clear();
  ctx.requestLog.clear();
  ctx.throttle.clear();
  ctx.subscriptions.clear();
  ctx.clock.setOffset(0);
  Object.assign(ctx.settings, ctx.initialSettings);
  ctx.calendar?.reset();
}

export async function saveStateFile(ctx: EmulatorContext, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(snapshotState(ctx), null, 2), { mode: 0o600 });
}

export async function loadStateFile(ctx: EmulatorContext, path: string): Promise<void> {
  restoreState(ctx, JSON.parse(await readFile(path, 'utf8')));
}

const PathBody = z.object({ path: z.string().min(1) });

export function stateControl(ctx: EmulatorContext): Router {
  const router = express.Router();
  router.post(
    '/reset',
    route(() => (resetState(ctx), { ok: true })),
  );
  router.get(
    '/state',
    route(() => snapshotState(ctx)),
  );
  router.put(
    '/state',
    route((req) => (restoreState(ctx, req.body), { ok: true })),
  );
  router.post(
    '/state/save',
    route(async (req) => {
      const { path } = parseBody(PathBody, req.body);
      await saveStateFile(ctx, path);
      return { saved: path };
    }),
  );
  router.post(
    '/state/load',
    route(async (req) => {
      const { path } = parseBody(PathBody, req.body);
      try {
        await loadStateFile(ctx, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new ControlError(404, `No state file at ${path}.`);
        if (error instanceof SyntaxError)
          throw new ControlError(400, `State file ${path} is not JSON: ${error.message}`);
        throw error;
      }
      return { loaded: path };
    }),
  );
  return router;
}
