/**
 * The tenant feed on the REST contract: snapshotPeople is one GET /changes/digests for every person, and a person's
 * digest changes on a create, an edit, an archive and a delete of their appointments in the window, and on nothing
 * else (another person's edit, an appointment outside the window).
 */
import type { ErpPort, ErpUser } from '../../../server/erp/port';
import { createRestErpAdapter } from '../../../server/erp/rest';
import { startRestErp, type RunningRestErp } from '../../../sandbox/rest-erp/server';

const DAY = 86_400_000;

describe('REST adapter: the tenant feed digests', () => {
  let erp: RunningRestErp;
  let adapter: ErpPort;
  let adele: ErpUser;
  let megan: ErpUser;
  const window = () => ({ from: new Date(Date.now() - DAY), to: new Date(Date.now() + 30 * DAY) });
  const allDay = (days: number) => {
    const date = (d: number) => new Date(Date.now() + d * DAY).toISOString().slice(0, 10);
    return { kind: 'allDay', startDate: date(days), endDate: date(days + 1) };
  };
  const digests = async () => {
    const answer = await adapter.snapshotPeople!([adele, megan], window());
    return { adele: answer.get(adele.id), megan: answer.get(megan.id) };
  };

  beforeAll(async () => {
    erp = await startRestErp();
    adapter = createRestErpAdapter({ baseUrl: erp.url, auth: { kind: 'bearer', token: erp.token } });
    adele = (await adapter.findUser('adele@contoso.example')) as ErpUser;
    megan = (await adapter.findUser('megan@contoso.example')) as ErpUser;
  });
  afterAll(() => erp.stop());

  it('when appointments are made, edited, archived or deleted, then exactly their owner digest changes', async () => {
    const start = await digests();
    expect(start.adele).toEqual(expect.any(String));
    expect(start.megan).toEqual(expect.any(String));
    expect(await digests()).toEqual(start);

    const made = erp.control.createAs({ ownerId: adele.id, title: 'Feed: made', timing: allDay(2) });
    const afterCreate = await digests();
    expect(afterCreate).toEqual({ adele: expect.not.stringMatching(start.adele!), megan: start.megan });

    erp.control.createAs({ ownerId: adele.id, title: 'Feed: far away', timing: allDay(90) });
    expect(await digests()).toEqual(afterCreate);

    erp.control.updateAs(made.id, { title: 'Feed: edited' });
    const afterEdit = await digests();
    expect(afterEdit.adele).not.toBe(afterCreate.adele);
    expect(afterEdit.megan).toBe(start.megan);

    erp.control.deleteAs(made.id, 'archive');
    const afterArchive = await digests();
    expect(afterArchive.adele).not.toBe(afterEdit.adele);

    erp.control.deleteAs(made.id);
    const afterDelete = await digests();
    expect(afterDelete.adele).not.toBe(afterArchive.adele);
    expect(afterDelete.megan).toBe(start.megan);

    erp.control.createAs({ ownerId: megan.id, title: 'Feed: Megan', timing: allDay(3) });
    const afterMegan = await digests();
    expect(afterMegan).toEqual({ adele: afterDelete.adele, megan: expect.not.stringMatching(start.megan!) });
  });
});
