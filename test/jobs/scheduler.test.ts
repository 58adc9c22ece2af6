/**
 * The scheduler: tasks tick repeatedly only while leader, a failed tick is logged and the next one still runs,
 * stop() clears the timers and waits for a tick under way. Real timers with short intervals, except where a test
 * checks that nothing happens after stop: there jest's fake clock is advanced, so "nothing" is exact, not a guess.
 */
import { createScheduler, type Leadership } from '../../server/jobs';
import { createRecordingLogger } from './recording-logger';

function waitUntil(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (check()) {
        clearInterval(poll);
        resolve();
      }
    }, 5);
  });
}

describe('createScheduler', () => {
  it('when it runs, then each task ticks again and again; a failing tick is logged and does not stop it', async () => {
    jest.useFakeTimers();
    const logger = createRecordingLogger();
    let ticks = 0;
    let failures = 0;
    const scheduler = createScheduler({
      logger,
      leadership: { isLeader: async () => true, release: async () => undefined },
      tasks: [
        { name: 'count', everyMs: 10, run: async () => void (ticks += 1) },
        {
          name: 'fail',
          everyMs: 10,
          run: async () => {
            failures += 1;
            throw new Error('boom');
          },
        },
      ],
    });
    try {
      scheduler.start();
      await jest.advanceTimersByTimeAsync(40); // intervals of 10 ms +-10 %: at least three ticks of each task
      expect(ticks).toBeGreaterThanOrEqual(3);
      expect(failures).toBeGreaterThanOrEqual(2);
      await scheduler.stop();
      const after = { ticks, failures };
      await jest.advanceTimersByTimeAsync(1_000);
      expect({ ticks, failures }).toEqual(after);
      expect(logger.lines.some((e) => e.message === 'scheduled task failed')).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('when this process is not the leader, then no task runs; when it becomes leader, they do', async () => {
    let leader = false;
    let asked = 0;
    let released = false;
    const leadership: Leadership = {
      isLeader: async () => {
        asked += 1;
        return leader;
      },
      release: async () => void (released = true),
    };
    let ticks = 0;
    const scheduler = createScheduler({
      logger: createRecordingLogger(),
      leadership,
      tasks: [{ name: 'count', everyMs: 5, run: async () => void (ticks += 1) }],
    });
    scheduler.start();
    await waitUntil(() => asked >= 3);
    expect(ticks).toBe(0);
    leader = true;
    await waitUntil(() => ticks >= 1);
    await scheduler.stop();
    expect(released).toBe(true);
  });

  it('when stopped during a tick, then stop waits for that tick to finish', async () => {
    let finish: () => void = () => undefined;
    let started = false;
    let finished = false;
    const scheduler = createScheduler({
      logger: createRecordingLogger(),
      leadership: { isLeader: async () => true, release: async () => undefined },
      tasks: [
        {
          name: 'slow',
          everyMs: 5,
          run: () =>
            new Promise<void>((resolve) => {
              started = true;
              finish = () => {
                finished = true;
                resolve();
              };
            }),
        },
      ],
    });
    scheduler.start();
    await waitUntil(() => started);
    const stopping = scheduler.stop();
    finish();
    await stopping;
    expect(finished).toBe(true);
  });
});
