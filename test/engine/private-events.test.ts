/**
 * Private appointments through the engine on the Odoo emulator, which holds Odoo 19's rule and read mask (checked
 * against real Odoo by the differential suite): without Adele's own key her private Outlook event stays out of
 * sync as that event's plain-words problem, the mailbox keeps syncing; with it, the event is Adele's private event
 * in Odoo and edits flow both ways; the integration user and Ben see only "Busy"; a key Odoo later refuses is the
 * mailbox's `erp_private_key` condition, and the event waits (never read as deleted) until a new key is linked.
 */
import {
  createInOutlook,
  outlookBody,
  outlookEvents,
  patchInOutlook,
  removeSeededSeries,
  startWorld,
  type World,
} from './harness';

let w: World;
let outlookId: string;
const FIELDS = ['name', 'description', 'privacy', 'user_id', 'partner_ids'];

beforeAll(async () => {
  w = await startWorld();
  await removeSeededSeries(w);
  w.odoo.control.createUser({ login: 'ben@contoso.example', name: 'Ben Walters', email: 'ben@contoso.example' });
});
afterAll(() => w.stop());

const mappingOf = (id: string) => w.store.mappings.getByOutlookId(w.mailbox.id, id);
const readAs = (login: string, id: number) =>
  w.odoo.control.act(login, 'calendar.event', 'read', [[id]], { fields: FIELDS }) as Array<Record<string, unknown>>;

describe('private appointments through the engine', () => {
  it('when Adele has linked no key, then her private Outlook event stays out of Odoo with a plain reason, and the rest syncs', async () => {
    outlookId = String((await createInOutlook(w, outlookBody('Doctor', 3, { sensitivity: 'private' }))).id);
    const normal = String((await createInOutlook(w, outlookBody('Team lunch', 3))).id);
    const run = await w.engine.syncMailbox(w.mailbox.id);
    expect(run.fatal).toBeNull();
    expect((await mappingOf(normal))?.erpId).toBeTruthy();
    const row = await mappingOf(outlookId);
    expect(row?.erpId ?? null).toBeNull();
    expect(row?.lastErrorCode).toBe('erp_validation');
    expect(row?.lastErrorMessage).toContain('private appointment of adele@contoso.example');
    expect(row?.lastErrorMessage).toContain('links their own Odoo API key');
    const titles = w.odoo.control.act('admin', 'calendar.event', 'search_read', [[]], { fields: ['name'] }) as Array<{
      name: string;
    }>;
    expect(titles.map((t) => t.name)).not.toContain('Doctor');
  });

  it('when Adele links her key, then the event is her private event in Odoo, and nobody else reads its details', async () => {
    await w.personKeys.link(w.adele.id, w.mailbox.id, w.odoo.users.adele.apiKey);
    const run = await w.engine.syncMailbox(w.mailbox.id);
    expect(run.errors).toEqual([]);
    const erpId = Number((await mappingOf(outlookId))?.erpId);
    expect(readAs('adele@contoso.example', erpId)[0]).toMatchObject({
      name: 'Doctor',
      privacy: 'private',
      user_id: [Number(w.adele.id), expect.any(String)],
    });
    for (const other of ['admin', 'ben@contoso.example']) {
      expect(readAs(other, erpId)[0]).toMatchObject({ name: 'Busy', description: false, partner_ids: [] });
    }
  });

  it('when Adele edits it in Odoo, then Outlook follows; when she edits it in Outlook, then Odoo follows', async () => {
    const erpId = Number((await mappingOf(outlookId))?.erpId);
    w.odoo.control.act('adele@contoso.example', 'calendar.event', 'write', [[erpId], { name: 'Doctor (Odoo)' }], {
      context: { no_mail_to_attendees: true },
    });
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied.outlook).toEqual({ update: 1 });
    const inOutlook = (await outlookEvents(w)).find((e) => e.id === outlookId);
    expect(inOutlook).toMatchObject({ subject: 'Doctor (Odoo)', sensitivity: 'private' });
    await patchInOutlook(w, outlookId, { location: { displayName: 'Room 2' } });
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied.erp).toEqual({ update: 1 });
    const [mine] = w.odoo.control.act('adele@contoso.example', 'calendar.event', 'read', [[erpId]], {
      fields: ['name', 'location', 'privacy'],
    }) as Array<Record<string, unknown>>;
    expect(mine).toMatchObject({ name: 'Doctor (Odoo)', location: 'Room 2', privacy: 'private' });
  });

  it('when Odoo refuses the linked key, then the mailbox carries the erp_private_key condition and keeps syncing', async () => {
    // As a revoked key: the stored key is one Odoo does not know.
    await w.personKeys.link(w.adele.id, w.mailbox.id, 'revoked-key-0000000000000000000000000000');
    await patchInOutlook(w, outlookId, { subject: 'Doctor (again)' });
    const run = await w.engine.syncMailbox(w.mailbox.id);
    expect(run.fatal).toBeNull();
    const conditions = await w.store.conditions.list(w.mailbox.id);
    expect(conditions).toEqual([expect.objectContaining({ kind: 'erp_private_key', clearedBy: 'person' })]);
    expect(await w.personKeys.stateOf(w.adele.id, w.mailbox.id)).toBe('refused');
    // Hidden is not gone: the Outlook copy stays, the event waits (no conflict, no delete) until a new key.
    expect(run.applied.outlook).toEqual({});
    expect((await outlookEvents(w)).find((e) => e.id === outlookId)).toMatchObject({ subject: 'Doctor (again)' });
    expect(await mappingOf(outlookId)).toMatchObject({ status: 'error', conflict: null });
    await w.personKeys.link(w.adele.id, w.mailbox.id, w.odoo.users.adele.apiKey);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied.erp).toEqual({ update: 1 });
    expect(await w.store.conditions.list(w.mailbox.id)).toEqual([]);
  });

  it('when Odoo refuses the key of a private series, then the series waits too: its Outlook copy is never deleted', async () => {
    const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const series = String(
      (
        await createInOutlook(
          w,
          outlookBody('Therapy', 5, {
            sensitivity: 'private',
            recurrence: {
              pattern: { type: 'daily', interval: 1 },
              range: { type: 'numbered', startDate: day, numberOfOccurrences: 3 },
            },
          }),
        )
      ).id,
    );
    expect((await w.engine.syncMailbox(w.mailbox.id)).errors).toEqual([]);
    expect((await mappingOf(series))?.erpId).toMatch(/^recurrence:/);
    await w.personKeys.link(w.adele.id, w.mailbox.id, 'revoked-key-0000000000000000000000000000');
    for (let run = 0; run < 2; run += 1) {
      const result = await w.engine.syncMailbox(w.mailbox.id);
      expect(result.fatal).toBeNull();
      expect(result.applied.outlook).toEqual({});
    }
    expect((await outlookEvents(w)).find((e) => e.id === series)).toMatchObject({ subject: 'Therapy' });
    expect(await mappingOf(series)).toMatchObject({ conflict: null });
    expect((await mappingOf(series))?.erpId).toMatch(/^recurrence:/);
    await w.personKeys.link(w.adele.id, w.mailbox.id, w.odoo.users.adele.apiKey);
    expect((await w.engine.syncMailbox(w.mailbox.id)).errors).toEqual([]);
    expect(await w.store.conditions.list(w.mailbox.id)).toEqual([]);
  });
});
