/**
 * Private events on real Odoo 19, both protocols (issue 12 Must 3): Odoo masks another user's private event as a
 * blank "Busy" and refuses writes to it for everyone but its organizer and attendees, the integration user included
 * (whatever its groups). The adapter acts as the person, with the person's own API key, for that person's private
 * events only; without the key it leaves them out and a refused write is that event's problem, not the mailbox's.
 */
import type { ErpPort, ErpUser } from '../../../../server/erp/port';
import { describeRealOdoo, HOOK_TIMEOUT_MS, type OdooUser } from '../../../support/real-odoo';
import { timedEvent } from '../helpers';

const MINIMUM = ['base.group_user', 'base.group_partner_manager'];
const WINDOW = { from: new Date('2031-01-01T00:00:00Z'), to: new Date('2031-12-31T00:00:00Z') };
const quiet = { quiet: true, needsReview: false };
const FIELDS = ['name', 'description', 'privacy', 'user_id', 'partner_ids'];
const timing = {
  kind: 'timed' as const,
  start: '2031-04-07T08:00:00Z',
  end: '2031-04-07T09:00:00Z',
  timeZone: 'Europe/Paris',
};

describeRealOdoo('Odoo private events', ({ protocol, db, adapter: makeAdapter }) => {
  let adeleInOdoo: OdooUser;
  let benInOdoo: OdooUser;
  /** The integration user's adapter, with Adele's own key linked for her private events. */
  let adapter: ErpPort;
  /** The same integration user, nobody's key linked. */
  let keyless: ErpPort;
  let adele: ErpUser;
  let ben: ErpUser;
  let doctorId: number;
  let integrationLogin: string;
  let integrationKey: string;
  const asAdele = <T>(model: string, method: string, body: Record<string, unknown>) =>
    db().call<T>(model, method, body, adeleInOdoo.apiKey);
  const asBen = <T>(model: string, method: string, body: Record<string, unknown>) =>
    db().call<T>(model, method, body, benInOdoo.apiKey);

  beforeAll(async () => {
    const integration = await db().createUser({ login: `sync.${protocol}@contoso.example`, groups: MINIMUM });
    integrationLogin = integration.login;
    integrationKey = integration.apiKey;
    adeleInOdoo = await db().createUser({ login: 'adele@contoso.example', name: 'Adele Vance', tz: 'Europe/Paris' });
    benInOdoo = await db().createUser({ login: 'ben@contoso.example', name: 'Ben Walters', tz: 'Europe/Paris' });
    const keys = {
      keyFor: ({ login }: { login: string }) =>
        Promise.resolve(login === adeleInOdoo.login ? adeleInOdoo.apiKey : null),
    };
    adapter = makeAdapter({ login: integration.login, apiKey: integration.apiKey, personKeys: keys });
    keyless = makeAdapter({ login: integration.login, apiKey: integration.apiKey });
    adele = (await adapter.findUser(adeleInOdoo.login)) as ErpUser;
    ben = (await adapter.findUser(benInOdoo.login)) as ErpUser;
    // Adele makes a private appointment in Odoo's calendar.
    const [id] = await asAdele<number[]>('calendar.event', 'create', {
      vals_list: [
        {
          name: 'Doctor',
          description: '<p>Bring the letter</p>',
          start: '2031-04-02 08:00:00',
          stop: '2031-04-02 09:00:00',
          privacy: 'private',
          user_id: adeleInOdoo.id,
          partner_ids: [[6, 0, [adeleInOdoo.partnerId]]],
        },
      ],
      context: { skip_contact_description: true },
    });
    doctorId = id as number;
  }, HOOK_TIMEOUT_MS);

  test("when a person's private Odoo appointment is read, then it reaches their sync with its title and body", async () => {
    const { changes } = await adapter.listChanges(adele, null, WINDOW, []);
    const doctor = changes.find((c) => c.kind === 'upsert' && c.record.id === String(doctorId));
    expect(doctor?.kind === 'upsert' && doctor.record.event).toMatchObject({
      title: 'Doctor',
      bodyHtml: '<p>Bring the letter</p>',
      sensitivity: 'private',
    });
    const [read] = await adapter.readEvents([String(doctorId)]);
    expect(read?.event.title).toBe('Doctor');
  });

  test('when nobody linked the person\'s key, then the private appointment is left out, never a blank "Busy"', async () => {
    const { changes } = await keyless.listChanges(adele, null, WINDOW, []);
    expect(changes.filter((c) => c.kind !== 'deleted' && c.record.event.title === 'Busy')).toEqual([]);
    expect(changes.some((c) => c.kind !== 'deleted' && c.record.id === String(doctorId))).toBe(false);
  });

  test('when the private appointment is edited from Outlook, then it is written as the person and the mailbox keeps syncing', async () => {
    const [current] = await adapter.readEvents([String(doctorId)]);
    const edited = { ...current!.event, title: 'Doctor (moved room)', location: 'Room 2' };
    const updated = await adapter.updateEvent(String(doctorId), edited, ['title', 'location'], {
      quiet: true,
      expectedVersion: current!.version,
    });
    expect(updated.event).toMatchObject({ title: 'Doctor (moved room)', location: 'Room 2', sensitivity: 'private' });
    const [inOdoo] = await asAdele<Array<{ name: string }>>('calendar.event', 'read', {
      ids: [doctorId],
      fields: FIELDS,
    });
    expect(inOdoo?.name).toBe('Doctor (moved room)');
    // Without the key: this event's problem (validation, in plain words), not an auth failure stopping the mailbox.
    const refused = await keyless
      .updateEvent(String(doctorId), { ...edited, title: 'Nope' }, ['title'], { quiet: true })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'validation' });
    expect((refused as Error).message).toContain(`private appointment of ${adeleInOdoo.login}`);
    await expect(keyless.listChanges(adele, null, WINDOW, [])).resolves.toBeDefined();
  });

  test("when a private Outlook appointment is synced, then Odoo holds it as the person's private event", async () => {
    const event = timedEvent({ title: 'Therapy', sensitivity: 'private', timing, categories: [] });
    const created = await adapter.createEvent(adele, event, `private-${protocol}`, quiet);
    expect(created.event).toMatchObject({ title: 'Therapy', sensitivity: 'private', attendees: event.attendees });
    const [inOdoo] = await asAdele<Array<{ name: string; privacy: string; user_id: [number, string] }>>(
      'calendar.event',
      'read',
      { ids: [Number(created.id)], fields: FIELDS },
    );
    expect(inOdoo).toMatchObject({
      name: 'Therapy',
      privacy: 'private',
      user_id: [adeleInOdoo.id, expect.any(String)],
    });
    // Idempotent as any create, and deleted as the person.
    expect((await adapter.createEvent(adele, event, `private-${protocol}`, quiet)).id).toBe(created.id);
    await adapter.deleteEvent(created.id, 'delete', { quiet: true });
    await expect(asAdele('calendar.event', 'search', { domain: [['id', '=', Number(created.id)]] })).resolves.toEqual(
      [],
    );
    const refused = await keyless
      .createEvent(adele, event, `private-nokey-${protocol}`, quiet)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'validation' });
  });

  test('when the person edits it in Odoo, then the change reaches their sync', async () => {
    const { cursor } = await adapter.listChanges(adele, null, WINDOW, []);
    await asAdele('calendar.event', 'write', {
      ids: [doctorId],
      vals: { name: 'Doctor (Odoo)', description: '<p>Fasting</p>' },
      context: { skip_contact_description: true },
    });
    const { changes } = await adapter.listChanges(adele, cursor, WINDOW, [String(doctorId)]);
    const doctor = changes.find((c) => c.kind === 'upsert' && c.record.id === String(doctorId));
    expect(doctor?.kind === 'upsert' && doctor.record.event).toMatchObject({
      title: 'Doctor (Odoo)',
      bodyHtml: '<p>Fasting</p>',
      sensitivity: 'private',
    });
  });

  test("when a person offers a key, then Odoo says whether it is theirs (their own, Ben's, a made-up one)", async () => {
    const check = adapter.checkPersonKey!.bind(adapter);
    await expect(check(adele, adeleInOdoo.apiKey)).resolves.toBe('ok');
    await expect(check(adele, benInOdoo.apiKey)).resolves.toBe(protocol === 'json2' ? 'someone_else' : 'refused');
    await expect(check(adele, `${adeleInOdoo.apiKey.slice(0, -4)}0000`)).resolves.toBe('refused');
  });

  test('when Odoo refuses the linked key, then the product is told once and the event is a problem in plain words', async () => {
    const refused: string[] = [];
    const revoked = makeAdapter({
      login: integrationLogin,
      apiKey: integrationKey,
      personKeys: {
        keyFor: () => Promise.resolve('not-a-key-odoo-knows-0000000000'),
        refused: (person) => Promise.resolve(void refused.push(person.login)),
      },
    });
    const [current] = await adapter.readEvents([String(doctorId)]);
    const failed = await revoked
      .updateEvent(String(doctorId), { ...current!.event, title: 'Nope' }, ['title'], { quiet: true })
      .catch((e: unknown) => e);
    // The read before the write met the refused key (reported once); the write is this event's problem, not auth.
    expect(failed).toMatchObject({ kind: 'validation' });
    expect((failed as Error).message).toContain(`private appointment of ${adeleInOdoo.login}`);
    expect(refused).toEqual([adeleInOdoo.login]);
  });

  test('when another user looks, then they see nothing of it: Odoo masks it and their sync does not carry it', async () => {
    const [seen] = await asBen<Array<{ name: string; description: string | false; partner_ids: number[] }>>(
      'calendar.event',
      'read',
      { ids: [doctorId], fields: FIELDS },
    );
    expect(seen).toMatchObject({ name: 'Busy', description: false, partner_ids: [] });
    const { changes } = await adapter.listChanges(ben, null, WINDOW, []);
    expect(changes.some((c) => c.kind !== 'deleted' && c.record.id === String(doctorId))).toBe(false);
    expect(JSON.stringify(changes)).not.toContain('Doctor');
  });
});
