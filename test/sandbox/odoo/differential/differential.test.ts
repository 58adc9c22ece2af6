/**
 * The Odoo emulator held to real Odoo 19 (issue 12 Must 4): every check sends the same calls to both, on JSON-2
 * and on JSON-RPC, and compares what came back after ids are labelled. A check must agree, or be listed with its
 * reason under "Not modelled (differential suite)" in docs/SANDBOX.md; a listed check that agrees fails too, so
 * the list stays true. The run prints `odoo differential (<protocol>): N checks, M agree, K not modelled`.
 */
import { isDeepStrictEqual } from 'node:util';
import { startOdooEmulator, type OdooEmulator } from '../../../../sandbox/odoo/server';
import { describeRealOdoo, HOOK_TIMEOUT_MS } from '../../../support/real-odoo';
import { CHECKS } from './checks';
import { notModelled } from './not-modelled';
import { openTarget, type Target } from './target';

describeRealOdoo('Odoo differential', ({ protocol, db }) => {
  const checks = CHECKS.filter((c) => !c.protocol || c.protocol === protocol);
  const listed = notModelled(protocol);
  const tally = { agree: 0, notModelled: 0, differ: [] as string[] };
  let emulator: OdooEmulator;
  let real: Target;
  let emulated: Target;

  beforeAll(async () => {
    emulator = await startOdooEmulator();
    const emulatorAccess = { url: emulator.url, db: emulator.database, apiKey: emulator.users.admin.apiKey };
    [real, emulated] = await Promise.all([openTarget(db(), protocol), openTarget(emulatorAccess, protocol)]);
    // The same administrator zone on both (a fresh real database has none; the emulator's demo admin has one).
    for (const t of [real, emulated])
      await t.value('res.users', 'write', { ids: [t.admin.uid], vals: { tz: 'Europe/Brussels' } });
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await emulator?.stop();
    const line =
      `odoo differential (${protocol}): ${checks.length} checks, ${tally.agree} agree, ` +
      `${tally.notModelled} not modelled` +
      (tally.differ.length ? `, ${tally.differ.length} differ: ${tally.differ.join('; ')}` : '');
    process.stdout.write(`\n${line}\n`);
  });

  test('every not-modelled entry names a check', () => {
    expect([...listed.keys()].filter((name) => !checks.some((c) => c.name === name))).toEqual([]);
  });

  checks.forEach((check, i) => {
    test(`${check.name}: the emulator answers as real Odoo, or the difference is listed as not modelled`, async () => {
      const tag = `${protocol}-${i}-${Date.now().toString(36)}`;
      const fromReal = await check.observe(real, tag);
      const fromEmulator = await check.observe(emulated, tag);
      const agree = isDeepStrictEqual(fromReal, fromEmulator);
      const reason = listed.get(check.name);
      if (agree) tally.agree += 1;
      else if (reason) tally.notModelled += 1;
      else tally.differ.push(check.name);
      if (reason) {
        // Listed: it must still differ, else the entry is stale and should go.
        expect({ agree, reason }).toEqual({ agree: false, reason });
      } else {
        expect({ check: check.name, emulator: fromEmulator }).toEqual({ check: check.name, emulator: fromReal });
      }
    });
  });
});
