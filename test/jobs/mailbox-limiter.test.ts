import { AppError } from '../../server/errors';
import { createMailboxLimiter, throttledRetryAfterSeconds } from '../../server/jobs/mailbox-limiter';
import { createRequestBudget } from '../../server/outlook';
import { OutlookError } from '../../server/outlook';
import { createFakeClock, settle } from './fake-clock';

const throttled = (seconds?: number) =>
  new AppError('throttled', 'Graph answered 429', {
    details: seconds === undefined ? {} : { retryAfterSeconds: seconds },
  });

describe('mailbox limiter', () => {
  it('when a request is throttled with Retry-After, then the error reaches the caller and the mailbox pauses that long', async () => {
    const clock = createFakeClock();
    const budget = createRequestBudget({ clock });
    const limitA = createMailboxLimiter(budget, 'a');
    const limitB = createMailboxLimiter(budget, 'b');
    await expect(limitA(() => Promise.reject(throttled(3)))).rejects.toMatchObject({ code: 'throttled' });

    let aStarted = false;
    const next = limitA(async () => {
      aStarted = true;
      return 'a';
    });
    await expect(limitB(async () => 'b')).resolves.toBe('b');
    await clock.advance(2999);
    expect(aStarted).toBe(false);
    await clock.advance(1);
    await expect(next).resolves.toBe('a');
  });

  it('when a request fails otherwise, then nothing is paused', async () => {
    const clock = createFakeClock();
    const budget = createRequestBudget({ clock });
    const limit = createMailboxLimiter(budget, 'a');
    await expect(limit(() => Promise.reject(new AppError('transient', 'Graph 503')))).rejects.toThrow('Graph 503');
    await expect(limit(() => Promise.reject(throttled()))).rejects.toMatchObject({ code: 'throttled' });
    let started = false;
    const next = limit(async () => {
      started = true;
    });
    await settle();
    expect(started).toBe(true);
    await next;
  });

  it.each([
    [throttled(5), 5],
    [
      new OutlookError(
        'throttled',
        'GET /me/events: 429',
        { status: 429, graphCode: 'ApplicationThrottled', requestId: null, body: null },
        7,
      ),
      7,
    ],
    [throttled(), undefined],
    [new AppError('transient', 'x', { details: { retryAfterSeconds: 5 } }), undefined],
    [new Error('plain'), undefined],
    [throttled(-1), undefined],
  ])('when the error is %p, then the Retry-After read is %p', (error, expected) => {
    expect(throttledRetryAfterSeconds(error)).toBe(expected);
  });
});
