/** Event CRUD over HTTPS through the real Graph client: create, get, list, update, delete, ETags, access rules. */
import { ADELE, ADELE_ID, CalendarHarness, eventBody, MEGAN_ID } from './harness';

let h: CalendarHarness;
beforeAll(async () => {
  h = await CalendarHarness.start();
});
afterAll(() => h.stop());

describe('events CRUD', () => {
  it('when an event is created, then GET returns it with Graph defaults and an etag of its changeKey', async () => {
    const created = await h.adele
      .api('/me/events')
      .post(eventBody('Plan', '2030-03-04T10:00:00', '2030-03-04T11:00:00'));
    expect(created.subject).toBe('Plan');
    expect(created.type).toBe('singleInstance');
    expect(created['@odata.etag']).toBe(`W/"${created.changeKey}"`);
    expect(created.reminderMinutesBeforeStart).toBe(15);
    expect(created.start).toEqual({ dateTime: '2030-03-04T10:00:00.0000000', timeZone: 'UTC' });
    expect(created.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    expect(created.organizer.emailAddress.address).toBe(ADELE);
    expect(created.isOrganizer).toBe(true);
    const got = await h.adele.api(`/users/${ADELE_ID}/events/${created.id}`).get();
    expect(got.id).toBe(created.id);
    expect(got.iCalUId).toBe(created.iCalUId);
  });

  it('when the event is patched with a stale If-Match, then 412 ErrorIrresolvableConflict; with the current one it succeeds', async () => {
    const created = await h.adele
      .api('/me/calendar/events')
      .post(eventBody('E', '2030-03-05T10:00:00', '2030-03-05T11:00:00'));
    const ok = await h.raw(
      h.adele,
      'PATCH',
      `/me/events/${created.id}`,
      { subject: 'E2' },
      { 'If-Match': created['@odata.etag'] },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.changeKey).not.toBe(created.changeKey);
    const stale = await h.raw(
      h.adele,
      'PATCH',
      `/me/events/${created.id}`,
      { subject: 'E3' },
      { 'If-Match': created['@odata.etag'] },
    );
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'ErrorIrresolvableConflict' } });
    const err = stale.body.error as { innerError: Record<string, string> };
    expect(err.innerError['request-id']).toEqual(expect.any(String));
    const del = await h.raw(h.adele, 'DELETE', `/me/events/${created.id}`, undefined, {
      'If-Match': created['@odata.etag'],
    });
    expect(del.status).toBe(412);
  });

  it('when the stale-etag switch says 409, then a stale If-Match answers 409', async () => {
    await h.control('PATCH', '/calendar-options', { staleEtagStatus: 409 });
    try {
      const created = await h.adele
        .api('/me/events')
        .post(eventBody('S', '2030-03-05T10:00:00', '2030-03-05T11:00:00'));
      await h.adele.api(`/me/events/${created.id}`).patch({ subject: 'changed' });
      const stale = await h.raw(h.adele, 'DELETE', `/me/events/${created.id}`, undefined, {
        'If-Match': created['@odata.etag'],
      });
      expect(stale.status).toBe(409);
    } finally {
      await h.control('PATCH', '/calendar-options', { staleEtagStatus: 412 });
    }
  });

  it('when an event is deleted, then GET answers 404 ErrorItemNotFound', async () => {
    const created = await h.adele
      .api('/me/events')
      .post(eventBody('Gone', '2030-03-06T10:00:00', '2030-03-06T11:00:00'));
    const del = await h.raw(h.adele, 'DELETE', `/me/events/${created.id}`);
    expect(del.status).toBe(204);
    const got = await h.raw(h.adele, 'GET', `/me/events/${created.id}`);
    expect(got.status).toBe(404);
    expect(got.body).toMatchObject({ error: { code: 'ErrorItemNotFound' } });
  });

  it('when listing with $top, $select, $filter and $orderby, then pages follow nextLink in start order', async () => {
    const client = await h.client({ user: MEGAN_ID, scopes: ['Calendars.ReadWrite'] });
    for (const day of ['12', '10', '11']) {
      await client
        .api('/me/events')
        .post(eventBody(`List ${day}`, `2030-04-${day}T09:00:00`, `2030-04-${day}T10:00:00`));
    }
    await client.api('/me/events').post(eventBody('Other', '2030-04-09T09:00:00', '2030-04-09T10:00:00'));
    const first = await client
      .api('/me/events')
      .query({ $top: '2', $select: 'subject,start', $filter: "startswith(subject,'list')", $orderby: 'start/dateTime' })
      .get();
    expect(first.value.map((e: { subject: string }) => e.subject)).toEqual(['List 10', 'List 11']);
    expect(Object.keys(first.value[0]).sort()).toEqual(['@odata.etag', 'id', 'start', 'subject']);
    expect(first['@odata.nextLink']).toContain('$skip=2');
    const second = await client.api(first['@odata.nextLink']).get();
    expect(second.value.map((e: { subject: string }) => e.subject)).toEqual(['List 12']);
    expect(second['@odata.nextLink']).toBeUndefined();
    const ranged = await client
      .api('/me/events')
      .filter("start/dateTime ge '2030-04-11T00:00:00' and subject ne 'Other'")
      .orderby('start/dateTime desc')
      .get();
    expect(ranged.value.map((e: { subject: string }) => e.subject)).toEqual(['List 12', 'List 11']);
  });

  it('when a bad $filter is sent, then 400 with a Graph error body', async () => {
    const res = await h.raw(h.adele, 'GET', "/me/events?$filter=subject eqq 'x'");
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('when a delegated caller reads another mailbox or lacks the scope, then 403 ErrorAccessDenied; an app with the role may', async () => {
    const other = await h.raw(h.adele, 'GET', `/users/${MEGAN_ID}/events`);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: { code: 'ErrorAccessDenied' } });
    const readOnly = await h.client({ user: ADELE_ID, scopes: ['Calendars.Read'] });
    expect((await h.raw(readOnly, 'GET', '/me/events')).status).toBe(200);
    const write = await h.raw(
      readOnly,
      'POST',
      '/me/events',
      eventBody('x', '2030-01-01T00:00:00', '2030-01-01T01:00:00'),
    );
    expect(write.status).toBe(403);
    const app = await h.client({ roles: ['Calendars.ReadWrite'] });
    const byUpn = await h.raw(
      app,
      'POST',
      `/users/${ADELE}/events`,
      eventBody('App', '2030-01-01T00:00:00', '2030-01-01T01:00:00'),
    );
    expect(byUpn.status).toBe(201);
    const appMe = await h.raw(app, 'GET', '/me/events');
    expect(appMe.status).toBe(400);
    const noRole = await h.client({ roles: [] });
    expect((await h.raw(noRole, 'GET', `/users/${ADELE_ID}/events`)).status).toBe(403);
  });

  it('when the body is not JSON, then 400 with a Graph error body and no stack trace', async () => {
    const token = await h.emulator.control.mintGraphToken({ user: ADELE_ID, scopes: ['Calendars.ReadWrite'] });
    const res = await fetch(`${h.emulator.graphBaseUrl}/me/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toEqual(expect.any(String));
    expect(body.error.message).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });
});
