import { createRequestBudget } from '../../server/outlook';
import { createFakeClock, settle } from './fake-clock';

/** A request whose completion the test controls. */
function gate(): { promise: Promise<string>; open: (value?: string) => void } {
  let open: (value?: string) => void = () => undefined;
  const promise = new Promise<string>((resolve) => {
    open = (value = 'ok') => resolve(value);
  });
  return { promise, open };
}

describe('request budget', () => {
  it('when a mailbox has 4 requests in flight, then the 5th waits until one ends and other mailboxes go on', async () => {
    const clock = createFakeClock();
    const budget = createRequestBudget({ maxConcurrent: 4, clock });
    const gates = Array.from({ length: 6 }, () => gate());
    const started: number[] = [];
    const results = gates.map((g, i) =>
      budget.run('a', () => {
        started.push(i);
        return g.promise;
      }),
    );
    let otherStarted = false;
    const other = budget.run('b', async () => {
      otherStarted = true;
      return 'b';
    });
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(budget.waiting('a')).toBe(2);
    expect(otherStarted).toBe(true);
    await expect(other).resolves.toBe('b');

    gates[1]?.open('one');
    await expect(results[1]).resolves.toBe('one');
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates.forEach((g) => g.open());
    await Promise.all(results);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('when the window count is used up, then callers wait for the oldest start to leave the window', async () => {
    const clock = createFakeClock();
    const budget = createRequestBudget({ maxPerWindow: 3, windowMs: 1000, clock });
    const started: number[] = [];
    const results = [0, 1, 2, 3, 4].map((i) =>
      budget.run('a', async () => {
        started.push(i);
        return i;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1, 2]);
    await clock.advance(999);
    expect(started).toEqual([0, 1, 2]);
    await clock.advance(1);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3, 4]);
  });

  it('when a mailbox is paused for Retry-After, then it starts nothing until then and other mailboxes are not paused', async () => {
    const clock = createFakeClock();
    const budget = createRequestBudget({ clock });
    budget.pause('a', 2);
    let aStarted = false;
    let bStarted = false;
    const a = budget.run('a', async () => {
      aStarted = true;
    });
    const b = budget.run('b', async () => {
      bStarted = true;
    });
    await settle();
    expect(bStarted).toBe(true);
    expect(aStarted).toBe(false);
    await clock.advance(1999);
    expect(aStarted).toBe(false);
    await clock.advance(1);
    expect(aStarted).toBe(true);
    await Promise.all([a, b]);
  });

  it('when a shorter pause follows a longer one, then the longer one holds', async () => {
    const clock = createFakeClock();
    const budget = createRequestBudget({ clock });
    budget.pause('a', 5);
    budget.pause('a', 1);
    let started = false;
    const run = budget.run('a', async () => {
      started = true;
    });
    await clock.advance(4999);
    expect(started).toBe(false);
    await clock.advance(1);
    await run;
    expect(started).toBe(true);
  });

  it('when callers wait under a global cap, then each mailbox is served FIFO and mailboxes take turns', async () => {
    const clock = createFakeClock();
    const budget = createRequestBudget({ maxConcurrentTotal: 1, clock });
    const order: string[] = [];
    const first = gate();
    const runs = [
      budget.run('a', () => {
        order.push('a1');
        return first.promise;
      }),
      ...['a2', 'a3', 'a4'].map((name) => budget.run('a', async () => void order.push(name))),
      budget.run('b', async () => void order.push('b1')),
      budget.run('c', async () => void order.push('c1')),
      budget.run('b', async () => void order.push('b2')),
    ];
    await settle();
    expect(order).toEqual(['a1']);
    first.open();
    await Promise.all(runs);
    expect(order).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'b2', 'a4']);
  });

  it('when a request fails or throws synchronously, then its caller gets the error and the slot is given back', async () => {
    const clock = createFakeClock();
    const budget = createRequestBudget({ maxConcurrent: 1, clock });
    const failing = budget.run('a', () => Promise.reject(new Error('graph 503')));
    const throwing = budget.run('a', () => {
      throw new Error('bad request');
    });
    const after = budget.run('a', async () => 'after');
    await expect(failing).rejects.toThrow('graph 503');
    await expect(throwing).rejects.toThrow('bad request');
    await expect(after).resolves.toBe('after');
    expect(budget.waiting()).toBe(0);
  });

  it('when a $batch of 20 runs, then it counts 20 in the window and holds every in-flight slot, as Graph charges it', async () => {
    const clock = createFakeClock();
    const budget = createRequestBudget({ maxConcurrent: 4, maxPerWindow: 30, windowMs: 60_000, clock });
    const batch = gate();
    const started: string[] = [];
    const first = budget.run('a', () => (started.push('batch'), batch.promise), 20);
    const single = budget.run('a', async () => void started.push('single'));
    await settle();
    expect(started).toEqual(['batch']); // all four slots are the batch's while Outlook runs it
    batch.open();
    await first;
    await single;
    expect(started).toEqual(['batch', 'single']);
    // 21 of 30 used: a second batch of 20 waits until the first leaves the window.
    const second = budget.run('a', async () => void started.push('second batch'), 20);
    await settle();
    expect(started).toEqual(['batch', 'single']);
    await clock.advance(60_000);
    await second;
    expect(started).toEqual(['batch', 'single', 'second batch']);
  });

  it('when options are not positive, then creating the budget fails with the option named', () => {
    expect(() => createRequestBudget({ maxConcurrent: 0 })).toThrow(/maxConcurrent/);
    expect(() => createRequestBudget({ windowMs: -1 })).toThrow(/windowMs/);
  });
});
