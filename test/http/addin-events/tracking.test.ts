/**
 * The event status and tracking routes against the Microsoft 365 emulator: an unknown event is not tracked,
 * tracking writes our extended properties on the real event and records a pending mapping, REST ids resolve to
 * the immutable id, turning sync off keeps the row, and a mailbox that needs reconnecting gets that problem.
 */
import type { EventStatus, ProblemBody, SyncAccepted } from '../../../contract/addin-api';
import {
  call,
  createEvent,
  eventPath,
  linkTo,
  MANIFEST_ID,
  propertyNamed,
  readEvent,
  send,
  PEOPLE,
  startWorld,
  type World,
} from './helpers';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world.stop();
});

describe('GET /api/events/:outlookId', () => {
  it('when the event is in the calendar but unknown to the backend, then it is not tracked (not 404)', async () => {
    const event = await createEvent(world, 'adele', 'Unknown to us');
    const answer = await call<EventStatus>(world.api, 'GET', eventPath(event.id), await world.token('adele'));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      outlookId: event.id,
      state: 'not_tracked',
      marked: false,
      lastSyncedAt: null,
      erpRecord: null,
      link: null,
      lastError: null,
      conflicts: [],
      origin: null,
      reviewInErp: null,
      run: null,
      syncRequestedAt: null,
      conditions: [],
    });
  });

  it('when the event is not in the calendar (deleted in Outlook), then the state says gone and sync now says why', async () => {
    const token = await world.token('adele');
    const other = await createEvent(world, 'adele', 'Gone before any sync');
    await world.m365.control.call('DELETE', `/mailboxes/${PEOPLE.adele}/events/${encodeURIComponent(other.id)}`);
    const status = await call<EventStatus>(world.api, 'GET', eventPath(other.id), token);
    expect(status.body.state).toBe('gone');
    const sync = await call<ProblemBody>(world.api, 'POST', eventPath(other.id, '/sync'), token);
    expect(sync.status).toBe(404);
    expect(sync.body.detail).toBe('This event is no longer in your Outlook calendar, so there is nothing to sync.');
  });

  it('when the id is malformed, then the answer is a not-found problem', async () => {
    for (const bad of ['short', 'has spaces in it and is long enough', 'x'.repeat(600)]) {
      const answer = await call(world.api, 'GET', eventPath(bad), await world.token('adele'));
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(answer.body.type).toBe('https://outlook-erp-sync.dev/problems/not-found');
    }
  });

  it('when there is no bearer token, then the answer is 401 and nothing is read', async () => {
    const answer = await call(world.api, 'GET', eventPath('AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0Aabc='), null);
    expect(answer.status).toBe(401);
  });

  it('when the engine recorded an error, a synced ERP record and a link, then the status shows them in words', async () => {
    const mailbox = await world.mailbox('adele');
    const event = await createEvent(world, 'adele', 'Synced once');
    await world.store.mappings.insert({
      mailboxId: mailbox.id,
      origin: 'outlook',
      status: 'error',
      outlookId: event.id,
      erpModel: 'odoo',
      erpId: '42',
      marked: true,
      linkModel: 'res.partner',
      linkId: '7',
      linkName: 'Fabrikam, Inc.',
      lastErrorCode: 'erp_validation',
      lastErrorMessage: 'The ERP refused the event: the end is before the start',
      lastSyncedAt: '2026-03-01T08:00:00.000Z',
    });
    const { body } = await call<EventStatus>(world.api, 'GET', eventPath(event.id), await world.token('adele'));
    expect(body).toMatchObject({
      state: 'error',
      marked: true,
      lastSyncedAt: '2026-03-01T08:00:00.000Z',
      erpRecord: { model: 'calendar.event', id: '42', name: 'Odoo event 42' },
      link: { model: 'res.partner', id: '7', name: 'Fabrikam, Inc.' },
      lastError: {
        code: 'erp_validation',
        message: 'The ERP refused the event: the end is before the start',
        retryable: false,
      },
    });
    expect(body.erpRecord?.url).toMatch(/\/calendar\.event\/42$|id=42&model=calendar\.event/);
    expect(body.link?.url).toContain('res.partner');
  });
});

describe('PUT /api/events/:outlookId/tracking', () => {
  it('when tracking is turned on with a link, then the Outlook event carries our marks and a pending row exists', async () => {
    const event = await createEvent(world, 'adele', 'Customer visit');
    const before = world.syncRequests.length;
    const link = await linkTo(world, 'Fabrikam, Inc.');
    const answer = await send<EventStatus>(world, 'PUT', eventPath(event.id, '/tracking'), await world.token('adele'), {
      track: true,
      link,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outlookId: event.id, state: 'pending', marked: true, link });

    const stored = await readEvent(world, 'adele', event.id);
    expect(propertyNamed(stored, 'erpSync')).toBe('1');
    expect(JSON.parse(propertyNamed(stored, 'erpLink') ?? 'null')).toEqual(link);
    const mailbox = await world.mailbox('adele');
    expect(await world.store.mappings.getByOutlookId(mailbox.id, event.id)).toMatchObject({
      status: 'pending',
      marked: true,
      origin: 'outlook',
      linkModel: 'res.partner',
      linkId: link.id,
    });
    expect(world.syncRequests.slice(before)).toEqual([{ mailboxId: mailbox.id, reason: 'addin: tracking on' }]);
  });

  it('when the pane sends the REST (per-folder) id, then the row is keyed by the immutable id and status finds it', async () => {
    const event = await createEvent(world, 'adele', 'Sent with a REST id');
    expect(event.folderId).not.toBe(event.id);
    const token = await world.token('adele');
    const answer = await send<EventStatus>(world, 'PUT', eventPath(event.folderId, '/tracking'), token, {
      track: true,
    });
    expect(answer.body).toMatchObject({ outlookId: event.folderId, state: 'pending', marked: true });
    const mailbox = await world.mailbox('adele');
    expect(await world.store.mappings.getByOutlookId(mailbox.id, event.id)).toMatchObject({ marked: true });
    expect(await world.store.mappings.getByOutlookId(mailbox.id, event.folderId)).toBeUndefined();
    const status = await call<EventStatus>(world.api, 'GET', eventPath(event.folderId), token);
    expect(status.body).toMatchObject({ outlookId: event.folderId, state: 'pending', marked: true });
  });

  it('when tracking is turned off, then the event says erpSync 0 and the row stays, not tracked, with its link', async () => {
    const event = await createEvent(world, 'adele', 'Changed my mind');
    const token = await world.token('adele');
    const link = await linkTo(world, 'standing desks');
    expect(link.model).toBe('crm.lead');
    await send(world, 'PUT', eventPath(event.id, '/tracking'), token, { track: true, link });
    const off = await send<EventStatus>(world, 'PUT', eventPath(event.id, '/tracking'), token, { track: false });
    expect(off.body).toMatchObject({ state: 'not_tracked', marked: false, link: { model: 'crm.lead', id: link.id } });
    const stored = await readEvent(world, 'adele', event.id);
    expect(propertyNamed(stored, 'erpSync')).toBe('0');
    expect(JSON.parse(propertyNamed(stored, 'erpLink') ?? 'null')).toEqual(link);
    const row = await world.store.mappings.getByOutlookId((await world.mailbox('adele')).id, event.id);
    expect(row).toMatchObject({ status: 'not_tracked', marked: false });

    const unlinked = await send<EventStatus>(world, 'PUT', eventPath(event.id, '/tracking'), token, {
      track: true,
      link: null,
    });
    expect(unlinked.body).toMatchObject({ state: 'pending', marked: true, link: null });
    expect(propertyNamed(await readEvent(world, 'adele', event.id), 'erpLink')).toBe('');
  });

  it('when the add-in saved its custom property, then its erpSync mark is kept in step with ours', async () => {
    const event = await createEvent(world, 'adele', 'Marked in compose');
    const custom = { erpSync: JSON.stringify({ track: true, link: null }), other: 'kept' };
    await world.m365.control.call(
      'PUT',
      `/mailboxes/adele@contoso.example/events/${event.id}/custom-properties/${MANIFEST_ID}`,
      {
        properties: custom,
      },
    );
    await send(world, 'PUT', eventPath(event.id, '/tracking'), await world.token('adele'), { track: false });
    const stored = JSON.parse(propertyNamed(await readEvent(world, 'adele', event.id), `cecp-${MANIFEST_ID}`) ?? '{}');
    expect(stored.other).toBe('kept');
    expect(JSON.parse(stored.erpSync)).toEqual({ track: false, link: null });
  });

  it('when the body is invalid, then the answer is a validation problem naming the field', async () => {
    const event = await createEvent(world, 'adele', 'Bad body');
    const token = await world.token('adele');
    for (const body of [{}, { track: 'yes' }, { track: true, link: { model: 'res partner; drop', id: '1' } }]) {
      const answer = await send(world, 'PUT', eventPath(event.id, '/tracking'), token, body);
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ type: 'https://outlook-erp-sync.dev/problems/validation' });
      expect((answer.body.errors as unknown[]).length).toBeGreaterThan(0);
    }
    expect(propertyNamed(await readEvent(world, 'adele', event.id), 'erpSync')).toBeUndefined();
  });
});

describe('POST /api/events/:outlookId/sync', () => {
  it('when the event is tracked, then a sync is queued and the answer is 202 with the job id', async () => {
    const event = await createEvent(world, 'adele', 'Sync me now');
    const token = await world.token('adele');
    await send(world, 'PUT', eventPath(event.id, '/tracking'), token, { track: true });
    const answer = await call<SyncAccepted>(world.api, 'POST', eventPath(event.id, '/sync'), token);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({
      state: 'pending',
      jobId: `job-${world.syncRequests.length}`,
      requestedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(world.syncRequests.at(-1)?.reason).toBe('addin: sync now');
  });

  it('when the event is not tracked, then the answer is a 409 problem and nothing is queued', async () => {
    const event = await createEvent(world, 'adele', 'Never tracked');
    const before = world.syncRequests.length;
    const answer = await call(world.api, 'POST', eventPath(event.id, '/sync'), await world.token('adele'));
    expect(answer.status).toBe(409);
    expect(world.syncRequests.length).toBe(before);
  });
});

describe('a mailbox that needs reconnecting', () => {
  afterEach(async () => {
    await world.store.mailboxes.setStatus((await world.mailbox('megan')).id, 'connected');
  });

  it('when Megan tracks, syncs or opens an unknown event, then she gets the needs-reconnect problem and nothing is written', async () => {
    const event = await createEvent(world, 'megan', 'Needs reconnect');
    await world.store.mailboxes.setStatus((await world.mailbox('megan')).id, 'needs_reconnect', 'revoked');
    const token = await world.token('megan');
    const answers = [
      await send(world, 'PUT', eventPath(event.id, '/tracking'), token, { track: true }),
      await call(world.api, 'POST', eventPath(event.id, '/sync'), token),
      await call(world.api, 'GET', eventPath(event.id), token),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(409);
      expect(answer.body.type).toBe('https://outlook-erp-sync.dev/problems/needs-reconnect');
    }
    expect(propertyNamed(await readEvent(world, 'megan', event.id), 'erpSync')).toBeUndefined();
  });
});

describe('POST /api/me/first-run-done', () => {
  it('when the person dismisses the first-run explanation, then /api/me no longer asks for it', async () => {
    const token = await world.token('megan');
    expect((await call(world.api, 'GET', '/api/me', token)).body.firstRun).toBe(true);
    const done = await call(world.api, 'POST', '/api/me/first-run-done', token);
    expect(done.status).toBe(204);
    expect((await call(world.api, 'GET', '/api/me', token)).body.firstRun).toBe(false);
    expect((await call(world.api, 'GET', '/api/me', await world.token('adele'))).body.firstRun).toBe(true);
    const first = (await world.mailbox('megan')).firstRunDoneAt;
    await call(world.api, 'POST', '/api/me/first-run-done', token);
    expect((await world.mailbox('megan')).firstRunDoneAt).toBe(first);
  });
});

describe('on-behalf-of refusals', () => {
  afterEach(async () => {
    await world.m365.control.setMfaRequired('adele@contoso.example', false);
  });

  it('when Microsoft asks for multifactor, then tracking answers the claims challenge and writes nothing', async () => {
    const event = await createEvent(world, 'adele', 'Needs MFA');
    await world.m365.control.setMfaRequired('adele@contoso.example', true);
    const answer = await send(world, 'PUT', eventPath(event.id, '/tracking'), await world.token('adele'), {
      track: true,
    });
    expect(answer.status).toBe(401);
    expect(answer.body.type).toBe('https://outlook-erp-sync.dev/problems/claims-challenge');
    expect(answer.headers.get('www-authenticate')).toContain('error="insufficient_claims"');
    expect(propertyNamed(await readEvent(world, 'adele', event.id), 'erpSync')).toBeUndefined();
  });
});

describe('links only to records the ERP confirms (issue 18, defect 7)', () => {
  it.each([
    ['a made-up model and id', { model: 'prototype', id: 'prototype' }],
    ['a customer that does not exist', { model: 'res.partner', id: '99999' }],
    ['a model the picker does not offer', { model: 'res.users', id: '1' }],
    ['an id that is not a record id', { model: 'res.partner', id: '1 OR 1=1' }],
  ])('when the pane links to %s, then 422 on link and nothing is stored or written', async (_what, link) => {
    const event = await createEvent(world, 'adele', `Bad link ${link.model} ${link.id}`);
    const before = world.syncRequests.length;
    const answer = await send(world, 'PUT', eventPath(event.id, '/tracking'), await world.token('adele'), {
      track: true,
      link,
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ errors: [expect.objectContaining({ field: 'link' })] });
    const mailbox = await world.mailbox('adele');
    expect(await world.store.mappings.getByOutlookId(mailbox.id, event.id)).toBeUndefined();
    const stored = await readEvent(world, 'adele', event.id);
    expect(propertyNamed(stored, 'erpSync')).toBeUndefined();
    expect(propertyNamed(stored, 'erpLink')).toBeUndefined();
    expect(world.syncRequests.length).toBe(before);
  });

  it("when the pane sends its own name for a real record, then the ERP's name is stored", async () => {
    const event = await createEvent(world, 'adele', 'Named by the ERP');
    const real = await linkTo(world, 'Fabrikam, Inc.');
    const answer = await send<EventStatus>(world, 'PUT', eventPath(event.id, '/tracking'), await world.token('adele'), {
      track: true,
      link: { ...real, name: '<img src=x onerror=alert(1)>' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.link).toMatchObject({ id: real.id, name: 'Fabrikam, Inc.' });
    const row = await world.store.mappings.getByOutlookId((await world.mailbox('adele')).id, event.id);
    expect(row?.linkName).toBe('Fabrikam, Inc.');
  });

  it('when a person without an ERP user links, then 403 and nothing is stored', async () => {
    const event = await createEvent(world, 'megan', 'No ERP user');
    const answer = await send(world, 'PUT', eventPath(event.id, '/tracking'), await world.token('megan'), {
      track: true,
      link: await linkTo(world, 'Fabrikam, Inc.'),
    });
    expect(answer.status).toBe(403);
    expect(await world.store.mappings.getByOutlookId((await world.mailbox('megan')).id, event.id)).toBeUndefined();
  });
});
