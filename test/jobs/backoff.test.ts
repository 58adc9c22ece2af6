import { fullJitterBackoffMs, retryDelayMs } from '../../server/jobs/backoff';

describe('backoff', () => {
  it.each([
    [0, 0.5, 250],
    [1, 0.5, 500],
    [3, 0.999, 3996],
    [10, 0.5, 30_000],
    [2000, 0.5, 30_000],
  ])('when attempt %i draws %f, then the delay is %i ms (base 500, cap 60 s)', (attempt, draw, expected) => {
    expect(fullJitterBackoffMs(attempt, { random: () => draw })).toBe(expected);
  });

  it('when the random source draws 0, then the delay is 0 (full jitter spans the whole range)', () => {
    expect(fullJitterBackoffMs(5, { random: () => 0 })).toBe(0);
  });

  it('when Retry-After is given, then it wins over backoff', () => {
    expect(retryDelayMs(4, 7, { random: () => 0.5 })).toBe(7000);
    expect(retryDelayMs(1, undefined, { random: () => 0.5, baseMs: 100 })).toBe(100);
  });

  it('when the attempt is negative or fractional, then it is refused', () => {
    expect(() => fullJitterBackoffMs(-1)).toThrow(RangeError);
    expect(() => fullJitterBackoffMs(1.5)).toThrow(RangeError);
  });
});
