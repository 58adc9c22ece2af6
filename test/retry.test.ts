import { backoffDelayMs, DEFAULT_RETRY, parseRetryAfter, retryDelayMs, spread, withRetry } from '../server/retry';

describe('the one retry policy', () => {
  it.each([
    ['7', 7],
    ['2.128', 2.128],
    ['', null],
    [undefined, null],
    ['soon', null],
    ['-5', null],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
  ])('when Retry-After is "%s", then it means %s seconds', (header, seconds) => {
    expect(parseRetryAfter(header, new Date('2026-01-01T00:00:00Z'))).toBe(seconds);
  });

  it('when backing off, then each delay lies in the upper half of a doubling ceiling, capped', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(policy, n, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('when attempts run out or Retry-After is too long, then there is no retry; a Retry-After wins over backoff', () => {
    expect(retryDelayMs(DEFAULT_RETRY, DEFAULT_RETRY.maxAttempts, 1)).toBeNull();
    expect(retryDelayMs(DEFAULT_RETRY, 1, DEFAULT_RETRY.maxRetryAfterSeconds + 1)).toBeNull();
    expect(retryDelayMs(DEFAULT_RETRY, 1, 3)).toBe(3000);
    expect(retryDelayMs(DEFAULT_RETRY, 1, 0.25)).toBe(250);
    expect(retryDelayMs(DEFAULT_RETRY, 2, null, () => 0)).toBe(DEFAULT_RETRY.baseDelayMs);
  });

  it('when an operation fails transiently, then it is retried after the policy delays and its success returned', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await withRetry(
      { ...DEFAULT_RETRY, baseDelayMs: 100 },
      async () => {
        calls += 1;
        if (calls === 1) throw Object.assign(new Error('busy'), { retryAfter: 2 });
        if (calls === 2) throw new Error('reset');
        return 'done';
      },
      {
        retryable: (error) => ({
          error: error as Error,
          retryAfterSeconds: (error as { retryAfter?: number }).retryAfter ?? null,
        }),
        sleep: async (ms) => void slept.push(ms),
        random: () => 0,
      },
    );
    expect({ result, calls, slept }).toEqual({ result: 'done', calls: 3, slept: [2000, 100] });
  });

  it('when an error is not retryable or attempts run out, then the last error is thrown', async () => {
    let calls = 0;
    const fatal = withRetry(
      DEFAULT_RETRY,
      async () => {
        calls += 1;
        throw new Error('refused');
      },
      { retryable: () => null, sleep: async () => undefined },
    );
    await expect(fatal).rejects.toThrow('refused');
    expect(calls).toBe(1);
    let tries = 0;
    const exhausted = withRetry(
      { ...DEFAULT_RETRY, maxAttempts: 3 },
      async () => {
        tries += 1;
        throw new Error(`try ${tries}`);
      },
      { retryable: (error) => ({ error, retryAfterSeconds: null }), sleep: async () => undefined },
    );
    await expect(exhausted).rejects.toThrow('try 3');
  });

  it('when timers are spread, then they stay within the fraction and never drop to zero', () => {
    expect(spread(1000, 0.1, () => 0)).toBe(900);
    expect(spread(1000, 0.1, () => 1)).toBe(1100);
    expect(spread(1, 0.5, () => 0)).toBe(1);
  });
});
