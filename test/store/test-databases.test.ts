import { createServer } from 'node:net';
import { openStore } from '../../server/store';
import { createTestDatabase, postgresAdminUrl } from './test-databases';

/** A local port with nothing listening: bind one on port 0, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

describe('test databases helper', () => {
  const saved = process.env['TEST_POSTGRES_URL'];
  afterEach(() => {
    if (saved === undefined) delete process.env['TEST_POSTGRES_URL'];
    else process.env['TEST_POSTGRES_URL'] = saved;
  });

  test('when PostgreSQL is unreachable, then creating a database fails with a message saying so (no silent skip)', async () => {
    process.env['TEST_POSTGRES_URL'] = `postgres://postgres:hunter2@127.0.0.1:${await closedPort()}/postgres`;
    const attempt = createTestDatabase('postgres');
    await expect(attempt).rejects.toThrow(
      /PostgreSQL is not reachable at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+/,
    );
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });

  test('when a PostgreSQL test database is dropped, then it no longer accepts connections', async () => {
    const database = await createTestDatabase('postgres');
    expect(database.url).toMatch(/\/sync_test_\d+_[0-9a-f]{12}$/);
    expect(database.url.startsWith(postgresAdminUrl().replace(/\/postgres$/, '/'))).toBe(true);
    await (await openStore({ databaseUrl: database.url })).close();
    await database.dropNow();
    await expect(database.drop()).resolves.toBeUndefined();
    await expect(openStore({ databaseUrl: database.url })).rejects.toThrow(/does not exist/);
  });
});
