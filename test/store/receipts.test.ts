import { steppingClock, withOpenStore } from './fixtures';
import { TEST_ENGINES } from './test-databases';

describe.each(TEST_ENGINES)('store (%s) webhook receipts', (engine) => {
  const handle = withOpenStore(engine, { now: steppingClock() });

  test('when a key is recorded twice, then only the first counts as new', async () => {
    const { receipts } = handle.store;
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await expect(receipts.record('a'.repeat(64), later)).resolves.toBe(true);
    await expect(receipts.record('a'.repeat(64), later)).resolves.toBe(false);
    await expect(receipts.record('b'.repeat(64), later)).resolves.toBe(true);
  });

  test('when a receipt has expired, then the same key counts as new again', async () => {
    const { receipts } = handle.store;
    const past = '2000-01-01T00:00:00.000Z';
    await expect(receipts.record('c'.repeat(64), past)).resolves.toBe(true);
    await expect(receipts.record('c'.repeat(64), past)).resolves.toBe(true);
  });

  test('when two writers race on one key, then exactly one wins', async () => {
    const { receipts } = handle.store;
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const wins = await Promise.all(Array.from({ length: 8 }, () => receipts.record('d'.repeat(64), later)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});
