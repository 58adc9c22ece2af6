/**
 * Conformance checks for appointments: idempotent create, read, paged lists, If-Match updates, delete and
 * archive, and the 4xx answers the contract promises for each misuse.
 */
import { randomUUID } from 'node:crypto';
import { type Check, createSample, customerOf, personOf, sampleAppointment } from './context';
import { assert } from './probe';

const MISSING = 'conformance-does-not-exist';

export const appointmentChecks: Check[] = [
  {
    name: 'create: 201 with ETag and Location; the same Idempotency-Key replays, a reused key with another body is 422',
    run: async (context) => {
      const { probe } = context;
      const key = randomUUID();
      const body = { ...sampleAppointment(personOf(context).id, 'Conformance: idempotent create'), needsReview: true };
      const first = await probe.expect('createAppointment', { headers: { 'idempotency-key': key }, body }, 201);
      context.created.push(first.body.id);
      assert(first.headers.get('etag') === `"${first.body.version}"`, 'ETag is not the quoted version');
      assert(first.headers.get('location'), 'no Location header');
      assert(first.body.needsReview === true && first.body.active === true, 'needsReview or active not as created');
      const again = await probe.expect('createAppointment', { headers: { 'idempotency-key': key }, body }, 201);
      assert(again.body.id === first.body.id, 'the replay created a second appointment');
      assert(again.headers.get('idempotent-replayed') === 'true', 'the replay lacks Idempotent-Replayed: true');
      await probe.expect(
        'createAppointment',
        { headers: { 'idempotency-key': key }, body: { ...body, title: 'Other' } },
        422,
      );
    },
  },
  {
    name: 'create: a missing Idempotency-Key is 400, a body breaking the schema is 422, a non-JSON body is 400',
    run: async (context) => {
      const { probe } = context;
      const body = sampleAppointment(personOf(context).id, 'Conformance: refused');
      await probe.expect('createAppointment', { body }, 400);
      const noTiming: Record<string, unknown> = { ...body };
      delete noTiming.timing;
      await probe.expect('createAppointment', { headers: { 'idempotency-key': randomUUID() }, body: noTiming }, 422);
      await probe.expect(
        'createAppointment',
        { headers: { 'idempotency-key': randomUUID() }, rawBody: '{"title":' },
        400,
      );
    },
  },
  {
    name: 'create: a link to a customer gives the appointment that customer',
    run: async (context) => {
      const customer = customerOf(context);
      const body = {
        ...sampleAppointment(personOf(context).id, 'Conformance: linked'),
        link: { model: customer.model, id: customer.id },
      };
      const { body: created } = await context.probe.expect(
        'createAppointment',
        { headers: { 'idempotency-key': randomUUID() }, body },
        201,
      );
      context.created.push(created.id);
      assert(created.link?.id === customer.id && created.link?.model === customer.model, 'the link was not kept');
      assert(
        created.customer?.id === customer.id,
        `the appointment's customer is ${JSON.stringify(created.customer)}, not ${customer.id}`,
      );
    },
  },
  {
    name: 'read: one appointment with its ETag; an unknown id is 404',
    run: async (context) => {
      const { id, version } = await createSample(context, 'Conformance: read');
      const { body, headers } = await context.probe.expect('getAppointment', { path: { id } }, 200);
      assert(body.id === id && body.version === version, 'read returned another id or version');
      assert(headers.get('etag') === `"${version}"`, 'ETag is not the quoted version');
      await context.probe.expect('getAppointment', { path: { id: MISSING } }, 404);
    },
  },
  {
    name: 'list: by ids, and by owner and window a page at a time; neither ids nor owner is 400',
    run: async (context) => {
      const { probe } = context;
      const a = await createSample(context, 'Conformance: list A', 4);
      const b = await createSample(context, 'Conformance: list B', 4);
      const byIds = await probe.expect('listAppointments', { query: { ids: `${a.id},${b.id},${MISSING}` } }, 200);
      const ids = byIds.body.items.map((i: { id: string }) => i.id).sort();
      assert(JSON.stringify(ids) === JSON.stringify([a.id, b.id].sort()), `ids listed ${ids.join(',')}`);
      const from = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const to = new Date(Date.now() + 6 * 86_400_000).toISOString();
      const seen: string[] = [];
      let pageToken: string | undefined;
      do {
        const query = { owner: personOf(context).id, from, to, limit: 1, pageToken };
        const page = await probe.expect('listAppointments', { query }, 200);
        assert(page.body.items.length <= 1, 'limit=1 returned more than one appointment');
        seen.push(...page.body.items.map((i: { id: string }) => i.id));
        pageToken = page.body.nextPageToken ?? undefined;
        assert(seen.length < 1000, 'paging does not end');
      } while (pageToken);
      assert(seen.includes(a.id) && seen.includes(b.id), 'paging by owner and window missed an appointment');
      await probe.expect('listAppointments', {}, 400);
    },
  },
];
