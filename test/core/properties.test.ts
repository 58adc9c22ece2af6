/**
 * Properties over generated events: determinism, symmetry of the one-side-changed case, idempotence (apply the
 * plan, reconcile again: only no-ops), lossless merge of disjoint changes, normal forms and the quiet block.
 */
import fc from 'fast-check';
import type {
  Action,
  BaseRecord,
  CanonicalEvent,
  Capabilities,
  PlanItem,
  SideState,
  SyncItem,
  SyncPolicy,
  SyncSide,
} from '../../server/core';
import {
  DEFAULT_POLICY,
  EVENT_FIELDS,
  FULL_CAPABILITIES,
  applyPolicy,
  isOccurrenceField,
  diffFields,
  fingerprint,
  normalizeAttendees,
  normalizeEvent,
  normalizeHtml,
  normalizeRrule,
  parseQuietBlock,
  planSync,
  projectWrite,
  reconcile,
  stripQuietBlock,
  withQuietBlock,
} from '../../server/core';
import { attendeesArb, bodyHtmlArb, eventArb, fieldsArb, withFieldsFrom } from './arbitraries';
import { cancelledOnlyInOutlook } from '../../server/core/merge-recurrence';

const RUNS = { numRuns: 150 };

type SideKind = 'unchanged' | 'changed' | 'deleted';
const sideKindArb = fc.constantFrom<SideKind>('unchanged', 'changed', 'changed', 'deleted');

const NARROW: Capabilities = {
  outlook: FULL_CAPABILITIES.outlook,
  erp: {
    fields: EVENT_FIELDS.filter((f) => !['sensitivity', 'showAs', 'reminderMinutes'].includes(f)),
    keepsTimeZone: false,
  },
};

const policyArb: fc.Arbitrary<SyncPolicy> = fc
  .record({
    conflicts: fc.constantFrom('outlook' as const, 'erp' as const),
    attendees: fc.constantFrom('quiet' as const, 'full' as const),
    direction: fc.constantFrom('twoWay' as const, 'outlookToErp' as const, 'erpToOutlook' as const),
    deletes: fc.constantFrom('propagate' as const, 'unlink' as const, 'archive' as const),
  })
  .map((p) => ({ ...DEFAULT_POLICY, ...p }));

/** A scenario: a base and what each side did to it since. */
const scenarioArb = fc
  .record({
    base: eventArb,
    o: sideKindArb,
    e: sideKindArb,
    oFrom: eventArb,
    eFrom: eventArb,
    oFields: fieldsArb,
    eFields: fieldsArb,
  })
  .map(({ base, o, e, oFrom, eFrom, oFields, eFields }) => {
    const state = (kind: SideKind, side: 'o' | 'e', from: CanonicalEvent, fields: EventField[]): SideState =>
      kind === 'deleted'
        ? { kind: 'deleted', id: `${side}-1` }
        : kind === 'unchanged'
          ? { kind: 'present', id: `${side}-1`, stamp: `${side}1`, event: base }
          : { kind: 'present', id: `${side}-1`, stamp: `${side}2`, event: withFieldsFrom(base, from, fields) };
    const record: BaseRecord = { snapshot: base, outlook: { id: 'o-1', stamp: 'o1' }, erp: { id: 'e-1', stamp: 'e1' } };
    return {
      key: 'k',
      base: record,
      outlook: state(o, 'o', oFrom, oFields),
      erp: state(e, 'e', eFrom, eFields),
    } satisfies SyncItem;
  });
type EventField = (typeof EVENT_FIELDS)[number];

/** A new, never-paired event on one or both sides (the engine matched them). */
const unpairedArb = fc
  .record({ o: fc.option(eventArb, { nil: null }), e: fc.option(eventArb, { nil: null }) })
  .filter(({ o, e }) => o !== null || e !== null)
  .map(({ o, e }) => ({
    key: 'k',
    base: null,
    outlook:
      o === null ? ({ kind: 'absent' } as const) : { kind: 'present' as const, id: 'o-1', stamp: 'o1', event: o },
    erp: e === null ? ({ kind: 'absent' } as const) : { kind: 'present' as const, id: 'e-1', stamp: 'e1', event: e },
  }));

/** Plays the engine: writes what the plan says through projectWrite and records the new base. Null: pairing ended. */
function apply(item: PlanItem, policy: SyncPolicy, caps: Capabilities): SyncItem | null {
  const a = item.action;
  if (['deleteInErp', 'deleteInOutlook', 'unlink'].includes(a.kind)) return null;
  if (a.kind === 'noop' || a.kind === 'conflict' || a.kind === 'problem') return item;
  const result = item.result;
  if (result === null) throw new Error(`${a.kind} without a result`);
  const write = (side: SyncSide, fields: EventField[] | 'all'): SideState => {
    const current = item[side];
    const w = projectWrite(side, result, fields, current, policy, caps[side]);
    if (policy.attendees === 'quiet') {
      // Quiet mode: no write carries attendees, and a created event has none, so nobody is ever invited.
      expect(w.fields).not.toContain('attendees');
      if (fields === 'all') expect(w.event.attendees).toEqual([]);
    }
    const before = current.kind === 'present' ? current.event : w.event;
    const after = withFieldsFrom(before, w.event, fields === 'all' ? EVENT_FIELDS : w.fields);
    return { kind: 'present', id: `${side}-w`, stamp: `${side}-written`, event: after };
  };
  const touched = (side: SyncSide, act: Action): EventField[] | 'all' | null => {
    if (act.kind === (side === 'erp' ? 'createInErp' : 'createInOutlook')) return 'all';
    if (act.kind === (side === 'erp' ? 'updateErp' : 'updateOutlook')) return act.fields;
    if (act.kind === 'mergeFields') return side === 'erp' ? act.toErp : act.toOutlook;
    return null;
  };
  const next = { outlook: item.outlook, erp: item.erp };
  for (const side of ['outlook', 'erp'] as const) {
    const fields = touched(side, a);
    if (fields !== null) next[side] = write(side, fields);
  }
  // The base gets stamps that differ from the sides': the next run must compare content, not trust stamps.
  const stampOf = (s: SideState) => ({ id: s.kind === 'present' ? s.id : '?', stamp: 'recorded-before-read' });
  return { key: item.key, base: { snapshot: result, outlook: stampOf(next.outlook), erp: stampOf(next.erp) }, ...next };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function planOne(item: SyncItem, policy: SyncPolicy, caps: Capabilities): PlanItem {
  return applyPolicy(reconcile(item, policy, caps), policy);
}

describe('reconcile properties', () => {
  test('determinism and purity: the same inputs give the same plan, whatever the input order, and are not mutated', () => {
    fc.assert(
      fc.property(fc.array(scenarioArb, { minLength: 1, maxLength: 4 }), policyArb, (scenarios, policy) => {
        const items = scenarios.map((s, i) => ({ ...s, key: `k${i}` }));
        // Frozen inputs: a mutation anywhere in core would throw here (strict mode).
        const once = planSync(deepFreeze(structuredClone(items)), policy, { outlook: 10, erp: 10 });
        expect(planSync(structuredClone(items).reverse(), policy, { outlook: 10, erp: 10 })).toEqual(once);
      }),
      { numRuns: 60 },
    );
  });

  test('symmetry: one side changed gives the mirrored action and the same result', () => {
    fc.assert(
      fc.property(eventArb, eventArb, fieldsArb, (base, from, fields) => {
        const changed = withFieldsFrom(base, from, fields);
        const record: BaseRecord = { snapshot: base, outlook: { id: 'o', stamp: 's1' }, erp: { id: 'e', stamp: 's1' } };
        const moved: SideState = { kind: 'present', id: 'x', stamp: 's2', event: changed };
        const still: SideState = { kind: 'present', id: 'x', stamp: 's1', event: base };
        const left = reconcile({ key: 'k', base: record, outlook: moved, erp: still }, DEFAULT_POLICY);
        const right = reconcile({ key: 'k', base: record, outlook: still, erp: moved }, DEFAULT_POLICY);
        // The one designed asymmetry (chaos c57): Outlook cannot bring back an occurrence it cancelled, so the ERP
        // bringing one back is not carried there; the result keeps it cancelled and the reason says so.
        const keptCancelled = cancelledOnlyInOutlook(base, changed);
        if (keptCancelled.length > 0) {
          expect(right.result?.recurrence?.exDates).toEqual(expect.arrayContaining(keptCancelled));
          expect(right.reason).toContain('cancelled in Outlook, which cannot bring it back');
          return;
        }
        const mirror: Record<string, string> = { updateErp: 'updateOutlook', updateOutlook: 'updateErp' };
        expect(right.action.kind).toBe(mirror[left.action.kind] ?? left.action.kind);
        if ('fields' in left.action && 'fields' in right.action)
          expect(right.action.fields).toEqual(left.action.fields);
        expect(right.result).toEqual(left.result);
      }),
      RUNS,
    );
  });

  test('idempotence: applying a plan and reconciling again gives only no-ops', () => {
    fc.assert(
      fc.property(fc.oneof(scenarioArb, unpairedArb), policyArb, fc.boolean(), (item, policy, narrow) => {
        const caps = narrow ? NARROW : FULL_CAPABILITIES;
        const first = planOne(item, policy, caps);
        expect(first.action.kind).not.toBe('problem');
        const after = apply(first, policy, caps);
        if (after === null || first.action.kind === 'noop') return;
        const second = planOne(after, policy, caps);
        expect({ kind: second.action.kind, reason: second.reason }).toEqual({
          kind: 'noop',
          reason: expect.any(String),
        });
      }),
      { numRuns: 300 },
    );
  });

  /**
   * A WEEKLY rule without BYDAY means "on the first start's weekday", so moving the start changes that series too:
   * timing and recurrence are only disjoint fields when rules are explicit (as Graph writes them).
   */
  const explicitArb = eventArb.map((e) =>
    e.recurrence
      ? {
          ...e,
          recurrence: { ...e.recurrence, rrule: normalizeRrule(e.recurrence.rrule, e.timing, e.recurrence.timeZone) },
        }
      : e,
  );

  test('merge of disjoint fields loses nothing: every field comes from the side that changed it', () => {
    fc.assert(
      fc.property(explicitArb, explicitArb, explicitArb, fieldsArb, (base, x, y, fields) => {
        const half = Math.ceil(fields.length / 2);
        const mine = fields.slice(0, half);
        const theirs = fields.slice(half);
        // A series moved on one side while the other changed its occurrences is no disjoint merge: the occurrences
        // are carried over to the move, or it is a conflict (series-move.test.ts).
        const moved = (a: EventField[], b: EventField[]) => a.includes('timing') && b.includes('recurrence');
        fc.pre(base.recurrence === null || !(moved(mine, theirs) || moved(theirs, mine)));
        const outlook = withFieldsFrom(base, x, mine);
        const erp = withFieldsFrom(base, y, theirs);
        const record: BaseRecord = { snapshot: base, outlook: { id: 'o', stamp: 'o1' }, erp: { id: 'e', stamp: 'e1' } };
        const item = reconcile(
          {
            key: 'k',
            base: record,
            outlook: { kind: 'present', id: 'o', stamp: 'o2', event: outlook },
            erp: { kind: 'present', id: 'e', stamp: 'e2', event: erp },
          },
          DEFAULT_POLICY,
        );
        expect(item.action.kind).not.toBe('conflict');
        const result = item.result as CanonicalEvent;
        // A series field that changed is followed by the occurrences that held the old value (follow-series.ts):
        // the recurrence then differs from every input, by design.
        const followed = fields.some((f) => f !== 'timing' && isOccurrenceField(f));
        const compared = (list: EventField[]) => (followed ? list.filter((f) => f !== 'recurrence') : list);
        expect(diffFields(result, outlook, compared(mine))).toEqual([]);
        expect(diffFields(result, erp, compared(theirs))).toEqual([]);
        expect(diffFields(result, base, compared(EVENT_FIELDS.filter((f) => !fields.includes(f))))).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('normal form properties', () => {
  test('normalising is idempotent and the fingerprint only sees the normal form', () => {
    fc.assert(
      fc.property(eventArb, (e) => {
        const n = normalizeEvent(e);
        expect(normalizeEvent(n)).toEqual(n);
        expect(fingerprint(n)).toBe(fingerprint(e));
        expect(diffFields(e, n)).toEqual([]);
      }),
      RUNS,
    );
  });

  test('the quiet attendee block round-trips through any body', () => {
    fc.assert(
      fc.property(bodyHtmlArb, attendeesArb, (body, attendees) => {
        const written = withQuietBlock(body, attendees);
        expect(parseQuietBlock(written)).toEqual(attendees.length === 0 ? null : normalizeAttendees(attendees));
        expect(normalizeHtml(stripQuietBlock(written))).toBe(normalizeHtml(body));
        expect(withQuietBlock(written, attendees)).toBe(written);
      }),
      RUNS,
    );
  });
});
