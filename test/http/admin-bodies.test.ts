/**
 * The admin API reads JSON bodies only: a form, multipart or text body is refused with a 415 problem before any route
 * acts, never taken for an empty body (a multipart PUT of the policy was stored as `{}`: found by `npm run fuzz`).
 */
import { expectProblem } from './production-backend';
import { startTriggerWorld, type TriggerWorld } from '../triggers/world';
import { MEGAN_ID } from '../../sandbox/microsoft365/world/seed';

let world: TriggerWorld;
let megan: string;

beforeAll(async () => {
  world = await startTriggerWorld({ GRAPH_NOTIFICATIONS: 'off', ERP_POLL_SECONDS: '86400', SWEEP_HOURS: '1000' });
  megan = await world.m365.mintAddinToken({ user: MEGAN_ID });
}, 60_000);
afterAll(() => world.stop());

const send = (method: string, path: string, type: string, body: string) =>
  fetch(`${world.backend.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${megan}`, 'content-type': type },
    body,
  });

describe('admin API bodies', () => {
  it.each([
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--'],
    ['application/x-www-form-urlencoded', 'conflicts=erp'],
    ['text/plain', '{"conflicts":"erp"}'],
  ])('when the policy is sent as %s, then 415 problem and the stored policy stays', async (type, body) => {
    const policyPath = `/admin/tenants/${world.mailbox.tenantId}/policy`;
    const put = await fetch(`${world.backend.url}${policyPath}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${megan}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conflicts: 'outlook' }),
    });
    expect(put.status).toBe(200);

    await expectProblem(await send('PUT', policyPath, type, body), 415);

    const read = await fetch(`${world.backend.url}${policyPath}`, { headers: { authorization: `Bearer ${megan}` } });
    expect(((await read.json()) as { stored: unknown }).stored).toEqual({ conflicts: 'outlook' });
  });

  it('when a mailbox action is posted without a body, then it is not refused for its type', async () => {
    const answer = await fetch(`${world.backend.url}/admin/mailboxes/${world.mailbox.id}/dry-run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${megan}` },
    });
    expect(answer.status).not.toBe(415);
    await answer.body?.cancel();
  });
});
