/**
 * The log of a sync run, read as an operator reads it: the production logger (server/logger.ts, with its
 * redaction) writing JSON lines into a buffer while the engine syncs against the emulators. One line per run; one
 * line per failed event with its cause, Graph's request ids or the ERP's error and the ids to find it; a failure
 * retried (by the HTTP retry, or by the next run, unchanged) is not logged again; no token or key in any line.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../server/logger';
import { createInOutlook, erpEvent, outlookBody, startCleanWorld, type World } from './harness';

interface Line {
  level: number;
  msg: string;
  [key: string]: unknown;
}

const lines: Line[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const text of String(chunk).split('\n')) if (text.trim()) lines.push(JSON.parse(text) as Line);
    done();
  },
});
const logger = createLogger({ level: 'debug', destination: sink });

const WARN = 40;
const DEBUG = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

/** Runs one sync with the capturing logger; answers its summary and the lines it wrote. */
async function loggedRun() {
  const from = lines.length;
  const summary = await w.engineWith({ logger }).syncMailbox(w.mailbox.id);
  return { summary, lines: lines.slice(from) };
}

const failures = (logged: Line[]) => logged.filter((l) => l.msg.startsWith('event '));
const runLines = (logged: Line[]) => logged.filter((l) => l.msg.startsWith('sync '));

describe('the log of a sync run', () => {
  it('when Graph refuses one event, then one warning names its cause, the request ids, the mailbox and both ids; the next run failing the same way logs it at debug only', async () => {
    const record = await w.erp.createEvent(w.adele, erpEvent('Refused by Graph', 6), 'log-graph', {
      quiet: true,
      needsReview: false,
    });
    const fault = { kind: 'status', status: 400, code: 'ErrorInvalidRequest', method: 'POST', path: '/events$' };
    await w.m365.control.addFault({ ...fault, count: 1 } as Parameters<World['m365']['control']['addFault']>[0]);

    const first = await loggedRun();

    expect(first.summary.errors).toHaveLength(1);
    const [line, ...more] = failures(first.lines);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: WARN,
      msg: expect.stringMatching(
        /^event not synced: Outlook cannot hold this event: .*Graph answered 400 ErrorInvalidRequest/,
      ),
      mailboxId: w.mailbox.id,
      runId: first.summary.runId,
      erpRecordId: record.id,
      mappingId: expect.any(String),
      side: 'outlook',
      code: 'outlook_validation',
      status: 400,
      graphCode: 'ErrorInvalidRequest',
      requestId: expect.stringMatching(UUID),
      clientRequestId: expect.any(String),
    });
    expect(runLines(first.lines)).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(/^sync partial: 0 created, 0 updated, 0 deleted, 0 conflicts, 1 failed in \d+ ms$/),
        mailboxId: w.mailbox.id,
        failed: 1,
        created: 0,
        durationMs: expect.any(Number),
      }),
    ]);

    await w.m365.control.addFault({ ...fault, count: 1 } as Parameters<World['m365']['control']['addFault']>[0]);
    const again = await loggedRun();

    expect(again.summary.errors).toHaveLength(1);
    expect(failures(again.lines)).toEqual([
      expect.objectContaining({ level: DEBUG, repeated: true, erpRecordId: record.id, code: 'outlook_validation' }),
    ]);
    const healed = await loggedRun();
    expect(failures(healed.lines)).toEqual([]);
    expect(runLines(healed.lines)).toEqual([
      expect.objectContaining({ msg: expect.stringMatching(/^sync succeeded: 1 created, 0 updated/), created: 1 }),
    ]);
  });

  it('when the ERP fails one create on every attempt, then the event is logged once with the ERP error, however many attempts the retry made', async () => {
    await createInOutlook(w, outlookBody('Refused by the ERP', 7));
    const fault = w.odoo.control.addFault({
      kind: 'status',
      status: 503,
      model: 'calendar.event',
      method: 'load',
      times: 20,
    });

    const run = await loggedRun();
    const left = w.odoo.control.state().faults.find((f) => f.id === fault.id)?.remaining ?? 0;
    w.odoo.control.clearFaults();

    expect(20 - left).toBeGreaterThan(1);
    const logged = failures(run.lines);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: WARN,
      msg: expect.stringMatching(/^event not synced: The ERP did not answer in time/),
      side: 'erp',
      code: 'erp_unavailable',
      outlookEventId: expect.any(String),
      erpError: expect.stringMatching(/503/),
    });
    expect(runLines(run.lines)).toEqual([expect.objectContaining({ failed: 1, status: 'partial' })]);
  });

  it('when all of the above was logged, then no line holds the Graph token or the ERP key', () => {
    const text = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(5);
    expect(text).not.toContain(w.token);
    expect(text).not.toContain(w.odoo.users.admin.apiKey);
  });
});
