/**
 * Issue 13, item 2: whatever loses an event's identity, a run never makes a second copy of an event that already has
 * one. An ERP that answers a record under a new id (as Odoo did for a series whose base event went) is re-keyed when
 * the old id vanished, refused by the loop breaker when it did not (loop_breaker condition, released by an admin);
 * a second Outlook copy carrying our mapping id is removed, never copied to the ERP.
 */
import type { ErpEvent, ErpPort } from '../../server/erp/port';
import { graphCall } from '../sandbox/microsoft365/helpers';
import {
  ADELE_ID,
  createInOutlook,
  erpEvent,
  erpTitles,
  outlookBody,
  outlookEvents,
  outlookSubjects,
  startCleanWorld,
  type World,
} from './harness';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

const ADELE_LOGIN = 'adele@contoso.example';
const MAPPING_ID_PROPERTY = 'String {6ec6834e-74aa-4892-94c9-b08eebd925f5} Name erpSyncMappingId';
const count = (list: string[], title: string) => list.filter((t) => t === title).length;

/**
 * An ERP that loses identity: every record whose title is in `ghosts` is also answered under a second id
 * (`ghost-<id>`) by every change read, the real id staying put, as an ERP that re-keys a record would look.
 */
function ghostingErp(port: ErpPort, ghosts: Set<string>): ErpPort {
  const ghostOf = (r: ErpEvent): ErpEvent => ({ ...r, id: `ghost-${r.id}` });
  const real = (id: string) => id.replace(/^ghost-/, '');
  return {
    kind: port.kind,
    fields: port.fields,
    keepsTimeZone: port.keepsTimeZone,
    ...(port.represent ? { represent: port.represent } : {}),
    ...(port.findByIdempotencyKey ? { findByIdempotencyKey: (key) => port.findByIdempotencyKey!(key) } : {}),
    checkConnection: () => port.checkConnection(),
    findUser: (email) => port.findUser(email),
    listChanges: async (user, cursor, window, known) => {
      const answer = await port.listChanges(user, null, window, known.map(real));
      const extra = answer.changes.flatMap((c) =>
        c.kind === 'upsert' && ghosts.has(c.record.event.title)
          ? [{ kind: 'upsert' as const, record: ghostOf(c.record) }]
          : [],
      );
      return { ...answer, changes: [...answer.changes, ...extra] };
    },
    readEvents: async (ids) => {
      const found = await port.readEvents(ids.map(real));
      return ids.flatMap((id) => {
        const r = found.find((x) => x.id === real(id));
        return r ? [id.startsWith('ghost-') ? ghostOf(r) : r] : [];
      });
    },
    createEvent: (user, event, key, options) => port.createEvent(user, event, key, options),
    updateEvent: (id, event, fields, options) => port.updateEvent(real(id), event, fields, options),
    deleteEvent: (id, mode, options) => port.deleteEvent(real(id), mode, options),
    actingFor: (user, rights) => port.actingFor(user, rights),
    recordUrl: (model, id) => port.recordUrl(model, id),
  };
}

describe('the loop breaker (issue 13.2)', () => {
  it('when the ERP answers an Outlook-made event under a second id on every run, then no run copies it back: the create is refused, the condition raised, and nothing multiplies', async () => {
    await createInOutlook(w, outlookBody('Quarterly plan', 4));
    await w.engine.syncMailbox(w.mailbox.id);
    const ghosts = new Set(['Quarterly plan']);
    const broken = w.engineWith({ erp: ghostingErp(w.erp, ghosts) });

    const runs = [];
    for (let i = 0; i < 4; i += 1) runs.push(await broken.syncMailbox(w.mailbox.id));

    expect(count(await outlookSubjects(w), 'Quarterly plan')).toBe(1);
    expect(count(await erpTitles(w), 'Quarterly plan')).toBe(1);
    expect(runs.every((r) => (r.applied.outlook.create ?? 0) === 0 && (r.applied.erp.create ?? 0) === 0)).toBe(true);
    expect(runs[3]!.problems).toEqual([expect.objectContaining({ reason: expect.stringContaining('loop breaker') })]);
    const conditions = (await w.store.conditions.list(w.mailbox.id)).filter((c) => c.kind === 'loop_breaker');
    expect(conditions).toHaveLength(1);
    expect(conditions[0]).toMatchObject({ reason: expect.stringContaining('Quarterly plan') });
    const row = await w.store.mappings.getById(w.mailbox.id, conditions[0]!.key);
    expect(row).toMatchObject({ status: 'error', lastErrorCode: 'loop_breaker' });
    // Audited once, not on every run.
    const audit = await w.store.audit.listByMapping(w.mailbox.id, row!.id);
    expect(audit.filter((a) => a.action === 'problem')).toHaveLength(1);
  });

  it('when an admin releases the refused event, then the next run makes its copy once', async () => {
    const [condition] = (await w.store.conditions.list(w.mailbox.id)).filter((c) => c.kind === 'loop_breaker');
    await w.store.conditions.clear(w.mailbox.id, 'loop_breaker', condition!.key);
    const broken = w.engineWith({ erp: ghostingErp(w.erp, new Set(['Quarterly plan'])) });

    const released = await broken.syncMailbox(w.mailbox.id);
    const again = await broken.syncMailbox(w.mailbox.id);

    expect(released.applied.outlook).toEqual({ create: 1 });
    expect(again.applied).toEqual({ outlook: {}, erp: {} });
    expect((await w.store.conditions.list(w.mailbox.id)).filter((c) => c.kind === 'loop_breaker')).toEqual([]);
  });

  it('when the ERP answers an ERP-made event under a second id, then Outlook gets no second copy', async () => {
    await w.erp.createEvent(w.adele, erpEvent('Supplier audit', 6), 'person-audit', {
      quiet: true,
      needsReview: false,
    });
    await w.engine.syncMailbox(w.mailbox.id);
    const broken = w.engineWith({ erp: ghostingErp(w.erp, new Set(['Supplier audit'])) });

    for (let i = 0; i < 3; i += 1) await broken.syncMailbox(w.mailbox.id);

    expect(count(await outlookSubjects(w), 'Supplier audit')).toBe(1);
  });

  it('when the ERP re-creates a record under a new id while the old id vanishes, then the pairing follows it: no delete, no second copy', async () => {
    const outlookId = String((await createInOutlook(w, outlookBody('Board meeting', 8))).id);
    await w.engine.syncMailbox(w.mailbox.id);
    const row = (await w.store.mappings.getByOutlookId(w.mailbox.id, outlookId))!;
    const [old] = await w.erp.readEvents([row.erpId!]);
    w.odoo.control.act(ADELE_LOGIN, 'calendar.event', 'unlink', [[Number(row.erpId)]]);
    await w.erp.createEvent(w.adele, old!.event, 'recreated-board', { quiet: true, needsReview: false });

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.applied.outlook).toEqual({});
    expect(summary.applied.erp).toEqual({});
    expect(count(await outlookSubjects(w), 'Board meeting')).toBe(1);
    expect(count(await erpTitles(w), 'Board meeting')).toBe(1);
    const after = (await w.store.mappings.getByOutlookId(w.mailbox.id, outlookId))!;
    expect(after.erpId).not.toBe(row.erpId);
    expect((await outlookEvents(w)).some((e) => e.id === outlookId)).toBe(true);
  });

  it('when Outlook holds a second copy carrying our mapping id, then it is removed and never copied to the ERP', async () => {
    await w.erp.createEvent(w.adele, erpEvent('Vendor call', 9), 'person-vendor', { quiet: true, needsReview: false });
    await w.engine.syncMailbox(w.mailbox.id);
    const [copy] = (await outlookEvents(w)).filter((e) => e.subject === 'Vendor call');
    const row = (await w.store.mappings.getByOutlookId(w.mailbox.id, String(copy!.id)))!;
    // The same event again, as Exchange would store a replayed create: read in the event's own zone.
    const original = await graphCall(
      w.m365,
      w.token,
      'GET',
      `/users/${ADELE_ID}/events/${String(copy!.id)}`,
      undefined,
      {
        Prefer: `IdType="ImmutableId", outlook.timezone="${String(copy!.originalStartTimeZone)}"`,
      },
    );
    const keep = ['subject', 'body', 'start', 'end', 'categories', 'location', 'showAs', 'sensitivity'];
    const body = Object.fromEntries(Object.entries(original.body).filter(([k]) => keep.includes(k)));
    body.isReminderOn = original.body.isReminderOn;
    body.reminderMinutesBeforeStart = original.body.reminderMinutesBeforeStart;
    await createInOutlook(w, {
      ...body,
      singleValueExtendedProperties: [{ id: MAPPING_ID_PROPERTY, value: row.id }],
    });
    expect(count(await outlookSubjects(w), 'Vendor call')).toBe(2);

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.applied.erp).toEqual({});
    expect(summary.applied.outlook).toEqual({ delete: 1 });
    expect(count(await outlookSubjects(w), 'Vendor call')).toBe(1);
    expect(count(await erpTitles(w), 'Vendor call')).toBe(1);
    expect((await outlookEvents(w)).some((e) => e.id === copy!.id)).toBe(true);
  });
});
