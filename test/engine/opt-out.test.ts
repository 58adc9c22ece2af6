/**
 * Issue 13, item 4: unmarking (the switch, the category, the subject tag) stops sync for that event; the ERP copy is
 * kept and unlinked (default) or deleted (tenant policy); ERP-made events show their true switch state and can be
 * opted out; marking again resumes from Outlook's version; every change of marking is audited.
 */
import { editInOdoo, odooEvent } from './acting';
import {
  createInOutlook,
  erpEvent,
  erpTitles,
  outlookBody,
  outlookEvents,
  patchInOutlook,
  removeSeededSeries,
  startCleanWorld,
  startWorld,
  type World,
} from './harness';

const SWITCH = 'String {6ec6834e-74aa-4892-94c9-b08eebd925f5} Name erpSync';
const count = (list: string[], title: string) => list.filter((t) => t === title).length;

async function pairedFromOutlook(w: World, title: string, days: number, extra: Record<string, unknown> = {}) {
  const id = String((await createInOutlook(w, outlookBody(title, days, extra))).id);
  await w.engine.syncMailbox(w.mailbox.id);
  return (await w.store.mappings.getByOutlookId(w.mailbox.id, id))!;
}

async function row(w: World, id: string) {
  return (await w.store.mappings.getById(w.mailbox.id, id))!;
}

async function markingAudit(w: World, mappingId: string) {
  const entries = await w.store.audit.listByMapping(w.mailbox.id, mappingId);
  return entries.filter((e) => e.action === 'unmarked' || e.action === 'remarked').map((e) => e.action);
}

describe('opt-out, default policy: the ERP copy is kept (issue 13.4)', () => {
  let w: World;
  beforeAll(async () => {
    w = await startCleanWorld();
  });
  afterAll(() => w.stop());

  it('when the person removes the category, then sync stops: later Outlook edits do not reach the ERP, the ERP record stays, and the change is audited once', async () => {
    const paired = await pairedFromOutlook(w, 'Client lunch', 3);
    await patchInOutlook(w, paired.outlookId!, { categories: [] });

    const stopped = await w.engine.syncMailbox(w.mailbox.id);
    await patchInOutlook(w, paired.outlookId!, { subject: 'Client lunch (private)' });
    const later = await w.engine.syncMailbox(w.mailbox.id);

    expect(stopped.applied).toEqual({ outlook: {}, erp: {} });
    expect(later.applied).toEqual({ outlook: {}, erp: {} });
    expect(odooEvent(w, paired.erpId!)).toMatchObject({ name: 'Client lunch', active: true });
    expect(await row(w, paired.id)).toMatchObject({ status: 'not_tracked', marked: false, erpId: paired.erpId });
    expect(await markingAudit(w, paired.id)).toEqual(['unmarked']);
  });

  it('when the person removes the subject tag, then sync stops too', async () => {
    const paired = await pairedFromOutlook(w, '[sync] Dentist', 4, { categories: [] });
    await patchInOutlook(w, paired.outlookId!, { subject: 'Dentist' });
    await w.engine.syncMailbox(w.mailbox.id);
    editInOdoo(w, paired.erpId!, { name: 'Dentist (ERP)' });
    await w.engine.syncMailbox(w.mailbox.id);
    expect((await outlookEvents(w)).find((e) => e.id === paired.outlookId)).toMatchObject({ subject: 'Dentist' });
    expect(await row(w, paired.id)).toMatchObject({ status: 'not_tracked' });
  });

  it('when the pane switch is turned off on an event that also has the category, then the switch wins: sync stops', async () => {
    const paired = await pairedFromOutlook(w, 'Steering', 5, {
      singleValueExtendedProperties: [{ id: SWITCH, value: 'true' }],
    });
    await patchInOutlook(w, paired.outlookId!, { singleValueExtendedProperties: [{ id: SWITCH, value: 'false' }] });
    await w.engine.syncMailbox(w.mailbox.id);
    expect(await row(w, paired.id)).toMatchObject({ status: 'not_tracked' });
  });

  it('when the person marks the event again, then sync resumes from Outlook’s version and is audited', async () => {
    const paired = await pairedFromOutlook(w, 'Weekly 1:1', 6);
    await patchInOutlook(w, paired.outlookId!, { categories: [] });
    await w.engine.syncMailbox(w.mailbox.id);
    editInOdoo(w, paired.erpId!, { name: 'Weekly 1:1 (ERP edit while unmarked)' });
    await patchInOutlook(w, paired.outlookId!, { subject: 'Weekly 1:1 (moved)', location: { displayName: 'Cafe' } });
    await patchInOutlook(w, paired.outlookId!, { categories: ['ERP'] });

    const resumed = await w.engine.syncMailbox(w.mailbox.id);

    expect(resumed.applied.erp).toEqual({ update: 1 });
    expect(odooEvent(w, paired.erpId!)).toMatchObject({ name: 'Weekly 1:1 (moved)', location: 'Cafe' });
    expect(await row(w, paired.id)).toMatchObject({ status: 'synced', marked: true });
    expect(await markingAudit(w, paired.id)).toEqual(['remarked', 'unmarked']);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when an event was made in the ERP, then its row shows the switch on; switching it off stops sync and it is never copied again', async () => {
    await w.erp.createEvent(w.adele, erpEvent('Plant tour', 7), 'person-plant', { quiet: true, needsReview: false });
    await w.engine.syncMailbox(w.mailbox.id);
    const copy = (await outlookEvents(w)).find((e) => e.subject === 'Plant tour')!;
    const made = (await w.store.mappings.getByOutlookId(w.mailbox.id, String(copy.id)))!;
    expect(made).toMatchObject({ origin: 'erp', marked: true, status: 'synced' });

    await patchInOutlook(w, String(copy.id), { singleValueExtendedProperties: [{ id: SWITCH, value: 'false' }] });
    await w.engine.syncMailbox(w.mailbox.id);
    editInOdoo(w, made.erpId!, { name: 'Plant tour (ERP)' });
    const later = await w.engine.syncMailbox(w.mailbox.id);

    expect(later.applied).toEqual({ outlook: {}, erp: {} });
    expect((await outlookEvents(w)).filter((e) => String(e.subject).startsWith('Plant tour'))).toEqual([
      expect.objectContaining({ subject: 'Plant tour' }),
    ]);
    expect(count(await erpTitles(w), 'Plant tour (ERP)')).toBe(1);
    expect(await row(w, made.id)).toMatchObject({ status: 'not_tracked', marked: false });
  });
});

describe('opt-out with the tenant policy "delete"', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({ optOut: 'delete' });
    await removeSeededSeries(w);
    await w.engine.syncMailbox(w.mailbox.id);
  });
  afterAll(() => w.stop());

  it('when the person removes the category, then the ERP copy is deleted; marking it again makes a new ERP copy once', async () => {
    const paired = await pairedFromOutlook(w, 'Pitch', 3);
    await patchInOutlook(w, paired.outlookId!, { categories: [] });

    const stopped = await w.engine.syncMailbox(w.mailbox.id);

    expect(stopped.applied.erp).toEqual({ delete: 1 });
    expect(odooEvent(w, paired.erpId!)).toBeNull();
    expect(await row(w, paired.id)).toMatchObject({ status: 'not_tracked', erpId: null });

    await patchInOutlook(w, paired.outlookId!, { categories: ['ERP'] });
    const resumed = await w.engine.syncMailbox(w.mailbox.id);
    expect(resumed.applied.erp).toEqual({ create: 1 });
    expect(count(await erpTitles(w), 'Pitch')).toBe(1);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when an ERP-made event is switched off, then the ERP record (the original) is kept', async () => {
    await w.erp.createEvent(w.adele, erpEvent('Town hall', 5), 'person-town', { quiet: true, needsReview: false });
    await w.engine.syncMailbox(w.mailbox.id);
    const copy = (await outlookEvents(w)).find((e) => e.subject === 'Town hall')!;
    await patchInOutlook(w, String(copy.id), { singleValueExtendedProperties: [{ id: SWITCH, value: 'false' }] });
    const stopped = await w.engine.syncMailbox(w.mailbox.id);
    expect(stopped.applied.erp).toEqual({});
    expect(count(await erpTitles(w), 'Town hall')).toBe(1);
  });
});
