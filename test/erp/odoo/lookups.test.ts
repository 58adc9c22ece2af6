/**
 * What the Odoo adapter looks up once instead of on every run: the person by e-mail (a few minutes; a miss one
 * minute) and their partner (for good), counted on the emulator.
 */
import type { OdooEmulator } from '../../../sandbox/odoo/server';
import { adapterFor, startEmulator } from './helpers';

let emulator: OdooEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const userReads = () => emulator.control.calls().byMethod['res.users.search_read'] ?? 0;

describe('Odoo lookups kept between runs', () => {
  it('when the same person is looked up again within minutes, then Odoo is asked once; after that, again', async () => {
    let now = Date.parse('2026-03-02T09:00:00Z');
    const adapter = adapterFor(emulator, { clock: { now: () => new Date(now) } });
    emulator.control.clearCalls();
    const first = await adapter.findUser('adele@contoso.example');
    const second = await adapter.findUser('ADELE@contoso.example');
    expect(second).toEqual(first);
    expect(userReads()).toBe(1);
    now += 6 * 60_000;
    await adapter.findUser('adele@contoso.example');
    expect(userReads()).toBe(2);
  });

  it('when nobody has the e-mail, then the miss is kept a minute only, so a user added in Odoo is found soon', async () => {
    let now = Date.parse('2026-03-02T09:00:00Z');
    const adapter = adapterFor(emulator, { clock: { now: () => new Date(now) } });
    await expect(adapter.findUser('newcomer@contoso.example')).resolves.toBeNull();
    emulator.control.createUser({ login: 'newcomer@contoso.example', name: 'Newcomer', tz: 'UTC' });
    await expect(adapter.findUser('newcomer@contoso.example')).resolves.toBeNull();
    now += 61_000;
    await expect(adapter.findUser('newcomer@contoso.example')).resolves.toMatchObject({ name: 'Newcomer' });
  });

  it('when a person’s changes are listed run after run, then their partner is not looked up again', async () => {
    const adapter = adapterFor(emulator);
    const adele = (await adapter.findUser('adele@contoso.example'))!;
    // An empty stretch of time: nothing to assemble, so any user read would be the partner lookup.
    const window = { from: new Date('2040-03-01T00:00:00Z'), to: new Date('2040-04-01T00:00:00Z') };
    emulator.control.clearCalls();
    const first = await adapter.listChanges(adele, null, window, []);
    await adapter.listChanges(adele, first.cursor, window, []);
    expect(userReads()).toBe(0);
  });
});
