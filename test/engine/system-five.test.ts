/**
 * System Five's behaviours as policy: ERP-made events get "From ERP" in Outlook, Outlook-made records arrive
 * flagged "needs review", the window "from now to two weeks ahead" (on every ERP), and customer appointments get
 * the customer's address and a map link in the Outlook body, which never travels back.
 */
import { CUSTOMER_BLOCK_START } from '../../server/core/customer-details';
import { escapeHtml } from '../../server/core';
import { ERPS } from './erp-fixtures';
import { startErpWorld, type ErpWorld } from './erp-world';
import {
  createInOutlook,
  erpEvent,
  erpTitles,
  outlookBody,
  outlookEvents,
  outlookSubjects,
  patchInOutlook,
  removeSeededSeries,
} from './harness';

describe.each(ERPS)('System Five policy on $name', (fixture) => {
  let w: ErpWorld;
  beforeAll(async () => {
    w = await startErpWorld(fixture, { window: { kind: 'upcoming', days: 14 } });
    await removeSeededSeries(w);
  });
  afterAll(() => w.stop());

  it('when the window is "the next 14 days", then only events from now to two weeks ahead sync, either way', async () => {
    await createInOutlook(w, outlookBody('Outlook soon', 3));
    await createInOutlook(w, outlookBody('Outlook later', 18));
    await createInOutlook(w, outlookBody('Outlook past', -2));
    await w.running.create(w.adele, erpEvent('ERP soon', 6));
    await w.running.create(w.adele, erpEvent('ERP later', 20));
    await w.running.create(w.adele, erpEvent('ERP past', -3));

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.errors).toEqual([]);
    const inOutlook = await outlookSubjects(w);
    expect(inOutlook).toContain('ERP soon');
    expect(inOutlook).not.toContain('ERP later');
    expect(inOutlook).not.toContain('ERP past');
    const inErp = await erpTitles(w);
    expect(inErp).toContain('Outlook soon');
    expect(inErp).not.toContain('Outlook later');
    expect(inErp).not.toContain('Outlook past');
  });

  it('when the ERP made an event, then Outlook shows it with the "From ERP" category; Outlook-made records need review', async () => {
    const fromErp = (await outlookEvents(w)).find((e) => e.subject === 'ERP soon');
    expect(fromErp?.categories).toEqual(['From ERP']);
    const outlookMade = (await w.store.mappings.listByMailbox(w.mailbox.id)).find(
      (m) => m.base?.title === 'Outlook soon',
    );
    const record = await w.running.read(outlookMade!.erpId!);
    expect(record).toMatchObject({ needsReview: true });
    const erpMade = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.base?.title === 'ERP soon');
    expect(await w.running.read(erpMade!.erpId!)).toMatchObject({ needsReview: false });
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });
});

describe.each(ERPS)('customer details in Outlook bodies on $name', (fixture) => {
  let w: ErpWorld;
  let outlookId: string;
  let erpId: string;
  // The tenant's policy turns the block on: the engine wraps the Outlook side itself.
  const sync = () => w.engine.syncMailbox(w.mailbox.id);
  const bodyOf = async (id: string) =>
    String(((await outlookEvents(w)).find((e) => e.id === id)?.body as { content?: string } | undefined)?.content);

  beforeAll(async () => {
    w = await startErpWorld(fixture, { customerDetails: { show: 'addressAndMap', address: 'shipTo' } });
    await removeSeededSeries(w);
    await sync();
  });
  afterAll(() => w.stop());

  it('when the ERP makes an appointment for a customer, then Outlook shows its ship-to address and a map link', async () => {
    const { link, addressLine } = w.running.customer;
    erpId = await w.running.create(w.adele, erpEvent('Fabrikam visit', 4, { erpLink: link }));

    const summary = await sync();

    expect(summary.errors).toEqual([]);
    expect(summary.applied.outlook).toEqual({ create: 1 });
    const row = await w.store.mappings.getByErpRef(w.mailbox.id, { model: fixture.kind, id: erpId });
    outlookId = row!.outlookId!;
    const body = await bodyOf(outlookId);
    expect(body).toContain('<p>Fabrikam visit</p>');
    expect(body).toContain(CUSTOMER_BLOCK_START);
    expect(body).toContain(escapeHtml(addressLine));
    expect(body).toContain(`https://www.openstreetmap.org/search?query=${encodeURIComponent(addressLine)}`);
    expect((await outlookEvents(w)).find((e) => e.id === outlookId)?.categories).toEqual(['From ERP']);
    expect((await sync()).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when the person edits the Outlook body around the block, then the ERP gets the edit without the block', async () => {
    const { addressLine } = w.running.customer;
    const body = await bodyOf(outlookId);
    await patchInOutlook(w, outlookId, {
      body: { contentType: 'html', content: body.replace('<p>Fabrikam visit</p>', '<p>Bring the drawings</p>') },
    });

    const summary = await sync();

    expect(summary.errors).toEqual([]);
    expect(summary.applied).toEqual({ outlook: {}, erp: { update: 1 } });
    const record = await w.running.read(erpId);
    expect(record?.event.bodyHtml).toContain('Bring the drawings');
    expect(record?.event.bodyHtml).not.toContain(CUSTOMER_BLOCK_START);
    expect(record?.event.bodyHtml).not.toContain(escapeHtml(addressLine));
    expect((await sync()).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when the ERP rewrites the body, then Outlook gets the new body with the block exactly once', async () => {
    await w.running.edit(erpId, { bodyHtml: '<p>Boiler model X2</p>' });

    const summary = await sync();

    expect(summary.applied).toEqual({ outlook: { update: 1 }, erp: {} });
    const body = await bodyOf(outlookId);
    expect(body).toContain('Boiler model X2');
    expect(body.split(CUSTOMER_BLOCK_START)).toHaveLength(2);
    expect((await w.running.read(erpId))?.event.bodyHtml).not.toContain(CUSTOMER_BLOCK_START);
    expect(await w.mailLogs()).toEqual({ outlook: [], erp: [] });
  });
});
