import { parseDatabaseUrl } from '../../server/store';

describe('parseDatabaseUrl', () => {
  test.each([
    ['file:./data/sync.db', { engine: 'sqlite', file: './data/sync.db' }],
    ['file:/var/lib/sync/sync.db', { engine: 'sqlite', file: '/var/lib/sync/sync.db' }],
    ['file:///var/lib/sync/sync.db', { engine: 'sqlite', file: '/var/lib/sync/sync.db' }],
    ['file::memory:', { engine: 'sqlite', file: ':memory:' }],
    [':memory:', { engine: 'sqlite', file: ':memory:' }],
    [
      'postgres://u:p@db.internal:5432/sync',
      { engine: 'postgres', connectionString: 'postgres://u:p@db.internal:5432/sync' },
    ],
    ['postgresql://127.0.0.1/sync', { engine: 'postgres', connectionString: 'postgresql://127.0.0.1/sync' }],
  ])('when given %s, then it returns the engine and location', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  test.each([
    ['', /is empty/],
    ['./data/sync.db', /has no scheme/],
    ['mysql://localhost/sync', /unsupported scheme "mysql:"/],
    ['file:', /has no file path/],
    ['file://server/share/sync.db', /names a host/],
    ['file:./data/', /names a folder/],
    ['file:./sync.db?mode=ro', /query or fragment/],
    ['postgres://', /not a valid URL|has no host/],
  ])('when given %j, then it throws a message saying why, with an example', (url, why) => {
    expect(() => parseDatabaseUrl(url)).toThrow(why);
    expect(() => parseDatabaseUrl(url)).toThrow(/e\.g\. file:\.\/data\/sync\.db/);
  });

  test('when the URL carries a password, then the error message does not', () => {
    expect(() => parseDatabaseUrl('postgres://admin:s3cret@')).toThrow(/admin:\*\*\*@/);
    expect(() => parseDatabaseUrl('postgres://admin:s3cret@')).not.toThrow(/s3cret/);
  });
});
