import { DEFAULT_POLICY } from '../../server/core';
import { policyOf } from '../../server/engine';
import { readPolicy } from '../../server/engine/policy-of';

describe('the stored tenant policy', () => {
  test('when it is empty or partial, then unset parts take the defaults and nested parts merge', () => {
    expect(policyOf({})).toEqual(DEFAULT_POLICY);
    const policy = policyOf({ direction: 'erpToOutlook', massDelete: { minCount: 20 }, marking: { category: 'CRM' } });
    expect(policy.direction).toBe('erpToOutlook');
    expect(policy.massDelete).toEqual({ maxShare: DEFAULT_POLICY.massDelete.maxShare, minCount: 20 });
    expect(policy.marking).toEqual({ ...DEFAULT_POLICY.marking, category: 'CRM' });
  });

  test('when a part is invalid or unknown, then that part is ignored and named, the valid parts are kept', () => {
    const { policy, ignored } = readPolicy({
      direction: 'sideways',
      window: { kind: 'days', back: -3, ahead: 10 },
      conflicts: 'erp',
      massDelete: { maxShare: 7 },
      colour: 'blue',
    });
    expect(policy.conflicts).toBe('erp');
    expect(policy.direction).toBe(DEFAULT_POLICY.direction);
    expect(policy.window).toEqual(DEFAULT_POLICY.window);
    expect(policy.massDelete).toEqual(DEFAULT_POLICY.massDelete);
    expect(ignored.map((line) => line.split(':')[0])).toEqual(['direction', 'window', 'massDelete', 'colour']);
  });

  test('when the stored value is not an object at all, then the defaults apply', () => {
    expect(policyOf(null)).toEqual(DEFAULT_POLICY);
    expect(readPolicy('nonsense').ignored).toHaveLength(0);
  });
});
