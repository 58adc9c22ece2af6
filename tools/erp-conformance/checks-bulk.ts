/**
 * The optional bulk create (`POST /appointments/bulk`): each item is a create of its own (order kept, a refused item
 * fails alone, the same key and appointment replay the first result); an empty list breaks the schema (422), a
 * body that is not JSON is a 400. An ERP that answers 404 or 405 does not offer it: the check is skipped, and the
 * ERP still conforms (clients then create one appointment at a time).
 */
import { randomUUID } from 'node:crypto';
import { type Check, personOf, sampleAppointment } from './context';
import { assert, CheckFailure, CheckSkipped } from './probe';

export const bulkChecks: Check[] = [
  {
    name: 'bulk create (optional): items made in order, a refused one fails alone, the same keys replay',
    run: async (context) => {
      const { probe } = context;
      const person = personOf(context);
      const made = sampleAppointment(person.id, 'Conformance: bulk');
      const refused = sampleAppointment(person.id, 'Conformance: bulk refused');
      refused.timing = { ...made.timing, end: '2000-01-01T00:00:00Z' } as typeof refused.timing;
      const items = [
        { idempotencyKey: randomUUID(), appointment: made },
        { idempotencyKey: randomUUID(), appointment: refused },
      ];
      let first;
      try {
        first = await probe.expect('createAppointments', { body: { items } }, 200);
      } catch (error) {
        if (error instanceof CheckFailure && / got 40[45]\b/.test(error.message))
          throw new CheckSkipped('the ERP does not offer POST /appointments/bulk (optional)');
        throw error;
      }
      const [ok, bad] = first.body.results;
      assert(first.body.results.length === 2, `expected 2 results, got ${first.body.results.length}`);
      assert(ok?.status === 201 && ok.appointment?.title === made.title, 'the first item was not made');
      context.created.push(ok.appointment.id);
      assert(bad?.status === 422 && bad.problem, 'an appointment ending before it starts was not refused alone');
      const replay = await probe.expect('createAppointments', { body: { items: items.slice(0, 1) } }, 200);
      assert(replay.body.results[0]?.appointment?.id === ok.appointment.id, 'the same key made a second appointment');
      await probe.expect('createAppointments', { body: { items: [] } }, 422);
      await probe.expect('createAppointments', { rawBody: 'not json' }, 400);
    },
  },
];
