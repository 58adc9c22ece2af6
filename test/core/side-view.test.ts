/**
 * Per-side views and writes: capabilities, time zones a side does not keep, house categories, the subject tag,
 * and quiet attendees (no write ever carries attendees; the text block reads back as the attendees).
 */
import type { Capabilities, CanonicalEvent, SideState, SyncPolicy } from '../../server/core';
import {
  DEFAULT_POLICY,
  EVENT_FIELDS,
  FULL_CAPABILITIES,
  parseQuietBlock,
  projectWrite,
  readView,
  reconcile,
  sameFields,
} from '../../server/core';
import { base, event, present } from './builders';

const B = event();
const QUIET: SyncPolicy = { ...DEFAULT_POLICY, attendees: 'quiet' };
const FULL: SyncPolicy = { ...DEFAULT_POLICY, attendees: 'full' };
const NARROW_ERP: Capabilities = {
  outlook: FULL_CAPABILITIES.outlook,
  erp: { fields: EVENT_FIELDS.filter((f) => f !== 'sensitivity' && f !== 'showAs'), keepsTimeZone: false },
};

function asPresent(ev: CanonicalEvent, stamp: string): SideState {
  return present(ev, stamp);
}

describe('capabilities', () => {
  test('when Outlook changes a field the ERP cannot hold, then nothing is written and only the base moves', () => {
    const item = reconcile(
      { key: 'k', base: base(B), outlook: present(event({ sensitivity: 'private' }), 'o2'), erp: present(B, 'e1') },
      DEFAULT_POLICY,
      NARROW_ERP,
    );
    expect(item.action).toEqual({ kind: 'baseOnly' });
    expect(item.result?.sensitivity).toBe('private');
  });

  test('when the ERP reports a default for a field it cannot hold, then that is not a change', () => {
    const item = reconcile(
      {
        key: 'k',
        base: base(event({ sensitivity: 'private' })),
        outlook: present(event({ sensitivity: 'private' }), 'o1'),
        erp: present(B, 'e2'),
      },
      DEFAULT_POLICY,
      NARROW_ERP,
    );
    expect(item.changes.erp).toEqual({ kind: 'unchanged' });
    expect(item.action.kind).toBe('noop');
  });

  test('when a side keeps no time zone and reports UTC, then the zone is not a change and is never written back', () => {
    const utc = event({
      timing: {
        kind: 'timed',
        start: '2025-03-31T08:00:00.0000000Z',
        end: '2025-03-31T10:00:00+01:00',
        timeZone: 'UTC',
      },
    });
    const item = reconcile(
      { key: 'k', base: base(B), outlook: present(B, 'o1'), erp: present(utc, 'e2') },
      DEFAULT_POLICY,
      NARROW_ERP,
    );
    expect(item.changes.erp).toEqual({ kind: 'unchanged' });
  });

  test('when writing to a side, then fields it cannot hold are left out', () => {
    const w = projectWrite(
      'erp',
      event({ sensitivity: 'private' }),
      ['sensitivity', 'title'],
      present(B, 'e1'),
      FULL,
      NARROW_ERP.erp,
    );
    expect(w.fields).toEqual(['title']);
  });
});

describe('house categories and the subject tag', () => {
  test('when Outlook carries the marking category, the From-ERP category and the subject tag, then none of them is a change', () => {
    const marked = event({ title: '[sync] Quarterly review', categories: ['Customer', 'erp', 'From ERP'] });
    const item = reconcile(
      { key: 'k', base: base(B), outlook: present(marked, 'o2'), erp: present(B, 'e1') },
      DEFAULT_POLICY,
    );
    expect(item.changes.outlook).toEqual({ kind: 'unchanged' });
  });

  test('when a title is written to an Outlook event that had the tag, then the tag is kept in front', () => {
    const current = present(event({ title: 'Old [SYNC]', categories: ['ERP'] }), 'o1');
    const w = projectWrite(
      'outlook',
      event({ title: 'New title' }),
      ['title', 'categories'],
      current,
      DEFAULT_POLICY,
      FULL_CAPABILITIES.outlook,
    );
    expect(w.event.title).toBe('[sync] New title');
    expect(w.event.categories).toEqual(['Customer', 'ERP']);
    expect(readView('outlook', w.event, DEFAULT_POLICY, FULL_CAPABILITIES.outlook, null).title).toBe('New title');
  });

  test('when the ERP creates in Outlook, then the event carries the From-ERP category, which never syncs back', () => {
    const w = projectWrite('outlook', B, 'all', { kind: 'absent' }, DEFAULT_POLICY, FULL_CAPABILITIES.outlook);
    expect(w.event.categories).toEqual(['Customer', 'From ERP']);
    expect(readView('outlook', w.event, DEFAULT_POLICY, FULL_CAPABILITIES.outlook, null).categories).toEqual([
      'Customer',
    ]);
  });
});

describe('quiet attendees', () => {
  test('when Outlook adds an attendee in quiet mode, then the ERP gets a body block and no attendee write', () => {
    const added = event({
      attendees: [...B.attendees, { email: 'Bob@Example.com', name: 'Bob', role: 'optional', response: 'none' }],
    });
    const item = reconcile({ key: 'k', base: base(B), outlook: present(added, 'o2'), erp: present(B, 'e1') }, QUIET);
    expect(item.action).toEqual({ kind: 'updateErp', fields: ['attendees'] });
    const w = projectWrite('erp', item.result ?? B, ['attendees'], item.erp, QUIET, FULL_CAPABILITIES.erp);
    expect(w.fields).toEqual(['bodyHtml']);
    expect(w.event.attendees).toEqual(B.attendees);
    expect(parseQuietBlock(w.event.bodyHtml)?.map((a) => a.email)).toEqual(['ann@example.com', 'bob@example.com']);
    const again = reconcile(
      {
        key: 'k',
        base: { ...base(item.result ?? B), erp: { id: 'e', stamp: 'e3' } },
        outlook: present(added, 'o1'),
        erp: asPresent(w.event, 'e4'),
      },
      QUIET,
    );
    expect(again.action.kind).toBe('noop');
  });

  test('when the ERP creates in Outlook in quiet mode, then the new event has no attendees, only the block', () => {
    const w = projectWrite('outlook', B, 'all', { kind: 'absent' }, QUIET, FULL_CAPABILITIES.outlook);
    expect(w.event.attendees).toEqual([]);
    expect(w.fields).not.toContain('attendees');
    const view = readView('outlook', w.event, QUIET, FULL_CAPABILITIES.outlook, null);
    expect(sameFields(view, B, ['attendees', 'bodyHtml'])).toBe(true);
  });

  test('when the body is written to the side that holds the real attendees, then no block is added there', () => {
    const w = projectWrite(
      'outlook',
      event({ bodyHtml: '<p>new</p>' }),
      ['bodyHtml'],
      present(B, 'o1'),
      QUIET,
      FULL_CAPABILITIES.outlook,
    );
    expect(w.event.bodyHtml).toBe('<p>new</p>');
  });

  test('when attendees are full, then they are written as attendees', () => {
    const w = projectWrite(
      'erp',
      B,
      ['attendees'],
      present(event({ attendees: [] }), 'e1'),
      FULL,
      FULL_CAPABILITIES.erp,
    );
    expect(w.fields).toEqual(['attendees']);
    expect(w.event.attendees).toEqual(B.attendees);
  });
});
