/**
 * Repeating background tasks (ERP poll, sweep, subscription upkeep): one timer per task with jitter, run only
 * while this process holds the scheduler leadership, never two ticks of one task at once, stopped on shutdown.
 * What a tick does is the caller's; leadership is pluggable (always for SQLite, an advisory lock for PostgreSQL).
 */
import { spread } from '../retry';
import type { QueueLogger } from './queue';

export interface ScheduledTask {
  name: string;
  everyMs: number;
  /** Run once soon after start (after a jittered delay up to 1 s) instead of after the first interval. */
  runAtStart?: boolean;
  run(): Promise<void>;
}

/** Whether this process should run the scheduled tasks now; may take or renew a lock. */
export interface Leadership {
  isLeader(): Promise<boolean>;
  release(): Promise<void>;
}

export interface Scheduler {
  start(): void;
  /** Clears the timers and waits for ticks under way. */
  stop(): Promise<void>;
}

/** ±10 % so that processes and mailboxes started together do not tick together. */
function jittered(ms: number, random: () => number): number {
  return spread(ms, 0.1, random);
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export const ALWAYS_LEADER: Leadership = { isLeader: async () => true, release: async () => undefined };

export function createScheduler(options: {
  tasks: ScheduledTask[];
  leadership: Leadership;
  logger: QueueLogger;
  random?: () => number;
}): Scheduler {
  const random = options.random ?? Math.random;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  function plan(task: ScheduledTask, delayMs: number): void {
    if (stopped) return;
    // Node fires a timer longer than 2^31-1 ms at once: wait out long intervals in steps.
    const step = Math.min(delayMs, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (delayMs > step) return plan(task, delayMs - step);
      const tick = runTick(task).finally(() => {
        running.delete(tick);
        plan(task, jittered(task.everyMs, random));
      });
      running.add(tick);
    }, step);
    // Background timers must not keep a process alive that has nothing else to do.
    timer.unref();
    timers.add(timer);
  }

  async function runTick(task: ScheduledTask): Promise<void> {
    try {
      if (!(await options.leadership.isLeader())) return;
      await task.run();
    } catch (error) {
      // The next tick tries again; a failed tick is logged, never fatal.
      options.logger.error({ err: error, task: task.name }, 'scheduled task failed');
    }
  }

  return {
    start() {
      for (const task of options.tasks) {
        plan(task, task.runAtStart ? Math.round(1000 * random()) : jittered(task.everyMs, random));
      }
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running]);
      await options.leadership.release();
    },
  };
}
