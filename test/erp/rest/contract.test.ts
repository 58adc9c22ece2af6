import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createContractValidator, loadContract } from '../../../server/erp/rest';
import {
  hmacAuthorization,
  stringToSign,
  verifyWebhookSignature,
  webhookSignature,
} from '../../../server/erp/rest/signing';

const contract = loadContract();
const validator = createContractValidator(contract);

describe('the ERP contract document', () => {
  it('when linted with Redocly (recommended-strict), then it is valid', async () => {
    const bin = join(process.cwd(), 'node_modules', '.bin', 'redocly');
    const args = ['lint', '--extends', 'recommended-strict', 'docs/erp-contract.openapi.yaml'];
    const { stdout, stderr } = await promisify(execFile)(bin, args, {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
    });
    expect(`${stdout}${stderr}`).toContain('Your API description is valid');
  });

  it('when loaded, then every operation has an id, and every error response is a problem', () => {
    expect([...contract.operations.keys()].sort()).toEqual([
      'createAppointment',
      'createAppointments',
      'createContact',
      'createLead',
      'deleteAppointment',
      'findContacts',
      'findPeople',
      'getAbout',
      'getAppointment',
      'getCustomer',
      'getRecord',
      'listAppointments',
      'listChanges',
      'listDigests',
      'searchRecords',
      'updateAppointment',
    ]);
    for (const operation of contract.operations.values()) {
      for (const status of operation.statuses.filter((s) => Number(s) >= 400)) {
        expect([operation.operationId, status, contract.responseSchema(operation.operationId, Number(status))]).toEqual(
          [operation.operationId, status, 'Problem'],
        );
      }
    }
  });

  it.each([
    [
      { kind: 'timed', start: '2025-03-30T01:00:00+02:00', end: '2025-03-30T02:00:00Z', timeZone: 'Europe/Paris' },
      'timing.start: must match pattern "Z$"',
    ],
    [
      { kind: 'timed', start: 'soon', end: '2025-03-30T02:00:00Z', timeZone: 'Europe/Paris' },
      'timing.start: must match format "date-time"',
    ],
    [{ kind: 'allDay', startDate: '2025-03-30' }, 'timing.endDate: is required'],
    [{ kind: 'weekly' }, 'timing.kind: value of tag "kind" must be in oneOf'],
  ])('when a timing is %j, then the validator says "%s"', (timing, message) => {
    expect(validator.issues('AppointmentPatch', { timing }, 'appointment')).toContain(`appointment.${message}`);
  });

  it('when a change page is fine, then there are no issues; a tombstone without id is named by its index', () => {
    const page = {
      changes: [{ type: 'deleted', id: 'a', deletedAt: '2025-01-01T00:00:00Z' }],
      cursor: 'c',
      hasMore: false,
    };
    expect(validator.issues('ChangePage', page)).toEqual([]);
    const broken = { ...page, changes: [{ type: 'deleted', deletedAt: '2025-01-01T00:00:00Z' }] };
    expect(validator.issues('ChangePage', broken)).toEqual(['changePage.changes[0].id: is required']);
  });
});

describe('signatures', () => {
  it('when signing a request, then the string to sign is method, target, timestamp and body hash on four lines', () => {
    expect(stringToSign('post', '/api/appointments?x=1', 1700000000, '')).toBe(
      'POST\n/api/appointments?x=1\n1700000000\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(
      hmacAuthorization({ method: 'GET', pathAndQuery: '/about', body: '' }, { keyId: 'k1', secret: 's' }, 1700000000),
    ).toMatch(/^ERP-HMAC-SHA256 keyId=k1,ts=1700000000,sig=[0-9a-f]{64}$/);
  });

  it('when a webhook signature is checked, then a fresh match passes and tampering, staleness or absence fail', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const t = now.getTime() / 1000;
    const body = '{"type":"appointments.changed"}';
    const nonce = 'n0nce-0123456789abcdef';
    expect(verifyWebhookSignature('s', webhookSignature('s', body, t, nonce), body, now)).toEqual({
      ok: true,
      deliveryId: `nonce:${nonce}`,
    });
    expect(verifyWebhookSignature('s', webhookSignature('s', body, t), body, now)).toEqual({
      ok: true,
      deliveryId: expect.stringMatching(/^sig:[0-9a-f]{64}$/),
    });
    expect(verifyWebhookSignature('s', webhookSignature('s', body, t, nonce), `${body} `, now).ok).toBe(false);
    expect(verifyWebhookSignature('s', webhookSignature('s', body, t - 301, nonce), body, now).ok).toBe(false);
    expect(verifyWebhookSignature('s', undefined, body, now).ok).toBe(false);
  });

  it('when a webhook nonce is swapped, then the signature no longer matches (the nonce is signed)', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const t = now.getTime() / 1000;
    const body = '{"type":"appointments.changed"}';
    const header = webhookSignature('s', body, t, 'first-nonce-0000000000');
    const swapped = header.replace('first-nonce-0000000000', 'other-nonce-0000000000');
    expect(verifyWebhookSignature('s', swapped, body, now)).toEqual({
      ok: false,
      reason: 'ERP-Signature does not match the body',
    });
    // Dropping the nonce to pass as a 1.0 header changes what is signed too.
    expect(verifyWebhookSignature('s', header.replace(/n=[^,]+,/, ''), body, now).ok).toBe(false);
    expect(() => webhookSignature('s', body, t, 'short')).toThrow(/nonce/);
  });
});
