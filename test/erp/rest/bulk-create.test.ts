/**
 * The contract's optional bulk create (issue 19 Must 2) through the REST adapter, against the reference ERP: many
 * appointments in one request, a refused one failing alone, the same keys answering the same appointments; an ERP
 * without the operation (404) gets one create at a time, and conforms all the same.
 */
import { randomUUID } from 'node:crypto';
import type { ErpPort, ErpUser, NewErpEvent } from '../../../server/erp/port';
import { createRestErpAdapter } from '../../../server/erp/rest';
import { startRestErp, type RunningRestErp } from '../../../sandbox/rest-erp/server';
import { richEvent } from './helpers';

let erp: RunningRestErp;
let adele: ErpUser;
const quiet = { quiet: true };
const adapter = (): ErpPort => createRestErpAdapter({ baseUrl: erp.url, auth: { kind: 'bearer', token: erp.token } });

beforeAll(async () => {
  erp = await startRestErp();
  adele = (await adapter().findUser('adele@contoso.example'))!;
});
afterAll(() => erp.stop());

function items(n: number, refused: number | null = null): NewErpEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const event = richEvent({ title: `Bulk ${i}` });
    const timing = event.timing.kind === 'timed' ? { ...event.timing, end: '2000-01-01T00:00:00Z' } : event.timing;
    return { event: i === refused ? { ...event, timing } : event, idempotencyKey: randomUUID(), needsReview: i === 1 };
  });
}

describe('bulk creates over the REST contract', () => {
  it('when 150 appointments are created in bulk, then they are made in lists of 100, each reads back as written, a refused one fails alone', async () => {
    const port = adapter();
    const asked = items(150, 7);
    const results = await port.createEvents!(adele, asked, quiet);
    expect(results.filter((r) => !r.ok).length).toBe(1);
    const refused = results[7]!;
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : String(refused.error)).toMatch(/refused the new appointment "Bulk 7"/);
    const made = results.flatMap((r) => (r.ok ? [r.record] : []));
    expect(new Set(made.map((r) => r.id)).size).toBe(149);
    const [read] = await port.readEvents([made[1]!.id]);
    expect(read?.event).toEqual(asked[1]!.event);
    expect(read?.needsReview).toBe(true);
    const again = await port.createEvents!(adele, asked.slice(0, 3), quiet);
    expect(again.map((r) => r.ok && r.record.id)).toEqual(results.slice(0, 3).map((r) => r.ok && r.record.id));
  });

  it('when the ERP has no bulk create (404), then the adapter creates one at a time and remembers it', async () => {
    const port = adapter();
    erp.control.injectFault({ status: 404, path: '/appointments/bulk', count: 1 });
    const results = await port.createEvents!(adele, items(3, 2), quiet);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    erp.control.injectFault({ status: 500, path: '/appointments/bulk', count: 5 });
    const next = await port.createEvents!(adele, items(2), quiet);
    expect(next.map((r) => r.ok)).toEqual([true, true]);
  });
});
