/**
 * The ERP feed's cursor (`erp_feed`) read back from the database: a value of another shape is reported with the
 * field at fault and the feed starts over for that mailbox, instead of acting as a half-known ERP user.
 */
import { parseFeedState } from '../../server/engine/erp-feed';
import type { Cursor } from '../../server/store';

const cursorOf = (value: string): Cursor => ({
  mailboxId: 'm1',
  kind: 'erp_feed',
  value,
  windowStart: null,
  windowEnd: null,
  updatedAt: '2026-12-04T00:00:00.000Z',
});
const user = { id: '7', login: 'adele', email: 'adele@contoso.example', name: 'Adele Vance' };

describe('the ERP feed cursor', () => {
  it('when it holds what the feed wrote, then it reads back as written', () => {
    const warn = jest.fn();
    const state = { user: { ...user, timeZone: 'Europe/Paris' }, digest: 'abc', settle: true };
    expect(parseFeedState(cursorOf(JSON.stringify(state)), { warn })).toEqual(state);
    expect(warn).not.toHaveBeenCalled();
  });

  it('when its user lacks a field, then it is reported by name and the feed starts over', () => {
    const warn = jest.fn();
    const value = JSON.stringify({ user: { id: '7', email: user.email, name: user.name }, digest: 'abc' });
    expect(parseFeedState(cursorOf(value), { warn })).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      { mailboxId: 'm1' },
      expect.stringMatching(/ERP feed cursor is malformed \(user\.login: .*\); the feed starts over/),
    );
  });

  it('when it is not JSON, then it is reported and the feed starts over', () => {
    const warn = jest.fn();
    expect(parseFeedState(cursorOf('{not json'), { warn })).toBeUndefined();
    expect(warn).toHaveBeenCalledWith({ mailboxId: 'm1' }, expect.stringMatching(/malformed \(not JSON\)/));
  });
});
