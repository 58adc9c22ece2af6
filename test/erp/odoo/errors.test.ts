/** Typed errors of the Odoo adapter over HTTP: auth, not found, validation, transient (retried, then given up). */
import { ErpError } from '../../../server/erp/errors';
import type { ErpUser } from '../../../server/erp/port';
import type { OdooEmulator } from '../../../sandbox/odoo/server';
import { adapterFor, startEmulator, timedEvent } from './helpers';

describe.each(['jsonrpc', 'json2'] as const)('Odoo adapter errors over %s', (protocol) => {
  let emulator: OdooEmulator;
  let adele: ErpUser;

  beforeAll(async () => {
    emulator = await startEmulator();
    adele = (await adapterFor(emulator, { protocol }).findUser('adele@contoso.example')) as ErpUser;
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.control.clearFaults());

  test('when the API key is wrong, then the error is auth and says so', async () => {
    const adapter = adapterFor(emulator, { protocol, apiKey: 'wrong' });
    const error = await adapter.checkConnection().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErpError);
    expect(error).toMatchObject({ kind: 'auth', retryable: false, code: 'auth_revoked' });
    expect((error as Error).message).toMatch(/refused/);
  });

  test("when the user lacks access rights, then the error is auth with Odoo's AccessError message", async () => {
    const adapter = adapterFor(emulator, {
      protocol,
      login: emulator.users.adele.login,
      apiKey: emulator.users.adele.apiKey,
    });
    const created = await adapter.createEvent(adele, timedEvent(), `adele-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    emulator.control.deny(emulator.users.adele.login, 'calendar.event', ['write']);
    try {
      const error = await adapter
        .updateEvent(created.id, timedEvent({ title: 'No' }), ['title'], { quiet: true })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'auth', retryable: false });
      expect((error as Error).message).toMatch(/not allowed to do this.*Calendar Event/s);
    } finally {
      emulator.control.allowAll();
    }
  });

  test('when the record is gone, then update fails with not_found and delete succeeds', async () => {
    const adapter = adapterFor(emulator, { protocol });
    await expect(adapter.updateEvent('99999', timedEvent(), ['title'], { quiet: true })).rejects.toMatchObject({
      kind: 'not_found',
    });
    await expect(adapter.deleteEvent('99999', 'delete', { quiet: true })).resolves.toBeUndefined();
  });

  test("when Odoo refuses the data, then the error is validation with Odoo's own message", async () => {
    const adapter = adapterFor(emulator, { protocol });
    const backwards = timedEvent({
      timing: { kind: 'timed', start: '2026-03-05T14:00:00Z', end: '2026-03-05T13:00:00Z', timeZone: 'UTC' },
    });
    const created = await adapter.createEvent(adele, timedEvent(), `valid-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    const error = await adapter
      .updateEvent(created.id, backwards, ['timing'], { quiet: true })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation', retryable: false });
    expect((error as ErpError).erpMessage).toMatch(
      /^The ending date and time cannot be earlier than the starting date and time/,
    );
  });

  test('when Odoo fails transiently twice, then the call is retried and succeeds', async () => {
    const adapter = adapterFor(emulator, { protocol });
    emulator.control.addFault({ kind: 'status', status: 502, protocol, model: 'res.users', times: 1 });
    emulator.control.addFault({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 0,
      protocol,
      model: 'res.users',
      times: 1,
    });
    await expect(adapter.findUser('adele@contoso.example')).resolves.toMatchObject({ login: 'adele@contoso.example' });
    expect(emulator.control.state().faults).toEqual([]);
  });

  test('when Odoo keeps failing, then the error is transient after a bounded number of attempts', async () => {
    const adapter = adapterFor(emulator, { protocol, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    emulator.control.addFault({ kind: 'status', status: 503, protocol, model: 'res.users', times: 5 });
    await expect(adapter.findUser('adele@contoso.example')).rejects.toMatchObject({
      kind: 'transient',
      retryable: true,
    });
    expect(emulator.control.state().faults).toEqual([expect.objectContaining({ remaining: 2 })]);
  });

  test('when Odoo asks to wait longer than we wait in line, then the error carries Retry-After', async () => {
    const adapter = adapterFor(emulator, { protocol });
    emulator.control.addFault({ kind: 'status', status: 429, retryAfterSeconds: 120, protocol, model: 'res.users' });
    await expect(adapter.findUser('adele@contoso.example')).rejects.toMatchObject({
      kind: 'transient',
      retryAfterSeconds: 120,
    });
  });

  test('when the server cannot be reached, then the error is transient', async () => {
    const adapter = adapterFor(emulator, {
      protocol,
      url: 'http://127.0.0.1:9',
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(adapter.checkConnection()).rejects.toMatchObject({ kind: 'transient' });
  });
});

describe('Odoo adapter on a server older than 19.0', () => {
  let emulator: OdooEmulator;
  beforeAll(async () => {
    emulator = await startEmulator('17.0');
  });
  afterAll(() => emulator.stop());

  test('when the protocol is auto, then JSON-RPC is chosen and record URLs use the /web# form', async () => {
    const adapter = adapterFor(emulator, { protocol: 'auto' });
    await expect(adapter.checkConnection()).resolves.toEqual({ version: '17.0', protocol: 'jsonrpc', warnings: [] });
    expect(adapter.recordUrl('crm.lead', '5')).toBe(`${emulator.url}/web#id=5&model=crm.lead&view_type=form`);
  });

  test('when JSON-2 is forced, then the missing route is reported clearly', async () => {
    const adapter = adapterFor(emulator, { protocol: 'json2' });
    const error = await adapter.checkConnection().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation' });
    expect((error as Error).message).toMatch(/HTTP 404.*does this Odoo version serve this protocol/);
  });
});
