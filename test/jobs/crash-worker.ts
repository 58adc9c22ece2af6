/**
 * A worker process for the crash test: joins the pg-boss queue, prints "running <mailbox>" when a run starts and
 * never finishes it, so the test can SIGKILL it mid-run. Usage: node --import tsx crash-worker.ts <database-url>
 */
import { createPgBossQueue } from '../../server/jobs/pg-boss-queue';
import { FAST_PG_BOSS_OPTIONS } from './pg-boss-options';

const connectionString = process.argv[2];
if (connectionString === undefined) throw new Error('usage: crash-worker.ts <database-url>');

const report = (level: string) => (details: Record<string, unknown>, message: string) =>
  process.stderr.write(`${JSON.stringify({ level, message, ...details })}\n`);

const queue = createPgBossQueue({
  ...FAST_PG_BOSS_OPTIONS,
  concurrency: 1,
  connectionString,
  applicationName: 'crash-worker',
  logger: { error: report('error'), warn: report('warn') },
});

void queue
  .start(async (mailboxId) => {
    process.stdout.write(`running ${mailboxId}\n`);
    await new Promise<never>(() => undefined);
  })
  .then(() => process.stdout.write('ready\n'));
