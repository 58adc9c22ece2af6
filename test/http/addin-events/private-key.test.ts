/**
 * `GET|PUT|DELETE /api/erp/private-key` against the Odoo emulator (JSON-2, as real Odoo 19 answers `context_get`):
 * a person links their own Odoo API key for their private appointments; it is stored only once Odoo says it is
 * theirs, never answered back, and a key Odoo refused shows as a condition in the pane until a new one is linked.
 */
import type { MeResponse, PrivateKeyResponse } from '../../../contract/addin-api';
import { call, send, startWorld, type World } from './helpers';

let world: World;
const ADELE_KEY = 'demo-adele-api-key-0000000000000000000000';

beforeAll(async () => {
  world = await startWorld({ linkKeys: false });
});

afterAll(async () => {
  await world.stop();
});

const state = async (who: 'adele' | 'megan') =>
  call<PrivateKeyResponse>(world.api, 'GET', '/api/erp/private-key', await world.token(who));
const put = async (apiKey: string, who: 'adele' | 'megan' = 'adele') =>
  send(world, 'PUT', '/api/erp/private-key', await world.token(who), { apiKey });

describe('the private appointments key', () => {
  it('when nothing is linked, then the state is missing', async () => {
    expect((await state('adele')).body).toEqual({ state: 'missing', forPane: true });
  });

  it("when the key is made up, or is another Odoo user's, then 422 on apiKey in plain words and nothing is stored", async () => {
    const madeUp = await put('not-a-key-odoo-knows-000000000000');
    expect(madeUp.status).toBe(422);
    expect(madeUp.body.errors).toEqual([
      expect.objectContaining({ field: 'apiKey', message: expect.stringContaining('does not accept this key') }),
    ]);
    const admins = await put(world.odoo.users.admin.apiKey);
    expect(admins.status).toBe(422);
    expect(admins.body.detail).toContain('belongs to another Odoo user');
    expect([madeUp.body.reason, admins.body.reason]).toEqual(['key_refused', 'key_of_someone_else']);
    expect(JSON.stringify([madeUp.body, admins.body])).not.toContain(world.odoo.users.admin.apiKey);
    expect((await state('adele')).body).toEqual({ state: 'missing', forPane: true });
    expect(await world.personKeys.keyFor({ id: (await world.mailbox('adele')).erpUserId! })).toBeNull();
  });

  it('when the person gives their own key, then it is linked, used for them only, never answered back, and a sync is queued', async () => {
    const before = world.syncRequests.length;
    const linked = await put(ADELE_KEY);
    expect(linked.status).toBe(200);
    expect(linked.body).toEqual({ state: 'linked', forPane: true });
    const adele = await world.mailbox('adele');
    expect(await world.personKeys.keyFor({ id: adele.erpUserId! })).toBe(ADELE_KEY);
    expect(world.syncRequests.slice(before)).toEqual([{ mailboxId: adele.id, reason: expect.any(String) }]);
    expect((await state('adele')).body).toEqual({ state: 'linked', forPane: true });
  });

  it('when Odoo later refuses the key, then the pane shows the condition and a new key clears it', async () => {
    const adele = await world.mailbox('adele');
    await world.personKeys.refused({ id: adele.erpUserId!, login: 'adele@contoso.example' });
    expect((await state('adele')).body).toEqual({ state: 'refused', forPane: true });
    const me = await call<MeResponse>(world.api, 'GET', '/api/me', await world.token('adele'));
    expect(me.body.conditions).toEqual([
      expect.objectContaining({ kind: 'erp_private_key', effect: 'limits', clearedBy: 'person' }),
    ]);
    expect((await put(ADELE_KEY)).status).toBe(200);
    const after = await call<MeResponse>(world.api, 'GET', '/api/me', await world.token('adele'));
    expect(after.body.conditions).toEqual([]);
  });

  it('when a person without an Odoo user asks, then 403 and nothing is stored', async () => {
    expect((await state('megan')).status).toBe(403);
    expect((await put(ADELE_KEY, 'megan')).status).toBe(403);
  });

  it('when the person unlinks it, then the state is missing and the adapter gets no key', async () => {
    const answer = await call<PrivateKeyResponse>(
      world.api,
      'DELETE',
      '/api/erp/private-key',
      await world.token('adele'),
    );
    expect(answer.body).toEqual({ state: 'missing' });
    expect(await world.personKeys.keyFor({ id: (await world.mailbox('adele')).erpUserId! })).toBeNull();
  });
});
