/**
 * Typed errors and faults of the Odoo adapter against real Odoo 19, on both protocols: refused keys, a wrong
 * database, invalid calls, gone records, and (through a fault-injecting proxy in front of the real server) 5xx,
 * 429, latency, answers lost after Odoo committed, Odoo Online's version strings.
 */
import { ErpError } from '../../../../server/erp/errors';
import { OdooClient } from '../../../../server/erp/odoo/client';
import { DEFAULT_RETRY } from '../../../../server/retry';
import type { ErpUser } from '../../../../server/erp/port';
import { onOdoo, startFaultProxy, type FaultProxy } from '../../../support/fault-proxy';
import { describeRealOdoo, HOOK_TIMEOUT_MS } from '../../../support/real-odoo';
import { timedEvent } from '../helpers';

describeRealOdoo('Odoo adapter errors and faults', ({ protocol, db, adapter: makeAdapter }) => {
  let proxy: FaultProxy;
  let adele: ErpUser;
  const quiet = { quiet: true, needsReview: false };
  const viaProxy = (overrides = {}) => makeAdapter({ url: proxy.url, ...overrides });
  const calls = (model: string, method: string) => proxy.log.filter(onOdoo(model, method)).length;

  beforeAll(async () => {
    proxy = await startFaultProxy(db().url);
    await db().createUser({ login: 'adele@contoso.example', name: 'Adele Vance', tz: 'Europe/Paris' });
    adele = (await makeAdapter().findUser('adele@contoso.example')) as ErpUser;
  }, HOOK_TIMEOUT_MS);
  afterAll(() => proxy.stop());
  afterEach(() => proxy.clear());

  test('when the API key is wrong, then the error is auth and says the credentials were refused', async () => {
    const error = await makeAdapter({ apiKey: 'wrong' })
      .checkConnection()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect((error as Error).message).toMatch(/refused/);
  });

  test('when the database name is wrong, then the error says so instead of looking like an outage', async () => {
    const error = await makeAdapter({ database: 'no_such_db' })
      .checkConnection()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect((error as Error).message).toMatch(/has no database named "no_such_db".*check the database name/);
  });

  test('when Odoo refuses a call as invalid (HTTP 500 on JSON-2), then it is a validation error, asked once', async () => {
    const client = new OdooClient({
      url: proxy.url,
      database: db().db,
      login: db().login,
      apiKey: db().apiKey,
      protocol,
      timeoutMs: 10_000,
      retry: { ...DEFAULT_RETRY, baseDelayMs: 1, maxDelayMs: 2 },
      now: () => new Date(),
      sleep: async () => undefined,
    });
    const before = calls('res.partner', 'search_read');
    const error = await client
      .call('res.partner', 'search_read', { domain: [], fields: ['no_such_field'] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation', retryable: false });
    expect((error as ErpError).erpMessage).toBe("Invalid field 'no_such_field' on 'res.partner'");
    expect(calls('res.partner', 'search_read') - before).toBe(1);
  });

  test("when Odoo refuses the data, then the error is validation with Odoo's own message", async () => {
    const adapter = makeAdapter();
    const created = await adapter.createEvent(adele, timedEvent(), `valid-${protocol}`, quiet);
    const backwards = timedEvent({
      timing: { kind: 'timed', start: '2026-03-05T14:00:00Z', end: '2026-03-05T13:00:00Z', timeZone: 'UTC' },
    });
    const error = await adapter
      .updateEvent(created.id, backwards, ['timing'], { quiet: true })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation', retryable: false });
    expect((error as ErpError).erpMessage).toMatch(/ending date and time cannot be earlier than the starting date/);
  });

  test('when the record is gone, then update fails with not_found and delete succeeds', async () => {
    const adapter = makeAdapter();
    await expect(adapter.updateEvent('999999', timedEvent(), ['title'], { quiet: true })).rejects.toMatchObject({
      kind: 'not_found',
    });
    await expect(adapter.deleteEvent('999999', 'delete', { quiet: true })).resolves.toBeUndefined();
  });

  test('when a proxy answers 502 and 429 once each, then the call is retried and succeeds', async () => {
    proxy.add({ match: onOdoo('res.users'), action: { kind: 'status', status: 502 }, times: 1 });
    proxy.add({
      match: onOdoo('res.users'),
      action: { kind: 'status', status: 429, headers: { 'Retry-After': '0' } },
      times: 1,
    });
    await expect(viaProxy().findUser('adele@contoso.example')).resolves.toMatchObject({ name: 'Adele Vance' });
    expect(proxy.pending()).toBe(0);
  });

  test('when Odoo keeps answering 503, then the error is transient after a bounded number of attempts', async () => {
    proxy.add({ match: onOdoo('res.users'), action: { kind: 'status', status: 503 }, times: 5 });
    const adapter = viaProxy({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(adapter.findUser('adele@contoso.example')).rejects.toMatchObject({ kind: 'transient' });
    expect(proxy.pending()).toBe(1);
  });

  test('when Odoo asks to wait longer than we wait in line, then the error carries Retry-After', async () => {
    proxy.add({
      match: onOdoo('res.users'),
      action: { kind: 'status', status: 429, headers: { 'Retry-After': '120' } },
    });
    await expect(viaProxy().findUser('adele@contoso.example')).rejects.toMatchObject({
      kind: 'transient',
      retryAfterSeconds: 120,
    });
  });

  test('when an answer is slower than the timeout, then the call times out, is retried and succeeds', async () => {
    proxy.add({ match: onOdoo('res.users', 'search_read'), action: { kind: 'delay', ms: 5000 }, times: 1 });
    const adapter = viaProxy({ timeoutMs: 2500 });
    await expect(adapter.findUser('adele@contoso.example')).resolves.toMatchObject({ name: 'Adele Vance' });
  });

  test('when the create commits but its answer is lost once, then the retry returns the same record', async () => {
    proxy.add({ match: onOdoo('calendar.event', 'load'), action: { kind: 'commit_then_drop' }, times: 1 });
    const created = await viaProxy().createEvent(
      adele,
      timedEvent({ title: `Lost once ${protocol}` }),
      `lost1-${protocol}`,
      quiet,
    );
    const count = await db().call<number>('calendar.event', 'search_count', {
      domain: [['name', '=', `Lost once ${protocol}`]],
    });
    expect(count).toBe(1);
    expect(created.event.title).toBe(`Lost once ${protocol}`);
  });

  test('when every answer of a create is lost, then the key finds the record and a later create does not duplicate', async () => {
    const title = `Lost always ${protocol}`;
    proxy.add({ match: onOdoo('calendar.event', 'load'), action: { kind: 'commit_then_drop' } });
    const adapter = viaProxy({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(adapter.createEvent(adele, timedEvent({ title }), `lost-${protocol}`, quiet)).rejects.toMatchObject({
      kind: 'transient',
    });
    proxy.clear();
    const found = await adapter.findByIdempotencyKey!(`lost-${protocol}`);
    expect(found?.event.title).toBe(title);
    const again = await adapter.createEvent(adele, timedEvent({ title }), `lost-${protocol}`, quiet);
    expect(again.id).toBe(found?.id);
    expect(await db().call<number>('calendar.event', 'search_count', { domain: [['name', '=', title]] })).toBe(1);
  });

  test.each([
    ['saas~18.4', 'jsonrpc'],
    ['saas~19.1', 'json2'],
  ])(
    'when Odoo Online reports %s, then the adapter picks %s and opens records at /odoo/...',
    async (version, picked) => {
      proxy.add({
        match: (r) => r.path === '/web/version',
        action: { kind: 'rewrite', body: (text) => text.replace(/"version": "19\.0"/, `"version": "${version}"`) },
      });
      const adapter = viaProxy({ protocol: 'auto' });
      await expect(adapter.checkConnection()).resolves.toMatchObject({ version, protocol: picked });
      expect(adapter.recordUrl('crm.lead', '5')).toBe(`${proxy.url}/odoo/crm.lead/5`);
      await expect(adapter.findUser('adele@contoso.example')).resolves.toMatchObject({ name: 'Adele Vance' });
    },
  );
});
