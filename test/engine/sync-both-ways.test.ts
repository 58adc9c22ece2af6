/** One mailbox sync over HTTP against both emulators: first sync, echo suppression, updates and deletes both ways. */
import {
  createInOutlook,
  deleteInOutlook,
  erpEvent,
  erpTitles,
  mailLogs,
  outlookBody,
  outlookEvents,
  outlookSubjects,
  patchInOutlook,
  removeSeededSeries,
  startWorld,
  type World,
} from './harness';

let w: World;
beforeAll(async () => {
  w = await startWorld();
  await removeSeededSeries(w);
});
afterAll(() => w.stop());

describe('a mailbox sync between Outlook and Odoo', () => {
  let outlookId: string;
  let erpId: string;

  it('when Outlook has a marked event and Odoo has Adele’s events, then the first sync copies each way once and mails no one', async () => {
    outlookId = String((await createInOutlook(w, outlookBody('Design review', 3))).id);
    await createInOutlook(w, outlookBody('Private lunch', 4, { categories: [] }));
    erpId = (
      await w.erp.createEvent(w.adele, erpEvent('Supplier call', 5), 'person-1', { quiet: true, needsReview: false })
    ).id;
    const erpBefore = await erpTitles(w);

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe('succeeded');
    expect(summary.applied.erp).toEqual({ create: 1 });
    expect(summary.applied.outlook.create).toBe(erpBefore.length);
    expect(await erpTitles(w)).toEqual([...erpBefore, 'Design review'].sort());
    const subjects = await outlookSubjects(w);
    expect(subjects).toEqual(expect.arrayContaining(['Design review', 'Private lunch', 'Supplier call']));
    expect(subjects).toHaveLength(2 + erpBefore.length);
    expect(await mailLogs(w)).toEqual({ outlook: [], erp: [] });
    // Quiet mode: the seeded kick-off's attendee (Alex) travels as text in the body, never as an invitee.
    const kickOff = (await outlookEvents(w)).find((e) => e.subject === 'Fabrikam kick-off');
    expect(kickOff?.attendees).toEqual([]);
    expect(JSON.stringify(kickOff?.body)).toContain('alex@fabrikam.example');
    const mapping = await w.store.mappings.getByOutlookId(w.mailbox.id, outlookId);
    expect(mapping).toMatchObject({ status: 'needs_review', erpModel: 'odoo', lastErrorMessage: null });
    const audit = await w.store.audit.listByMapping(w.mailbox.id, mapping!.id);
    expect(audit).toEqual([
      expect.objectContaining({
        side: 'erp',
        action: 'create',
        rule: expect.any(String),
        after: expect.objectContaining({ title: 'Design review' }),
      }),
    ]);
  });

  it('when nothing changed, then the next sync writes nothing (our own writes coming back are no-ops)', async () => {
    const summary = await w.engine.syncMailbox(w.mailbox.id);
    expect(summary.errors).toEqual([]);
    expect(summary.applied).toEqual({ outlook: {}, erp: {} });
    expect(summary.cursorsAdvanced).toBe(true);
  });

  it('when the title changes in Outlook and the location in Odoo, then each reaches the other side', async () => {
    await patchInOutlook(w, outlookId, { subject: 'Design review v2' });
    const mapped = await w.store.mappings.getByErpRef(w.mailbox.id, { model: 'odoo', id: erpId });
    const [record] = await w.erp.readEvents([erpId]);
    await w.erp.updateEvent(erpId, { ...record!.event, location: 'Room 7' }, ['location'], { quiet: true });

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.errors).toEqual([]);
    expect(summary.applied).toEqual({ outlook: { update: 1 }, erp: { update: 1 } });
    expect(await erpTitles(w)).toContain('Design review v2');
    const [designInOutlook] = (await w.outlook.getEvents([outlookId])).values();
    expect(designInOutlook?.event.ok && designInOutlook.event.value.timing).toMatchObject({
      timeZone: 'Europe/Berlin',
    });
    const [inOutlook] = (await w.outlook.getEvents([mapped!.outlookId!])).values();
    expect(inOutlook?.event.ok && inOutlook.event.value.location).toBe('Room 7');
    const again = await w.engine.syncMailbox(w.mailbox.id);
    expect(again.applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when an event is deleted in Outlook and another in Odoo, then both deletes propagate and the pairings end', async () => {
    const mapped = await w.store.mappings.getByErpRef(w.mailbox.id, { model: 'odoo', id: erpId });
    await deleteInOutlook(w, outlookId);
    await w.erp.deleteEvent(erpId, 'delete', { quiet: true });

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.errors).toEqual([]);
    expect(summary.applied).toEqual({ outlook: { delete: 1 }, erp: { delete: 1 } });
    expect(await erpTitles(w)).not.toContain('Design review v2');
    expect(await outlookSubjects(w)).not.toContain('Supplier call');
    expect(await w.store.mappings.getById(w.mailbox.id, mapped!.id)).toBeUndefined();
    expect(await mailLogs(w)).toEqual({ outlook: [], erp: [] });
  });
});
