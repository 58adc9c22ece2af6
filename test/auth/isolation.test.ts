/**
 * Isolation between people and tenants: a caller's identity comes from their validated token only, so person A
 * (Adele, Contoso) cannot read or change person B's (Megan, Contoso) or a Fabrikam user's mailbox or mappings,
 * even when sending B's user id, event id or mapping id.
 */
import { EncryptionKeyRing, scopeOfCaller, type Caller, type TokenValidator } from '../../server/auth';
import type { Mapping, Store } from '../../server/store';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import {
  ADELE_ID,
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  FABRIKAM_USER_ID,
  MEGAN_ID,
} from '../../sandbox/microsoft365/world/seed';
import { tamper } from './forge';
import {
  call,
  newKey,
  openTempStore,
  startApi,
  startEmulator,
  tokenProviderFor,
  validatorFor,
  type TestApi,
} from './helpers';

const PEOPLE = {
  adele: 'adele@contoso.example',
  megan: 'megan@contoso.example',
  pradeep: 'pradeep@fabrikam.example',
} as const;

let emulator: Microsoft365Emulator;
let store: Store;
let cleanup: () => Promise<void>;
let api: TestApi;
let validator: TokenValidator;
const mappings: Record<keyof typeof PEOPLE, Mapping> = {} as Record<keyof typeof PEOPLE, Mapping>;

const token = (who: keyof typeof PEOPLE) => emulator.control.mintAddinToken({ user: PEOPLE[who] });
const callerOf = async (who: keyof typeof PEOPLE): Promise<Caller> => validator.validate(await token(who));

beforeAll(async () => {
  emulator = await startEmulator();
  ({ store, cleanup } = await openTempStore());
  validator = validatorFor(emulator);
  api = await startApi({
    emulator,
    store,
    validator,
    tokens: tokenProviderFor(emulator, store, new EncryptionKeyRing([newKey('k1')])),
  });
  for (const who of Object.keys(PEOPLE) as Array<keyof typeof PEOPLE>) {
    expect((await call(api, 'POST', '/api/connect', await token(who))).status).toBe(200);
    const { mailbox } = await scopeOfCaller(store, await callerOf(who));
    mappings[who] = await store.mappings.insert({
      mailboxId: mailbox.id,
      origin: 'outlook',
      status: 'synced',
      outlookId: `AAMkAD-${who}-event`,
      marked: true,
    });
  }
});

afterAll(async () => {
  await api.stop();
  await cleanup();
  await emulator.stop();
});

describe('isolation between people and tenants', () => {
  it("when Adele asks with Megan's mapping id or event id, then she finds nothing", async () => {
    const adele = await scopeOfCaller(store, await callerOf('adele'));
    expect(adele.mailbox.userObjectId).toBe(ADELE_ID);
    expect(await adele.mappings.byId(mappings.megan.id)).toBeUndefined();
    expect(await adele.mappings.byOutlookId('AAMkAD-megan-event')).toBeUndefined();
    expect(await adele.mappings.byId(mappings.pradeep.id)).toBeUndefined();
    expect((await adele.mappings.byId(mappings.adele.id))?.outlookId).toBe('AAMkAD-adele-event');
  });

  it("when Adele tries to change or delete Megan's or Pradeep's mapping, then it is not found and nothing changes", async () => {
    const adele = await scopeOfCaller(store, await callerOf('adele'));
    for (const other of [mappings.megan, mappings.pradeep]) {
      await expect(adele.mappings.update(other.id, { status: 'error', marked: false })).rejects.toMatchObject({
        code: 'not_found',
      });
      expect(await adele.mappings.delete(other.id)).toBe(false);
      expect(await store.mappings.getById(other.mailboxId, other.id)).toMatchObject({ status: 'synced', marked: true });
    }
  });

  it("when Adele sends Megan's ids in the query and body, then the API answers about Adele only", async () => {
    const meganMailbox = await store.mailboxes.getByUser(CONTOSO_TENANT_ID, MEGAN_ID);
    await store.mailboxes.setStatus(meganMailbox!.id, 'needs_reconnect', 'revoked');
    const query = `?userId=${MEGAN_ID}&tenantId=${FABRIKAM_TENANT_ID}&mailboxId=${meganMailbox!.id}`;
    const me = await call(api, 'GET', `/api/me${query}`, await token('adele'));
    expect(me.body).toMatchObject({
      mailbox: { userId: ADELE_ID, tenantId: CONTOSO_TENANT_ID },
      connection: 'connected',
    });

    const response = await fetch(`${api.url}/api/connect${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('adele')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userObjectId: MEGAN_ID, tenantId: CONTOSO_TENANT_ID, mailboxId: meganMailbox!.id }),
    });
    expect(response.status).toBe(200);
    expect((await store.mailboxes.getByUser(CONTOSO_TENANT_ID, MEGAN_ID))?.status).toBe('needs_reconnect');
    expect(await store.tokenCache.get(`${CONTOSO_TENANT_ID}.${MEGAN_ID}`)).toBeDefined();
  });

  it("when Adele's token is edited to carry Megan's oid or Fabrikam's tid, then it is refused", async () => {
    for (const changes of [{ oid: MEGAN_ID }, { tid: FABRIKAM_TENANT_ID }]) {
      const answer = await call(api, 'GET', '/api/me', tamper(await token('adele'), changes));
      expect(answer.status).toBe(401);
    }
  });

  it('when the Fabrikam user calls, then they see their own tenant and mailbox only', async () => {
    const pradeep = await scopeOfCaller(store, await callerOf('pradeep'));
    expect(pradeep.mailbox).toMatchObject({ tenantId: FABRIKAM_TENANT_ID, userObjectId: FABRIKAM_USER_ID });
    expect(await pradeep.mappings.byOutlookId('AAMkAD-adele-event')).toBeUndefined();
    const me = await call(api, 'GET', '/api/me', await token('pradeep'));
    expect(me.body).toMatchObject({ mailbox: { tenantId: FABRIKAM_TENANT_ID, userId: FABRIKAM_USER_ID } });
  });

  it('when each person is connected, then each has their own token cache partition', async () => {
    for (const [tenant, user] of [
      [CONTOSO_TENANT_ID, ADELE_ID],
      [CONTOSO_TENANT_ID, MEGAN_ID],
      [FABRIKAM_TENANT_ID, FABRIKAM_USER_ID],
    ] as const) {
      expect(await store.tokenCache.get(`${tenant}.${user}`)).toBeDefined();
    }
  });
});
