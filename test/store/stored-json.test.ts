import { fromJsonText, toJsonText } from '../../server/store/columns';
import { storedEvent, storedIntent, storedResolution } from '../../server/store/stored-json';
import { event } from '../core/builders';

describe('JSON columns are parsed with their schema, never cast', () => {
  it('reads back every event the store writes', () => {
    const series = event({
      recurrence: {
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
        timeZone: 'Europe/Madrid',
        exDates: ['2026-12-14T09:00:00.000Z'],
        modified: [{ originalStart: '2026-12-21T09:00:00.000Z', event: event({ title: 'moved' }) }],
      },
      erpLink: { model: 'res.partner', id: '7', name: 'Azure Interior' },
      organizer: { email: 'adele@contoso.com' },
    });
    for (const value of [event(), series]) {
      expect(fromJsonText(toJsonText(value), storedEvent, 'mapping base')).toEqual(value);
    }
  });

  it('fails with the column and the path when a stored event lacks a field', () => {
    const { title: _title, ...withoutTitle } = event();
    expect(() => fromJsonText(JSON.stringify(withoutTitle), storedEvent, 'mapping base')).toThrow(
      /stored mapping base does not have the expected shape at title/,
    );
  });

  it('refuses an intent that names a field no event has, and a resolution choice that is no side', () => {
    const intent = { runId: 'r', at: 'now', result: null, writes: { erp: { op: 'update', fields: ['colour'] } } };
    expect(() =>
      fromJsonText(JSON.stringify({ ...intent, stamps: { outlook: null, erp: null } }), storedIntent, 'write intent'),
    ).toThrow(/write intent .* at writes\.erp\.fields\.0/);
    const resolution = { choices: { title: 'both' }, conflict: {}, chosenAt: 'now' };
    expect(() => fromJsonText(JSON.stringify(resolution), storedResolution, 'conflict resolution')).toThrow(
      /conflict resolution .* at choices\.title/,
    );
  });

  it('reads NULL as null whatever the schema', () => {
    expect(fromJsonText(null, storedEvent, 'mapping base')).toBeNull();
    expect(fromJsonText(null, storedIntent, 'write intent')).toBeNull();
    expect(fromJsonText(null, storedResolution, 'conflict resolution')).toBeNull();
  });
});
