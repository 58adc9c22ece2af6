/** The emulator's domain evaluator, by tables: operators, NULL rules, prefix notation, dotted paths. */
import { matches, parseDomain, type DomainHost } from '../../../sandbox/odoo/domain';
import type { FieldDef, Row } from '../../../sandbox/odoo/models/types';

const f = (name: string, type: FieldDef['type'], relation?: string): FieldDef => ({
  name,
  type,
  string: name,
  stored: true,
  ...(relation ? { relation } : {}),
});
const FIELDS: Record<string, Record<string, FieldDef>> = {
  event: {
    id: f('id', 'integer'),
    name: f('name', 'char'),
    start: f('start', 'datetime'),
    duration: f('duration', 'float'),
    allday: f('allday', 'boolean'),
    user_id: f('user_id', 'many2one', 'user'),
    partner_ids: f('partner_ids', 'many2many', 'partner'),
    privacy: f('privacy', 'selection'),
  },
  user: { id: f('id', 'integer'), name: f('name', 'char'), partner_id: f('partner_id', 'many2one', 'partner') },
  partner: { id: f('id', 'integer'), name: f('name', 'char'), email: f('email', 'char') },
};
const ROWS: Record<string, Row[]> = {
  partner: [
    { id: 1, name: 'Adele Vance', email: 'adele@contoso.example' },
    { id: 2, name: 'Alex Wilber', email: false },
  ],
  user: [{ id: 10, name: 'Adele', partner_id: 1 }],
};
const host: DomainHost = {
  field: (model, name) => FIELDS[model]?.[name],
  row: (model, id) => ROWS[model]?.find((r) => r.id === id),
  value: (_model, row, name) => row[name] ?? false,
  displayName: (_model, row) => String(row.name),
};
const EVENT: Row = {
  id: 5,
  name: 'Kick-off 50%_done',
  start: '2026-03-05 09:00:00',
  duration: 1.5,
  allday: false,
  user_id: 10,
  partner_ids: [1, 2],
  privacy: false,
};
const BARE: Row = {
  id: 6,
  name: 'x',
  start: false,
  duration: 0,
  allday: true,
  user_id: false,
  partner_ids: [],
  privacy: 'public',
};

const cases: Array<[unknown[], boolean, boolean]> = [
  // [domain, matches EVENT, matches BARE]
  [[], true, true],
  [[['name', '=', 'Kick-off 50%_done']], true, false],
  [[['name', '!=', 'x']], true, false],
  [[['privacy', '=', false]], true, false],
  [[['privacy', '!=', 'public']], true, false], // != matches empty values, as Odoo's SQL does
  [[['privacy', '!=', false]], false, true],
  [[['duration', '>', 1]], true, false],
  [[['duration', '>=', 1.5]], true, false],
  [[['duration', '<', 1.5]], false, true],
  [[['duration', '<=', 0]], false, true],
  [[['start', '<', '2026-03-06']], true, false], // a date against a datetime is midnight; empty never orders
  [[['start', '>', '2026-03-05 09:00:00']], false, false],
  [[['id', 'in', [5, 7]]], true, false],
  [[['id', 'not in', [5]]], false, true],
  [[['privacy', 'in', [false, 'private']]], true, false],
  [[['privacy', 'not in', ['public']]], true, false],
  [[['name', 'like', 'off']], true, false],
  [[['name', 'like', 'OFF']], false, false],
  [[['name', 'ilike', 'OFF']], true, false],
  [[['name', 'not ilike', 'off']], false, true],
  [[['name', '=like', 'Kick%']], true, false],
  [[['name', '=like', 'kick%']], false, false],
  [[['name', '=ilike', 'kick%']], true, false],
  [[['name', '=like', 'Kick-off 5_%']], true, false],
  [[['allday', '=', true]], false, true],
  [[['allday', '!=', true]], true, false],
  [[['allday', '=', false]], true, false],
  [[['user_id', '=', 10]], true, false],
  [[['user_id', '=', false]], false, true],
  [[['user_id', '!=', false]], true, false],
  [[['user_id', 'ilike', 'ade']], true, false],
  [[['user_id.partner_id.email', '=', 'adele@contoso.example']], true, false],
  [[['user_id.name', '=', 'Adele']], true, false],
  [[['partner_ids', 'in', [2]]], true, false],
  [[['partner_ids', 'not in', [2]]], false, true],
  [[['partner_ids', '=', false]], false, true],
  [[['partner_ids.name', 'ilike', 'wilber']], true, false],
  [[['partner_ids.email', '=', false]], true, true],
  [['|', ['name', '=', 'x'], ['duration', '>', 1]], true, true],
  [['&', ['name', '=', 'x'], ['duration', '>', 1]], false, false],
  [['!', ['name', '=', 'x']], true, false],
  [['|', '&', ['allday', '=', true], ['name', '=', 'x'], ['id', '=', 5]], true, true],
  [[['allday', '=', false], '|', ['id', '=', 1], ['id', '=', 5]], true, false], // implicit '&' at the top
  [['!', '|', ['id', '=', 5], ['id', '=', 6]], false, false],
  [[[1, '=', 1]], true, true],
  [[[0, '=', 1]], false, false],
];

describe('domain evaluation', () => {
  test.each(cases)('when the domain is %j, then the event matches: %s, the bare row: %s', (domain, onEvent, onBare) => {
    const node = parseDomain(domain);
    expect([matches(node, 'event', EVENT, host), matches(node, 'event', BARE, host)]).toEqual([onEvent, onBare]);
  });

  test.each([
    [['|', ['id', '=', 1]], /needs two terms/],
    [['!'], /needs one term/],
    [[['id', 'between', 1]], /Invalid operator/],
    [[['id', '=']], /Invalid leaf/],
    ['not a list', /Invalid domain/],
  ])('when the domain is malformed (%j), then a ValueError says why', (domain, message) => {
    expect(() => parseDomain(domain)).toThrow(message);
  });

  test('when a field does not exist, then the error names it', () => {
    expect(() => matches(parseDomain([['nope', '=', 1]]), 'event', EVENT, host)).toThrow(/Invalid field event\.nope/);
  });
});
