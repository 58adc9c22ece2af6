/**
 * Conflict choices and history over HTTP: the stored conflict shown with labels and values in the event's zone,
 * choices checked against it (unknown or missing fields are validation problems), the resolution stored for the
 * engine, and the audit log of the event told as plain-words sentences, newest first.
 */
import type { EventStatus, HistoryResponse } from '../../../contract/addin-api';
import type { Conflict } from '../../../server/core';
import type { Mapping } from '../../../server/store';
import { call, createEvent, eventPath, send, startWorld, type World, linkTo } from './helpers';

let world: World;
let nextErpId = 100;

const PARIS = 'Europe/Paris';
const CONFLICT_OUTLOOK_TIMING = { start: '2026-03-05T09:00:00Z', end: '2026-03-05T10:00:00Z', timeZone: PARIS };
const CONFLICT_ERP_TIMING = { start: '2026-03-05T13:00:00Z', end: '2026-03-05T14:30:00Z', timeZone: PARIS };
const CONFLICT: Conflict = {
  kind: 'fields',
  fields: ['title', 'timing'],
  outlook: {
    title: 'Visit Fabrikam',
    timing: { kind: 'timed', ...CONFLICT_OUTLOOK_TIMING },
  },
  erp: {
    title: 'Fabrikam visit',
    timing: { kind: 'timed', ...CONFLICT_ERP_TIMING },
  },
  suggested: null,
};

async function conflictedEvent(subject: string, conflict: Conflict = CONFLICT): Promise<{ id: string; row: Mapping }> {
  const event = await createEvent(world, 'adele', subject);
  const row = await world.store.mappings.insert({
    mailboxId: (await world.mailbox('adele')).id,
    origin: 'outlook',
    status: 'conflict',
    outlookId: event.id,
    erpModel: 'odoo',
    erpId: String(nextErpId++),
    marked: true,
    conflict,
  });
  return { id: event.id, row };
}

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world.stop();
});

describe('conflicts', () => {
  it('when an event is in conflict, then its status lists each field with a label and values in its zone', async () => {
    const { id } = await conflictedEvent('Shown conflict');
    const { body } = await call<EventStatus>(world.api, 'GET', eventPath(id), await world.token('adele'));
    expect(body.state).toBe('conflict');
    // Data, not words: the pane names the fields and formats the times in the person's language and zone.
    expect(body.conflicts).toEqual([
      {
        field: 'title',
        outlookValue: { kind: 'text', text: 'Visit Fabrikam' },
        erpValue: { kind: 'text', text: 'Fabrikam visit' },
      },
      {
        field: 'timing',
        outlookValue: { kind: 'timed', ...CONFLICT_OUTLOOK_TIMING },
        erpValue: { kind: 'timed', ...CONFLICT_ERP_TIMING },
      },
    ]);
  });

  it('when the ERP changed an occurrence Outlook cancelled, then the recurrence choice says before it is made that the occurrence stays cancelled', async () => {
    const recurrence = { rrule: 'FREQ=DAILY;COUNT=5', timeZone: PARIS, exDates: [], modified: [] };
    const { id } = await conflictedEvent('Cancelled occurrence', {
      kind: 'fields',
      fields: ['recurrence'],
      outlook: { recurrence: { ...recurrence, exDates: ['2026-03-07T09:00:00Z'] } },
      erp: { recurrence },
      suggested: null,
    });
    const { body } = await call<EventStatus>(world.api, 'GET', eventPath(id), await world.token('adele'));
    expect(body.conflicts).toEqual([
      {
        field: 'recurrence',
        outlookValue: { kind: 'recurrence', rrule: 'FREQ=DAILY;COUNT=5' },
        erpValue: { kind: 'recurrence', rrule: 'FREQ=DAILY;COUNT=5' },
        note: { kind: 'cancelledInOutlook', starts: ['2026-03-07T09:00:00Z'], timeZone: PARIS, unlessErpTimes: false },
      },
    ]);
  });

  it('when one side deleted the event and the other changed it, then the choice is the whole event', async () => {
    const { id } = await conflictedEvent('Deleted vs changed', {
      kind: 'deleteVsChange',
      deletedOn: 'erp',
      changedFields: ['location'],
      suggested: null,
    });
    const { body } = await call<EventStatus>(world.api, 'GET', eventPath(id), await world.token('adele'));
    expect(body.conflicts).toEqual([
      { field: 'event', outlookValue: { kind: 'changed', fields: ['location'] }, erpValue: { kind: 'deleted' } },
    ]);
  });

  it('when the choices name an unknown field or miss one, then the answer is a validation problem and nothing is stored', async () => {
    const { id, row } = await conflictedEvent('Bad choices');
    const token = await world.token('adele');
    const unknown = await send(world, 'POST', eventPath(id, '/conflicts'), token, {
      choices: { title: 'outlook', timing: 'erp', location: 'erp' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      type: 'https://outlook-erp-sync.dev/problems/validation',
      errors: [{ field: 'choices.location', message: '"location" is not in conflict.' }],
    });
    const missing = await send(world, 'POST', eventPath(id, '/conflicts'), token, { choices: { title: 'erp' } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      { field: 'choices.timing', message: 'Choose which value of timing to keep.' },
    ]);
    const badSide = await send(world, 'POST', eventPath(id, '/conflicts'), token, {
      choices: { title: 'mine', timing: 'erp' },
    });
    expect(badSide.status).toBe(422);
    expect(await world.store.mappings.getById(row.mailboxId, row.id)).toMatchObject({
      status: 'conflict',
      resolution: null,
    });
  });

  it('when every field has a choice, then the resolution is stored for the engine, the row is pending and a sync is queued', async () => {
    const { id, row } = await conflictedEvent('Good choices');
    const before = world.syncRequests.length;
    const choices = { title: 'erp', timing: 'outlook' };
    const answer = await send<EventStatus>(world, 'POST', eventPath(id, '/conflicts'), await world.token('adele'), {
      choices,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'pending', conflicts: [] });
    const stored = await world.store.mappings.getById(row.mailboxId, row.id);
    expect(stored?.resolution).toEqual({ choices, conflict: CONFLICT, chosenAt: expect.any(String) });
    expect(stored?.conflict).toEqual(CONFLICT);
    expect(world.syncRequests.slice(before)).toEqual([
      { mailboxId: row.mailboxId, reason: 'addin: conflict resolved' },
    ]);

    const again = await send(world, 'POST', eventPath(id, '/conflicts'), await world.token('adele'), { choices });
    expect(again.status).toBe(409);
  });
});

describe('history', () => {
  it('when the engine wrote, failed and found a conflict, then the history tells it in sentences, newest first', async () => {
    const { id, row } = await conflictedEvent('With a past');
    const base = { mailboxId: row.mailboxId, mappingId: row.id, before: null, after: null, rule: 'outlook changed' };
    await world.store.audit.append([
      { ...base, at: '2026-03-01T08:00:00.000Z', side: 'erp', action: 'create', fields: ['title', 'timing'] },
      { ...base, at: '2026-03-02T08:00:00.000Z', side: 'erp', action: 'update', fields: ['timing'] },
      { ...base, at: '2026-03-03T08:00:00.000Z', side: 'outlook', action: 'update', fields: ['title', 'location'] },
      {
        ...base,
        at: '2026-03-04T08:00:00.000Z',
        side: 'erp',
        action: 'error',
        fields: [],
        after: { code: 'erp_unavailable', message: 'The ERP did not answer in time; it will be retried.' },
      },
      { ...base, at: '2026-03-05T08:00:00.000Z', side: 'base', action: 'conflict', fields: [] },
    ]);
    const token = await world.token('adele');
    await send(world, 'POST', eventPath(id, '/conflicts'), token, { choices: { title: 'outlook', timing: 'erp' } });

    const { body } = await call<HistoryResponse>(world.api, 'GET', eventPath(id, '/history'), token);
    // Structured lines: the pane words them in the person's language (where from, which fields, who kept what).
    expect(body.entries.map(({ at: _at, ...line }) => line)).toEqual([
      {
        action: 'resolved',
        from: null,
        fields: [],
        ok: true,
        detail: null,
        kept: { outlook: ['title'], erp: ['timing'] },
      },
      { action: 'conflict', from: null, fields: [], ok: true, detail: null, kept: null },
      { action: 'failed', from: null, fields: [], ok: false, detail: 'erp_unavailable', kept: null },
      { action: 'updated', from: 'erp', fields: ['title', 'location'], ok: true, detail: null, kept: null },
      { action: 'updated', from: 'outlook', fields: ['timing'], ok: true, detail: null, kept: null },
      { action: 'created', from: 'outlook', fields: ['title', 'timing'], ok: true, detail: null, kept: null },
    ]);
    expect(body.entries[5]?.at).toBe('2026-03-01T08:00:00.000Z');
  });

  it('when tracking and the link change in the pane, then the history says so', async () => {
    const event = await createEvent(world, 'adele', 'Tracked in the pane');
    const token = await world.token('adele');
    const link = await linkTo(world, 'Fabrikam, Inc.');
    await send(world, 'PUT', eventPath(event.id, '/tracking'), token, { track: true, link });
    await send(world, 'PUT', eventPath(event.id, '/tracking'), token, { track: false, link: null });
    const { body } = await call<HistoryResponse>(world.api, 'GET', eventPath(event.id, '/history'), token);
    expect(body.entries.map((e) => [e.action, e.detail])).toEqual([
      ['link_removed', null],
      ['untracked', null],
      ['linked', 'Fabrikam, Inc.'],
      ['tracked', null],
    ]);
  });

  it('when the event is unknown, then the history is empty', async () => {
    const event = await createEvent(world, 'adele', 'No past');
    const answer = await call<HistoryResponse>(
      world.api,
      'GET',
      eventPath(event.id, '/history'),
      await world.token('adele'),
    );
    expect(answer.body).toEqual({ entries: [] });
  });
});
