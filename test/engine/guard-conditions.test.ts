/**
 * The mass-delete guard as a mailbox condition: held deletions are listed, the runs say partial, and an admin's
 * answer clears it (reject restores the events on the side that lost them; confirm carries out exactly the list).
 */
import { answerHeldDeletions, heldVersion } from '../../server/engine';
import type { HeldDeletions } from '../../server/store';
import {
  deleteInOutlook,
  erpEvent,
  erpTitles,
  outlookEvents,
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

const TITLES = ['Guard 1', 'Guard 2', 'Guard 3', 'Guard 4', 'Guard 5', 'Guard 6'];

async function ourOutlookIds(): Promise<string[]> {
  const events = await outlookEvents(w);
  return events.filter((e) => TITLES.includes(String(e.subject))).map((e) => String(e.id));
}

async function guardCondition() {
  return w.store.conditions.get(w.mailbox.id, 'delete_guard', 'outlook');
}

/** Every event of the mailbox disappears from Outlook at once (a wiped mailbox, or a database older than it). */
async function wipeOutlook(): Promise<number> {
  const events = (await outlookEvents(w)).filter((e) => e.type !== 'occurrence' && e.type !== 'exception');
  for (const event of events) await deleteInOutlook(w, String(event.id));
  return events.length;
}

test('when Outlook loses every synced event, then the guard holds them as a condition listing each deletion', async () => {
  for (const [i, title] of TITLES.entries())
    await w.erp.createEvent(w.adele, erpEvent(title, i + 2), `guard-${i}`, { quiet: true, needsReview: false });
  const first = await w.engine.syncMailbox(w.mailbox.id);
  expect(first.status).toBe('succeeded');
  expect(await ourOutlookIds()).toHaveLength(6);
  // A quiet run reads our own creates back, so the delta link is past them (as after any normal day).
  expect(await w.engine.syncMailbox(w.mailbox.id)).toMatchObject({ status: 'succeeded', applied: { outlook: {} } });

  const erpBefore = await erpTitles(w);
  const lost = await wipeOutlook();
  expect(lost).toBeGreaterThanOrEqual(6);
  const held = await w.engine.syncMailbox(w.mailbox.id);
  expect(held.status).toBe('partial');
  expect(held.problems).toHaveLength(lost);
  expect(await erpTitles(w)).toEqual(erpBefore);
  const condition = await guardCondition();
  expect(condition).toMatchObject({ effect: 'limits', clearedBy: 'admin', occurrences: 1 });
  expect(condition!.reason).toMatch(new RegExp(`Outlook lost ${lost} of ${lost} paired events`));
  const details = condition!.details as HeldDeletions;
  expect(details.held).toHaveLength(lost);
  expect(details.held.map((h) => h.title)).toEqual(expect.arrayContaining(TITLES));
  expect(details.held[0]).toMatchObject({ lostOn: 'outlook', wouldDelete: { side: 'erp', how: 'delete' } });
  expect(details.held.every((h) => h.wouldDelete?.id && h.mappingId)).toBe(true);

  await w.engine.syncMailbox(w.mailbox.id);
  expect(await guardCondition()).toMatchObject({ occurrences: 2, since: condition!.since });
});

test('when an answer names a list that changed, then it is refused and nothing changes', async () => {
  await expect(
    answerHeldDeletions(
      w.store,
      w.mailbox.id,
      { side: 'outlook', decision: 'confirm', by: 'a', version: 'stale' },
      '2030-01-01T00:00:00Z',
    ),
  ).rejects.toMatchObject({ code: 'conflict' });
  expect((await guardCondition())?.details).toMatchObject({ confirmed: null });
});

test('when an admin rejects the held deletions, then nothing is deleted and the events come back in Outlook', async () => {
  const details = (await guardCondition())!.details as HeldDeletions;
  const answer = { side: 'outlook' as const, decision: 'reject' as const, by: 'admin@contoso.example' };
  await answerHeldDeletions(
    w.store,
    w.mailbox.id,
    { ...answer, version: heldVersion(details) },
    new Date().toISOString(),
  );
  expect(await guardCondition()).toBeUndefined();

  const restored = await w.engine.syncMailbox(w.mailbox.id);
  expect(restored).toMatchObject({ status: 'succeeded', applied: { outlook: { create: details.held.length } } });
  expect(await ourOutlookIds()).toHaveLength(6);
  expect((await erpTitles(w)).filter((t) => TITLES.includes(t))).toHaveLength(6);
  expect(await guardCondition()).toBeUndefined();
});

test('when an admin confirms the held deletions, then exactly those ERP events are deleted and the guard clears', async () => {
  await w.engine.syncMailbox(w.mailbox.id);
  await wipeOutlook();
  await w.engine.syncMailbox(w.mailbox.id);
  const details = (await guardCondition())!.details as HeldDeletions;
  const answer = { side: 'outlook' as const, decision: 'confirm' as const, by: 'admin@contoso.example' };
  await answerHeldDeletions(
    w.store,
    w.mailbox.id,
    { ...answer, version: heldVersion(details) },
    new Date().toISOString(),
  );
  expect((await guardCondition())?.details).toMatchObject({ confirmed: { by: 'admin@contoso.example' } });

  const confirmed = await w.engine.syncMailbox(w.mailbox.id);
  expect(confirmed).toMatchObject({ status: 'succeeded', applied: { erp: { delete: details.held.length } } });
  expect(await erpTitles(w)).toEqual([]);
  expect(await guardCondition()).toBeUndefined();
});
