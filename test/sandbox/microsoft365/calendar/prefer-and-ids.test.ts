/** Prefer headers (time zone, body type, IdType) with Preference-Applied; per-folder vs immutable ids; all-day rules. */
import { CalendarHarness, eventBody } from './harness';

let h: CalendarHarness;
beforeAll(async () => {
  h = await CalendarHarness.start();
});
afterAll(() => h.stop());

type Ev = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Prefer headers', () => {
  it('when outlook.timezone is a Windows or an IANA name, then times come back in that zone and the preference is applied', async () => {
    const created = await h.adele.api('/me/events').post(eventBody('TZ', '2034-07-01T16:00:00', '2034-07-01T17:00:00'));
    const windows = await h.raw<Ev>(h.adele, 'GET', `/me/events/${created.id}`, undefined, {
      Prefer: 'outlook.timezone="Pacific Standard Time"',
    });
    expect(windows.body.start).toEqual({ dateTime: '2034-07-01T09:00:00.0000000', timeZone: 'Pacific Standard Time' });
    expect(windows.headers.get('preference-applied')).toBe('outlook.timezone="Pacific Standard Time"');
    const iana = await h.raw<Ev>(h.adele, 'GET', `/me/events/${created.id}`, undefined, {
      Prefer: 'outlook.timezone="Asia/Kolkata"',
    });
    expect(iana.body.end).toEqual({ dateTime: '2034-07-01T22:30:00.0000000', timeZone: 'Asia/Kolkata' });
    const unknown = await h.raw<Ev>(h.adele, 'GET', `/me/events/${created.id}`, undefined, {
      Prefer: 'outlook.timezone="Mars/Olympus"',
    });
    expect(unknown.body.start.timeZone).toBe('UTC');
    expect(unknown.headers.get('preference-applied')).toBeNull();
  });

  it('when an event is created in a zone, then originalStartTimeZone keeps its Windows name and UTC is returned by default', async () => {
    const created = await h.adele.api('/me/events').post({
      subject: 'Berlin',
      start: { dateTime: '2034-01-10T09:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2034-01-10T10:00:00', timeZone: 'Europe/Berlin' },
    });
    expect(created.originalStartTimeZone).toBe('W. Europe Standard Time');
    expect(created.start).toEqual({ dateTime: '2034-01-10T08:00:00.0000000', timeZone: 'UTC' });
  });

  it('when outlook.body-content-type="text" is sent, then the HTML body comes back as text', async () => {
    const created = await h.adele.api('/me/events').post({
      ...eventBody('Body', '2034-01-11T09:00:00', '2034-01-11T10:00:00'),
      body: { contentType: 'HTML', content: '<p>Hello <b>there</b> &amp; welcome</p>' },
    });
    expect(created.body.contentType).toBe('html');
    expect(created.body.content).toContain('<b>there</b>');
    expect(created.bodyPreview).toBe('Hello there & welcome');
    const text = await h.raw<Ev>(h.adele, 'GET', `/me/events/${created.id}`, undefined, {
      Prefer: 'outlook.body-content-type="text"',
    });
    expect(text.body.body).toEqual({ contentType: 'text', content: 'Hello there & welcome' });
    expect(text.headers.get('preference-applied')).toBe('outlook.body-content-type="text"');
  });
});

describe('ids', () => {
  it('when an event moves folders, then its per-folder id changes and stops resolving while the immutable id stays', async () => {
    const immutable = { Prefer: 'IdType="ImmutableId"' };
    const created = await h.raw<Ev>(
      h.adele,
      'POST',
      '/me/events',
      eventBody('Move', '2034-02-01T09:00:00', '2034-02-01T10:00:00'),
      immutable,
    );
    expect(created.headers.get('preference-applied')).toBe('IdType="ImmutableId"');
    const immutableId = created.body.id as string;
    const folderId = (await h.adele.api(`/me/events/${immutableId}`).get()).id as string;
    expect(folderId).not.toBe(immutableId);
    await h.control('POST', `/mailboxes/adele@contoso.example/events/${immutableId}/move`);
    expect((await h.raw(h.adele, 'GET', `/me/events/${folderId}`)).status).toBe(404);
    const again = await h.raw<Ev>(h.adele, 'GET', `/me/events/${immutableId}`, undefined, immutable);
    expect(again.body.id).toBe(immutableId);
    const newFolderId = (await h.adele.api(`/me/events/${immutableId}`).get()).id as string;
    expect(newFolderId).not.toBe(folderId);
    expect((await h.adele.api(`/me/events/${newFolderId}`).get()).subject).toBe('Move');
  });
});

describe('delta after a move', () => {
  it('when an item moves, then per-folder delta removes the old id and adds the new one; immutable delta shows one item', async () => {
    const path = '/me/calendarView/delta?startDateTime=2034-06-01T00:00:00Z&endDateTime=2034-07-01T00:00:00Z';
    const immutable = { Prefer: 'IdType="ImmutableId"' };
    const folderRound = await h.raw<Ev>(h.adele, 'GET', path);
    const immutableRound = await h.raw<Ev>(h.adele, 'GET', path, undefined, immutable);
    const created = await h.adele
      .api('/me/events')
      .post(eventBody('Mover', '2034-06-10T09:00:00', '2034-06-10T10:00:00'));
    const folderFirst = await h.raw<Ev>(h.adele, 'GET', folderRound.body['@odata.deltaLink']);
    const immutableFirst = await h.raw<Ev>(
      h.adele,
      'GET',
      immutableRound.body['@odata.deltaLink'],
      undefined,
      immutable,
    );
    const immutableId = immutableFirst.body.value[0].id as string;
    await h.control('POST', `/mailboxes/adele@contoso.example/events/${created.id}/move`);
    const folderNext = await h.raw<Ev>(h.adele, 'GET', folderFirst.body['@odata.deltaLink']);
    expect(folderNext.body.value.map((e: Ev) => [e.id === created.id, Boolean(e['@removed'])])).toEqual([
      [true, true],
      [false, false],
    ]);
    const immutableNext = await h.raw<Ev>(
      h.adele,
      'GET',
      immutableFirst.body['@odata.deltaLink'],
      undefined,
      immutable,
    );
    expect(immutableNext.body.value.map((e: Ev) => [e.id, Boolean(e['@removed'])])).toEqual([[immutableId, false]]);
  });
});

describe('all-day events', () => {
  it('when an all-day event spans midnights, then it is accepted and floats to midnight in the preferred zone', async () => {
    const created = await h.adele.api('/me/events').post({
      subject: 'Holiday',
      isAllDay: true,
      start: { dateTime: '2034-03-01T00:00:00', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2034-03-02T00:00:00', timeZone: 'Pacific Standard Time' },
    });
    expect(created.isAllDay).toBe(true);
    expect(created.start.dateTime).toBe('2034-03-01T00:00:00.0000000');
    expect(created.end.dateTime).toBe('2034-03-02T00:00:00.0000000');
    const tokyo = await h.raw<Ev>(h.adele, 'GET', `/me/events/${created.id}`, undefined, {
      Prefer: 'outlook.timezone="Tokyo Standard Time"',
    });
    expect(tokyo.body.start).toEqual({ dateTime: '2034-03-01T00:00:00.0000000', timeZone: 'Tokyo Standard Time' });
  });

  it('when an event ends before it starts, then 400 ErrorPropertyValidationFailure', async () => {
    const res = await h.raw(
      h.adele,
      'POST',
      '/me/events',
      eventBody('Backwards', '2034-03-02T10:00:00', '2034-03-02T09:00:00'),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'ErrorPropertyValidationFailure' } });
  });

  it('when an all-day event is not on midnights or has no length, then 400', async () => {
    for (const [start, end] of [
      ['2034-03-01T08:00:00', '2034-03-02T00:00:00'],
      ['2034-03-01T00:00:00', '2034-03-01T00:00:00'],
    ]) {
      const res = await h.raw(h.adele, 'POST', '/me/events', { ...eventBody('Bad', start!, end!), isAllDay: true });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'ErrorInvalidRequest' } });
    }
  });
});
