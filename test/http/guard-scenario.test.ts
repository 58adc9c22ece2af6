/**
 * Issue 14's guard scenario, end to end on a real backend and the sandbox emulators: Adele's events are synced, the
 * backend stops, she deletes them in Outlook, and the backend restarts on its now stale database. The mass-delete
 * guard holds the deletions, and that is never silent: /admin/mailboxes, the pane's /api/me and /metrics all show
 * it; an admin confirms the listed deletions and the next run carries them out and clears it everywhere.
 */
import { startBackend } from '../../server/backend';
import { createLogger } from '../../server/logger';
import { MEGAN_ID } from '../../sandbox/microsoft365/world/seed';
import { erpTitles, markedEvent, outlookCall, startTriggerWorld, type TriggerWorld } from '../triggers/world';

let world: TriggerWorld;
let first: TriggerWorld['backend'];
const TITLES = ['Held 1', 'Held 2', 'Held 3', 'Held 4', 'Held 5', 'Held 6'];

beforeAll(async () => {
  world = await startTriggerWorld({ GRAPH_NOTIFICATIONS: 'off', ERP_POLL_SECONDS: '86400', SWEEP_HOURS: '1000' });
  first = world.backend;
}, 60_000);
afterAll(async () => {
  if (world.backend !== first) await world.backend.shutdown.run('test over');
  await world.stop();
});

async function call(method: string, path: string, token: string, body?: unknown) {
  const answer = await fetch(`${world.backend.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await answer.text();
  return { status: answer.status, text, body: text.startsWith('{') ? JSON.parse(text) : null };
}

test('when the backend restarts on a stale database, then the held deletions show in the admin view, the pane and /metrics, and confirming clears them', async () => {
  const key = world.config.ADMIN_API_KEY!; // set by the sandbox
  const megan = await world.m365.mintAddinToken({ user: MEGAN_ID });
  const adele = await world.m365.mintAddinToken({ user: 'adele@contoso.example' });
  const mailbox = `/admin/mailboxes/${world.mailbox.id}`;
  const ids: string[] = [];
  for (const [n, title] of TITLES.entries()) {
    ids.push(String((await outlookCall(world, 'POST', '/events', markedEvent(title, 3 + n))).id));
  }
  expect((await call('POST', `${mailbox}/sync`, megan)).body.status).toBe('succeeded');
  expect([...(await erpTitles(world)).values()]).toEqual(expect.arrayContaining(TITLES));

  // The backend stops; Adele deletes the six in Outlook; the backend comes back on the database it had.
  await world.backend.shutdown.run('test: restart');
  for (const id of ids) await outlookCall(world, 'DELETE', `/events/${id}`);
  world.backend = await startBackend(world.config, createLogger({ level: 'silent' }));
  const run = await call('POST', `${mailbox}/sync`, megan);
  expect(run.status).toBe(200);
  expect([...(await erpTitles(world)).values()]).toEqual(expect.arrayContaining(TITLES));

  // The admin view: the mailbox needs attention, with the reason and the list.
  const listed = (await call('GET', '/admin/mailboxes?condition=delete_guard', megan)).body.mailboxes;
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({ state: 'attention', reason: expect.stringMatching(/mass-delete guard/) });
  const guard = listed[0].conditions.find((c: { kind: string }) => c.kind === 'delete_guard');
  expect(guard.details.held.map((h: { title: string }) => h.title).sort()).toEqual(TITLES);
  // The pane: Adele's /api/me carries the condition in plain words.
  const me = await call('GET', '/api/me', adele);
  expect(me.body.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'delete_guard' })]));
  // /metrics counts the mailbox.
  expect((await call('GET', '/metrics', key)).text).toContain('sync_mailbox_conditions{kind="delete_guard"} 1');

  // Megan confirms the list she saw; the next run deletes the six in the ERP, and every view clears.
  const path = `${mailbox}/conditions/delete_guard/outlook/confirm`;
  expect((await call('POST', path, megan, { version: guard.version })).status).toBe(200);
  expect((await call('POST', `${mailbox}/sync`, megan)).body.status).toBe('succeeded');
  const left = [...(await erpTitles(world)).values()];
  for (const title of TITLES) expect(left).not.toContain(title);
  expect((await call('GET', mailbox, megan)).body).toMatchObject({ state: 'ok', conditions: [] });
  expect((await call('GET', '/api/me', adele)).body.conditions).toEqual([]);
  expect((await call('GET', '/metrics', key)).text).toContain('sync_mailbox_conditions{kind="delete_guard"} 0');
  const actions = (await call('GET', '/admin/actions?action=mailbox.guard.confirm', megan)).body.actions;
  expect(actions).toEqual([expect.objectContaining({ actor: 'megan@contoso.example', outcome: 'ok' })]);
}, 90_000);
