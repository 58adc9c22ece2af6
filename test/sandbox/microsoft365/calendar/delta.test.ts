/** calendarView/delta over HTTPS: pages with maxpagesize, next rounds, @removed, out-of-window moves, 410s, masters. */
import type { Client } from '@microsoft/microsoft-graph-client';
import { CalendarHarness, eventBody, MEGAN_ID } from './harness';

let h: CalendarHarness;
let megan: Client;
beforeAll(async () => {
  h = await CalendarHarness.start();
  megan = await h.client({ user: MEGAN_ID, scopes: ['Calendars.ReadWrite'] });
});
afterAll(() => h.stop());

type Ev = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Follows nextLinks to the deltaLink, as the product's paginate() does; returns the pages and the deltaLink. */
async function round(
  client: Client,
  first: string,
  pageSize = 2,
): Promise<{ pages: Ev[][]; deltaLink: string; applied: string[] }> {
  const pages: Ev[][] = [];
  const applied: string[] = [];
  let url: string | undefined = first;
  for (;;) {
    const res = await h.raw(client, 'GET', url, undefined, { Prefer: `odata.maxpagesize=${pageSize}` });
    expect(res.status).toBe(200);
    applied.push(res.headers.get('preference-applied') ?? '');
    pages.push(res.body.value as Ev[]);
    url = res.body['@odata.nextLink'] as string | undefined;
    if (!url) return { pages, deltaLink: res.body['@odata.deltaLink'] as string, applied };
  }
}

const FIRST = '/me/calendarView/delta?startdatetime=2033-01-01T00:00:00Z&enddatetime=2033-02-01T00:00:00Z';

describe('calendarView delta', () => {
  it('when five items are in the window, then pages of two carry nextLinks and the last page a deltaLink', async () => {
    for (let d = 10; d < 13; d++)
      await megan.api('/me/events').post(eventBody(`S${d}`, `2033-01-${d}T09:00:00`, `2033-01-${d}T10:00:00`));
    await megan.api('/me/events').post(eventBody('Outside', '2033-03-10T09:00:00', '2033-03-10T10:00:00'));
    const series = await megan.api('/me/events').post({
      ...eventBody('Series', '2033-01-20T09:00:00', '2033-01-20T10:00:00'),
      recurrence: {
        pattern: { type: 'daily', interval: 1 },
        range: { type: 'numbered', startDate: '2033-01-20', numberOfOccurrences: 2 },
      },
    });
    const first = await round(megan, FIRST);
    expect(first.pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(first.applied[0]).toContain('odata.maxpagesize=2');
    const items = first.pages.flat();
    expect(items.map((e) => e.subject).sort()).toEqual(['S10', 'S11', 'S12', 'Series', 'Series']);
    expect(items.every((e) => e['@odata.type'] === '#microsoft.graph.event')).toBe(true);
    expect(
      items
        .filter((e) => e.subject === 'Series')
        .every((e) => e.type === 'occurrence' && e.seriesMasterId === series.id),
    ).toBe(true);
    expect(items.some((e) => e.type === 'seriesMaster')).toBe(false);
    expect(first.deltaLink).toContain('$deltatoken=');

    const quiet = await round(megan, first.deltaLink);
    expect(quiet.pages.flat()).toEqual([]);

    const s10 = items.find((e) => e.subject === 'S10')!;
    const s11 = items.find((e) => e.subject === 'S11')!;
    const s12 = items.find((e) => e.subject === 'S12')!;
    await megan.api(`/me/events/${s10.id}`).patch({ subject: 'S10 changed' });
    await megan.api(`/me/events/${s11.id}`).delete();
    await megan.api(`/me/events/${s12.id}`).patch({
      start: { dateTime: '2033-05-01T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2033-05-01T10:00:00', timeZone: 'UTC' },
    });
    await megan.api('/me/events').post(eventBody('New', '2033-01-25T09:00:00', '2033-01-25T10:00:00'));
    const next = await round(megan, quiet.deltaLink, 10);
    const changes = next.pages.flat();
    expect(
      changes
        .filter((e) => !e['@removed'])
        .map((e) => e.subject)
        .sort(),
    ).toEqual(['New', 'S10 changed']);
    expect(
      changes
        .filter((e) => e['@removed'])
        .map((e) => e.id)
        .sort(),
    ).toEqual([s11.id, s12.id].sort());
    expect(changes.find((e) => e.id === s11.id)).toEqual({
      '@odata.type': '#microsoft.graph.event',
      id: s11.id,
      '@removed': { reason: 'deleted' },
    });

    const cancelled = items.find((e) => e.subject === 'Series')!;
    await megan.api(`/me/events/${cancelled.id}`).delete();
    const afterCancel = (await round(megan, next.deltaLink, 10)).pages.flat();
    expect(afterCancel.find((e) => e.id === cancelled.id)?.['@removed']).toEqual({ reason: 'deleted' });
  });

  it('when a token is unknown or the expire fault is set through the control API, then 410 SyncStateNotFound', async () => {
    const unknown = await h.raw(megan, 'GET', '/me/calendarView/delta?$deltatoken=bm9wZQ');
    expect(unknown.status).toBe(410);
    expect(unknown.body).toMatchObject({ error: { code: 'SyncStateNotFound' } });
    const first = await round(megan, FIRST, 50);
    await h.emulator.control.expireDeltaTokens();
    const expired = await h.raw(megan, 'GET', first.deltaLink);
    expect(expired.status).toBe(410);
    const restarted = await round(megan, FIRST, 50);
    expect(restarted.pages.flat().length).toBeGreaterThan(0);
  });

  it('when the repeat switch is on, then one item of the round appears twice', async () => {
    await h.control('PATCH', '/calendar-options', { deltaRepeatItem: true });
    try {
      const items = (await round(megan, FIRST, 3)).pages.flat();
      const ids = items.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length - 1);
    } finally {
      await h.control('PATCH', '/calendar-options', { deltaRepeatItem: false });
    }
  });

  it('when a delta call has no window and no token, then 400', async () => {
    const res = await h.raw(megan, 'GET', '/me/calendarView/delta');
    expect(res.status).toBe(400);
  });
});
