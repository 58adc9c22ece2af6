/**
 * `POST /webhooks/erp` on a real backend (started as production starts it, the route mounted where the backend
 * mounts it): every refusal is a JSON problem, also for bodies refused before the signature check (issue 18,
 * defect 6); a replayed signed delivery and an owner no mailbox is linked to queue nothing (defect 7).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { webhookSignature } from '../../server/erp/rest';
import { expectProblem, startProductionBackend, type ProductionBackend } from './production-backend';

const SECRET = 'webhook-secret-for-this-suite-0123';

describe('the ERP webhook on the running backend', () => {
  let world: ProductionBackend;

  beforeAll(async () => {
    world = await startProductionBackend({ ERP_WEBHOOK_SECRET: SECRET });
    const { store } = world.backend;
    const tenantId = randomUUID();
    await store.tenants.upsert({ id: tenantId, name: 'Contoso', authMode: 'delegated' });
    for (const person of ['adele', 'megan']) {
      await store.mailboxes.upsert({
        tenantId,
        userObjectId: randomUUID(),
        upn: `${person}@contoso.example`,
        email: `${person}@contoso.example`,
        erpUserId: `person-${person}`,
      });
    }
  });

  afterAll(async () => {
    await world?.stop();
  });

  const post = (body: Buffer | string, headers: Record<string, string>) =>
    fetch(`${world.backend.url}/webhooks/erp`, { method: 'POST', headers, body });

  const signed = (body: string, nonce: string | undefined = randomBytes(16).toString('base64url')) => ({
    'content-type': 'application/json',
    'erp-signature': webhookSignature(SECRET, body, Math.floor(Date.now() / 1000), nonce),
  });

  const notification = (ownerId: string) =>
    JSON.stringify({
      type: 'appointments.changed',
      ownerId,
      appointmentId: `apt-${randomUUID()}`,
      occurredAt: new Date().toISOString(),
    });

  const enqueued = () => world.enqueued('erp-webhook');

  it('when the body is larger than any notification, then 413 problem before the signature is read', async () => {
    const huge = JSON.stringify({ type: 'appointments.changed', pad: 'x'.repeat(200_000) });
    await expectProblem(await post(huge, signed(huge)), 413);
  });

  it('when the body names an encoding we do not read, then 415 problem', async () => {
    const body = notification('person-adele');
    await expectProblem(await post(body, { ...signed(body), 'content-encoding': 'x-unknown' }), 415);
  });

  it('when a gzip body is broken, then 400 problem', async () => {
    const broken = gzipSync(Buffer.from(notification('person-adele'))).subarray(0, 12);
    await expectProblem(await post(broken, { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 400);
  });

  it('when a signed body is not UTF-8, then 400 problem', async () => {
    const bytes = Buffer.concat([Buffer.from('{"type":"appointments.changed","ownerId":"'), Buffer.from([0xff, 0xfe])]);
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'erp-signature': webhookSignature(SECRET, bytes, Math.floor(Date.now() / 1000), 'nonce-not-utf8-000000'),
    };
    await expectProblem(await post(bytes, headers), 400);
  });

  it('when the signature is missing or wrong, then 401 problem and nothing is queued', async () => {
    const before = await enqueued();
    const body = notification('person-adele');
    await expectProblem(await post(body, { 'content-type': 'application/json' }), 401);
    await expectProblem(await post(body, { ...signed(body), 'erp-signature': `t=1,v1=${'0'.repeat(64)}` }), 401);
    expect(await enqueued()).toBe(before);
  });

  it('when a signed delivery is replayed, then the replay is recognised and queues nothing', async () => {
    const body = notification('person-adele');
    const headers = signed(body);
    const before = await enqueued();
    const first = await post(body, headers);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ queued: 1 });
    for (let i = 0; i < 5; i += 1) {
      const replay = await post(body, headers);
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual({ queued: 0, duplicate: true });
    }
    expect(await enqueued()).toBe(before + 1);
  });

  it('when a contract 1.0 delivery (no nonce) is replayed, then its signature identifies the replay', async () => {
    const body = notification('person-megan');
    const headers = signed(body, undefined);
    const before = await enqueued();
    expect((await post(body, headers)).status).toBe(202);
    expect((await post(body, headers)).status).toBe(200);
    expect(await enqueued()).toBe(before + 1);
  });

  it('when the owner is linked to no connected mailbox, then nothing is queued', async () => {
    const body = notification('person-stranger');
    const before = await enqueued();
    const answer = await post(body, signed(body));
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ queued: 0 });
    expect(await enqueued()).toBe(before);
  });

  it('when the owner is linked, then only that mailbox is queued', async () => {
    const body = notification('person-adele');
    const before = await enqueued();
    expect(await (await post(body, signed(body))).json()).toEqual({ queued: 1 });
    expect(await enqueued()).toBe(before + 1);
  });
});
