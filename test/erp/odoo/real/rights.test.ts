/**
 * The integration user's rights on real Odoo 19: what a plain internal user cannot do, the minimum the adapter
 * needs (Internal User + Contact: Creation, no Access Rights, no Settings), the sentences that name a missing group.
 */
import { checkErpAtStartup, type StartupCheckLog } from '../../../../server/erp';
import type { ErpPort, ErpUser } from '../../../../server/erp/port';
import { describeRealOdoo, HOOK_TIMEOUT_MS, type OdooUser } from '../../../support/real-odoo';
import { timedEvent } from '../helpers';

const MINIMUM = ['base.group_user', 'base.group_partner_manager'];

describeRealOdoo('Odoo integration user rights', ({ protocol, db, adapter: makeAdapter }) => {
  let integration: OdooUser;
  let adapter: ErpPort;
  let adele: ErpUser;
  const quiet = { quiet: true, needsReview: false };

  beforeAll(async () => {
    integration = await db().createUser({ login: `sync.${protocol}@contoso.example`, groups: MINIMUM });
    await db().createUser({ login: 'adele@contoso.example', name: 'Adele Vance', tz: 'Europe/Paris' });
    await db().call('calendar.event.type', 'create', { vals_list: [{ name: 'Customer Meeting' }] });
    adapter = makeAdapter({ login: integration.login, apiKey: integration.apiKey });
    adele = (await adapter.findUser('adele@contoso.example')) as ErpUser;
  }, HOOK_TIMEOUT_MS);

  test(
    'when the user is a plain internal user, then the connection test names the missing group and where to set it',
    async () => {
      const plain = await db().createUser({ login: `plain.${protocol}@contoso.example`, groups: ['base.group_user'] });
      const error = await makeAdapter({ login: plain.login, apiKey: plain.apiKey })
        .checkConnection()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'auth' });
      expect((error as Error).message).toBe(
        `The Odoo user "${plain.login}" lacks the group "Contact: Creation", needed to add attendees who are not Odoo ` +
          `contacts yet. In Odoo: Settings > Users & Companies > Users > ${plain.login} > Access Rights, set Contact: Creation.`,
      );
      // At start-up the same sentence is logged as an error, and the start goes on.
      const log = recordingLog();
      await expect(checkErpAtStartup(makeAdapter({ login: plain.login, apiKey: plain.apiKey }), log)).resolves.toBe(
        false,
      );
      expect(log.lines).toEqual([
        { level: 'error', message: `ERP connection check failed: ${(error as Error).message}` },
      ]);
    },
    HOOK_TIMEOUT_MS,
  ); // makes a user: password hashing is slow on a loaded machine

  test('when the user has the minimum rights, then the connection test passes and warns only about tags', async () => {
    const checked = await adapter.checkConnection();
    expect(checked).toMatchObject({ version: '19.0', protocol });
    expect(checked.warnings).toEqual([
      expect.stringContaining('"Administration: Settings", needed to create a calendar tag'),
    ]);
    const log = recordingLog();
    await expect(checkErpAtStartup(adapter, log)).resolves.toBe(true);
    expect(log.lines).toEqual([
      { level: 'warn', message: checked.warnings![0] },
      { level: 'info', message: 'ERP connection checked' },
    ]);
  });

  test('when the minimum user creates, re-creates, finds, updates and deletes, then everything works without Access Rights', async () => {
    const event = timedEvent({
      attendees: [{ email: `new.${protocol}@fabrikam.example`, role: 'required', response: 'none' }],
      erpLink: { model: 'res.partner', id: '3' },
    });
    const created = await adapter.createEvent(adele, event, `min-${protocol}`, quiet);
    expect(created.event).toMatchObject({ title: event.title, attendees: event.attendees, erpLink: event.erpLink });
    const again = await adapter.createEvent(adele, event, `min-${protocol}`, quiet);
    expect(again.id).toBe(created.id);
    expect((await adapter.findByIdempotencyKey!(`min-${protocol}`))?.id).toBe(created.id);
    await expect(adapter.findByIdempotencyKey!(`other-${protocol}`)).resolves.toBeNull();
    const updated = await adapter.updateEvent(created.id, { ...event, title: 'Renamed' }, ['title'], { quiet: true });
    expect(updated.event.title).toBe('Renamed');
    await adapter.deleteEvent(created.id, 'delete', { quiet: true });
    await expect(adapter.readEvents([created.id])).resolves.toEqual([]);
  });

  test('when an Outlook category has no Odoo tag, then the refusal names the tag and the two ways to fix it', async () => {
    const error = await adapter
      .createEvent(adele, timedEvent({ categories: ['Brand new tag'] }), `tag-${protocol}`, quiet)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth' });
    expect((error as Error).message).toMatch(
      /^Odoo has no calendar tag "Brand new tag" and the integration user may not create tags/,
    );
  });

  test('when the user may not read leads and orders, then the picker offers the contacts it may see', async () => {
    const found = await (await adapter.actingFor(adele, 'personCompanies')).searchLinkable('Admin', 5);
    expect(found.map((r) => r.model)).toEqual(['res.partner']);
  });
});

/** A start-up log that keeps what was said, by level. */
function recordingLog(): StartupCheckLog & { lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (_fields: object, message: string) => void lines.push({ level, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}
