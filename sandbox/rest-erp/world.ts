/**
 * The reference ERP's behaviour behind both the API and the control API: validated writes with their side
 * effects (attendee mail in the outbox, the webhook), version checks, idempotent creates, reset.
 */
import { createHash } from 'node:crypto';
import { ContractSchemas } from './contract-schema';
import type { WireAppointment, WireAppointmentCreate, WireAppointmentPatch } from './contract-types';
import { AppointmentStore, SEQUENCE } from './appointments';
import { CURSOR_FLOOR } from './changes-feed';
import { nextValue, writeValue, type Db } from './database';
import { linkExists, personExists } from './directory';
import { FaultInjector } from './faults';
import { notFound, ProblemError } from './problems';
import { RateLimiter } from './rate-limit';
import { seedDemoWorld } from './seed';
import type { WebhookSender } from './webhook';

export interface WriteContext {
  baseUrl: string;
  notify: boolean;
  /** The `If-Match` header as sent, when there was one. */
  ifMatch?: string;
}

export interface OutboxMail {
  appointmentId: string;
  reason: 'created' | 'updated' | 'deleted' | 'archived';
  recipients: string[];
}

function unprocessable(detail: string, errors?: Array<{ pointer: string; detail: string }>): ProblemError {
  return new ProblemError(422, 'unprocessable', 'Unprocessable appointment', detail, errors ? { errors } : {});
}

export class RestErpWorld {
  readonly appointments: AppointmentStore;
  readonly faults = new FaultInjector();
  readonly rateLimiter = new RateLimiter();
  private readonly schemas = new ContractSchemas();

  constructor(
    readonly db: Db,
    readonly webhook: WebhookSender,
  ) {
    this.appointments = new AppointmentStore(db);
  }

  reset(): void {
    seedDemoWorld(this.db);
    this.expireCursors();
    this.faults.clear();
    this.rateLimiter.reset();
    this.webhook.clear();
  }

  /** A bulk create's envelope (its items are checked one by one as creates, each failing alone). */
  validateBulk(body: unknown): void {
    const errors = this.schemas.problems('AppointmentBulkCreate', body);
    if (errors.length > 0) throw unprocessable('The body breaks the contract schema.', errors);
  }

  /** Schema first (422 with JSON pointers), then the rules the schema cannot say. */
  private validate(schema: 'AppointmentCreate' | 'AppointmentPatch', body: unknown): void {
    const errors = this.schemas.problems(schema, body);
    if (errors.length > 0) throw unprocessable('The body breaks the contract schema.', errors);
    const fields = body as WireAppointmentPatch;
    if (fields.link && !linkExists(this.db, fields.link)) {
      throw unprocessable(`No ${fields.link.model} ${fields.link.id} to link to.`, [
        { pointer: '/link', detail: 'unknown record' },
      ]);
    }
    const timing = fields.timing;
    const ordered =
      !timing ||
      (timing.kind === 'timed'
        ? Date.parse(timing.end) >= Date.parse(timing.start)
        : timing.endDate > timing.startDate);
    if (!ordered)
      throw unprocessable('The appointment ends before it starts.', [
        { pointer: '/timing', detail: 'end before start' },
      ]);
  }

  private checkVersion(current: WireAppointment, ifMatch: string | undefined): void {
    if (ifMatch === undefined || ifMatch === '*') return;
    const wanted = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (!wanted.includes(`"${current.version}"`)) {
      throw new ProblemError(
        412,
        'stale-version',
        'Precondition failed',
        `The appointment is at version ${current.version}.`,
        {
          headers: { ETag: `"${current.version}"` },
        },
      );
    }
  }

  private afterWrite(
    appointment: { id: string; ownerId: string; attendees: Array<{ email: string }> },
    reason: OutboxMail['reason'],
    notify: boolean,
  ): void {
    if (notify && appointment.attendees.length > 0) {
      this.db
        .prepare('INSERT INTO outbox (appointment_id, reason, recipients, at) VALUES (?, ?, ?, ?)')
        .run(
          appointment.id,
          reason,
          JSON.stringify(appointment.attendees.map((a) => a.email)),
          new Date().toISOString(),
        );
    }
    this.webhook.notify(appointment.ownerId, appointment.id);
  }

  create(body: unknown, context: WriteContext): WireAppointment {
    this.validate('AppointmentCreate', body);
    const input = body as WireAppointmentCreate;
    if (!personExists(this.db, input.ownerId))
      throw unprocessable(`No person ${input.ownerId}.`, [{ pointer: '/ownerId', detail: 'unknown person' }]);
    const created = this.db.transaction(() => this.appointments.create(input, context.baseUrl))();
    this.afterWrite(created, 'created', context.notify);
    return created;
  }

  update(id: string, body: unknown, context: WriteContext): WireAppointment {
    this.validate('AppointmentPatch', body);
    if ('ownerId' in (body as object))
      throw unprocessable('ownerId cannot change.', [{ pointer: '/ownerId', detail: 'read-only' }]);
    const updated = this.db.transaction(() => {
      const current = this.appointments.get(id, context.baseUrl);
      if (!current) throw notFound(`No appointment ${id}.`);
      this.checkVersion(current, context.ifMatch);
      return this.appointments.update(id, body as WireAppointmentPatch, context.baseUrl) as WireAppointment;
    })();
    this.afterWrite(updated, 'updated', context.notify);
    return updated;
  }

  remove(id: string, mode: 'delete' | 'archive', context: WriteContext): void {
    const before = this.db.transaction(() => {
      const current = this.appointments.get(id, context.baseUrl);
      if (!current) throw notFound(`No appointment ${id}.`);
      this.checkVersion(current, context.ifMatch);
      if (mode === 'archive') this.appointments.update(id, { active: false }, context.baseUrl);
      else this.appointments.remove(id);
      return current;
    })();
    this.afterWrite(before, mode === 'archive' ? 'archived' : 'deleted', context.notify);
  }

  /** An earlier create with this key: its answer when the request is the same, a 422 when it is not. */
  replay(principal: string, key: string, requestHash: string): { status: number; body: WireAppointment } | null {
    const row = this.db.prepare('SELECT * FROM idempotency WHERE principal = ? AND key = ?').get(principal, key) as
      { request_hash: string; status: number; body: string } | undefined;
    if (!row) return null;
    if (row.request_hash !== requestHash) {
      throw new ProblemError(
        422,
        'idempotency-key-reused',
        'Idempotency-Key reused',
        'This key was used with a different request.',
      );
    }
    return { status: row.status, body: JSON.parse(row.body) as WireAppointment };
  }

  remember(principal: string, key: string, requestHash: string, status: number, body: WireAppointment): void {
    this.db
      .prepare(
        'INSERT INTO idempotency (principal, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(principal, key, requestHash, status, JSON.stringify(body), new Date().toISOString());
  }

  static requestHash(parts: Array<string | Buffer>): string {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part).update('\0');
    return hash.digest('hex');
  }

  /** Every cursor handed out so far becomes a 410, as when an ERP prunes its tombstones. */
  expireCursors(): void {
    writeValue(this.db, CURSOR_FLOOR, nextValue(this.db, SEQUENCE));
  }

  outbox(): OutboxMail[] {
    const rows = this.db.prepare('SELECT appointment_id, reason, recipients FROM outbox ORDER BY id').all() as Array<{
      appointment_id: string;
      reason: OutboxMail['reason'];
      recipients: string;
    }>;
    return rows.map((r) => ({
      appointmentId: r.appointment_id,
      reason: r.reason,
      recipients: JSON.parse(r.recipients) as string[],
    }));
  }
}
