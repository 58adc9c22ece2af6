/**
 * Conformance checks for the ERP's identity, authentication, people lookup and linkable records.
 */
import { randomUUID } from 'node:crypto';
import { type Check, customerOf, personOf, requestPerOperation } from './context';
import { assert } from './probe';

export const directoryChecks: Check[] = [
  {
    name: 'about: names the ERP and serves contract 1.x',
    run: async ({ probe }) => {
      const { body } = await probe.expect('getAbout', {}, 200);
      assert(String(body.contractVersion).startsWith('1.'), `contractVersion is ${body.contractVersion}, not 1.x`);
    },
  },
  {
    name: 'people: finds the person by e-mail, case-insensitively; an unknown e-mail finds nobody',
    run: async (context) => {
      const { probe, personEmail } = context;
      const { body } = await probe.expect('findPeople', { query: { email: personEmail.toUpperCase() } }, 200);
      assert(body.items.length === 1, `expected one person for ${personEmail}, got ${body.items.length}`);
      assert(body.items[0].email.toLowerCase() === personEmail.toLowerCase(), 'the person found has another e-mail');
      context.person = body.items[0];
      const nobody = await probe.expect('findPeople', { query: { email: 'nobody-conformance@example.invalid' } }, 200);
      assert(nobody.body.items.length === 0, 'an unknown e-mail found someone');
      await probe.expect('findPeople', {}, 400);
    },
  },
  {
    name: 'records: search returns customers (with bill-to address) and documents; q is required',
    run: async (context) => {
      const { probe, searchText } = context;
      const { body } = await probe.expect('searchRecords', { query: { q: searchText, limit: 50 } }, 200);
      const customer = body.items.find((r: { kind: string }) => r.kind === 'customer');
      assert(customer, `no customer matches "${searchText}"`);
      assert(customer.billTo, `customer ${customer.id} has no billTo address in the search result`);
      context.customer = customer;
      const limited = await probe.expect('searchRecords', { query: { q: searchText, limit: 1 } }, 200);
      assert(limited.body.items.length <= 1, 'limit=1 returned more than one record');
      await probe.expect('searchRecords', {}, 400);
    },
  },
  {
    name: 'customers: one customer with bill-to and ship-to; an unknown id is 404',
    run: async (context) => {
      const { probe } = context;
      const customer = customerOf(context);
      const { body } = await probe.expect('getCustomer', { path: { id: customer.id } }, 200);
      assert(body.id === customer.id && body.name === customer.name, 'the customer differs from the search result');
      await probe.expect('getCustomer', { path: { id: 'conformance-does-not-exist' } }, 404);
    },
  },
  {
    name: 'contacts and leads: a new contact is found by e-mail in any case, made once; a lead is made once per key',
    run: async ({ probe }) => {
      const email = `contact-${randomUUID().slice(0, 8)}@conformance.example`;
      const none = await probe.expect('findContacts', { query: { emails: email } }, 200);
      assert(none.body.items.length === 0, 'a new e-mail found a contact');
      const made = await probe.expect('createContact', { body: { name: 'Conformance Contact', email } }, 201);
      const again = await probe.expect('createContact', { body: { name: 'Someone else', email } }, 200);
      assert(again.body.id === made.body.id, 'a second create with the same e-mail made another contact');
      const found = await probe.expect('findContacts', { query: { emails: email.toUpperCase() } }, 200);
      assert(found.body.items[0]?.id === made.body.id, 'the contact is not found by its e-mail in upper case');
      await probe.expect('findContacts', {}, 400);
      await probe.expect('createContact', { body: { name: 'Bad', email: 'not-an-email' } }, 422);
      await probe.expect('createContact', { rawBody: 'not json' }, 400);
      const key = { 'idempotency-key': randomUUID() };
      const lead = { title: 'Conformance lead', contactName: 'Conformance Contact', email };
      const first = await probe.expect('createLead', { headers: key, body: lead }, 201);
      const replay = await probe.expect('createLead', { headers: key, body: lead }, 201);
      assert(replay.body.id === first.body.id, 'the same Idempotency-Key made a second lead');
      await probe.expect(
        'createLead',
        { headers: { 'idempotency-key': randomUUID() }, body: { ...lead, email: 'x' } },
        422,
      );
      await probe.expect('createLead', { headers: { 'idempotency-key': randomUUID() }, rawBody: 'not json' }, 400);
    },
  },
  {
    name: 'records: one record by model and id, as the search lists it; unknown model or id is 404',
    run: async (context) => {
      const { probe } = context;
      const customer = customerOf(context);
      const { body } = await probe.expect('getRecord', { path: { model: customer.model, id: customer.id } }, 200);
      assert(body.id === customer.id && body.name === customer.name, 'the record differs from the search result');
      await probe.expect('getRecord', { path: { model: customer.model, id: 'conformance-does-not-exist' } }, 404);
      await probe.expect('getRecord', { path: { model: 'conformance-no-such-model', id: customer.id } }, 404);
    },
  },
  {
    name: "acting for a person: the pane's calls carry Acting-For; the person answers, an unknown person is 403",
    run: async (context) => {
      const { probe, searchText } = context;
      const person = personOf(context);
      const customer = customerOf(context);
      const as = (id: string) => ({ 'acting-for': id });
      await probe.expect('searchRecords', { headers: as(person.id), query: { q: searchText, limit: 50 } }, 200);
      await probe.expect(
        'getRecord',
        { headers: as(person.id), path: { model: customer.model, id: customer.id } },
        [200, 404],
      );
      const stranger = as(`conformance-nobody-${randomUUID().slice(0, 8)}`);
      const email = `acting-${randomUUID().slice(0, 8)}@conformance.example`;
      await probe.expect('searchRecords', { headers: stranger, query: { q: searchText } }, 403);
      await probe.expect('getRecord', { headers: stranger, path: { model: customer.model, id: customer.id } }, 403);
      await probe.expect('findContacts', { headers: stranger, query: { emails: email } }, 403);
      await probe.expect('createContact', { headers: stranger, body: { name: 'Nobody', email } }, 403);
      const lead = { title: 'Refused lead', contactName: 'Nobody', email };
      const key = { 'idempotency-key': randomUUID() };
      await probe.expect('createLead', { headers: { ...stranger, ...key }, body: lead }, 403);
    },
  },
  {
    name: 'auth: every operation refuses unknown credentials with a 401 problem',
    run: async (context) => {
      for (const [operationId, request] of requestPerOperation(context)) {
        await context.probe.expect(operationId, { ...request, anonymous: true }, 401);
      }
    },
  },
];
