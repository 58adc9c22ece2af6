/**
 * The attendee list's ERP calls against the Odoo emulator: attendees matched to contacts by e-mail (any case, with
 * their company), a missing attendee added as a contact (twice is still one contact), a lead made once per key.
 */
import type { ContactMatchesResponse, ErpContactView, LinkableRecord } from '../../../contract/addin-api';
import { send, startWorld, type World } from './helpers';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world.stop();
});

describe('attendees and their ERP contacts', () => {
  it('when attendees are looked up, then each e-mail gets its contact (with company) or null', async () => {
    const token = await world.token('adele');
    const answer = await send<ContactMatchesResponse>(world, 'POST', '/api/erp/contacts/lookup', token, {
      emails: ['Alex@Fabrikam.example', 'nobody@tailspin.example'],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.matches).toEqual([
      {
        email: 'alex@fabrikam.example',
        contact: expect.objectContaining({ model: 'res.partner', name: 'Alex Wilber', company: 'Fabrikam, Inc.' }),
      },
      { email: 'nobody@tailspin.example', contact: null },
    ]);
    expect(answer.body.matches[0]?.contact?.url).toMatch(/\/odoo\/res\.partner\/\d+$/);
  });

  it('when a missing attendee is added as a contact twice, then the ERP holds one contact and the lookup finds it', async () => {
    const token = await world.token('adele');
    const body = { name: 'Nestor Wilke', email: 'nestor@tailspin.example' };
    const first = await send<ErpContactView>(world, 'POST', '/api/erp/contacts', token, body);
    const again = await send<ErpContactView>(world, 'POST', '/api/erp/contacts', token, body);
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const lookup = await send<ContactMatchesResponse>(world, 'POST', '/api/erp/contacts/lookup', token, {
      emails: ['nestor@tailspin.example'],
    });
    expect(lookup.body.matches[0]?.contact?.id).toBe(first.body.id);
  });

  it('when a lead is created for an attendee, then it is a lead record, and the same key gives the same lead', async () => {
    const token = await world.token('adele');
    const body = {
      title: 'Meeting with Irvin Sayers',
      contactName: 'Irvin Sayers',
      email: 'irvin@northwind.example',
      idempotencyKey: 'lead-key-0001',
    };
    const first = await send<LinkableRecord>(world, 'POST', '/api/erp/leads', token, body);
    const again = await send<LinkableRecord>(world, 'POST', '/api/erp/leads', token, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ model: 'crm.lead', type: 'lead', name: 'Meeting with Irvin Sayers' });
    expect(again.body.id).toBe(first.body.id);
  });

  it('when the body is not valid, then the answer is a validation problem naming the field', async () => {
    const token = await world.token('adele');
    const answer = await send(world, 'POST', '/api/erp/contacts', token, { name: 'x', email: 'not-an-email' });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ errors: [expect.objectContaining({ field: 'email' })] });
  });
});
