/**
 * `npm run sync -- --mailbox <upn|id> [--dry-run] [--reset <leave|deleteOutlook|deleteErp|deleteBoth> --then
 * <newOnly|all>] [--json]`: runs one mailbox sync now with the configured Graph and ERP, prints the summary
 * (counts per action, errors), exits 1 when the run failed or any event failed.
 */
import { parseArgs } from 'node:util';
import { composeSyncCore } from '../server/compose';
import { loadDotEnv, parseConfig } from '../server/config';
import { findMailbox, formatSummary, type ResetOptions } from '../server/engine';
import { createLogger } from '../server/logger';
import { openStore } from '../server/store';

const EXISTING = ['leave', 'deleteOutlook', 'deleteErp', 'deleteBoth'] as const;
const THEN = ['newOnly', 'all'] as const;

function resetFrom(values: { reset?: string; then?: string }): ResetOptions | null {
  if (values.reset === undefined) return null;
  const existing = EXISTING.find((e) => e === values.reset);
  const then = THEN.find((t) => t === (values.then ?? 'all'));
  if (!existing) throw new Error(`--reset is one of ${EXISTING.join(', ')}.`);
  if (!then) throw new Error(`--then is one of ${THEN.join(', ')}.`);
  return { existing, then };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      mailbox: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      reset: { type: 'string' },
      then: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.mailbox) throw new Error('Give --mailbox <UPN, e-mail or mailbox id>.');
  const reset = resetFrom(values);
  loadDotEnv();
  const config = parseConfig(process.env);
  const logger = createLogger({ level: config.LOG_LEVEL ?? 'warn' });
  const store = await openStore({ databaseUrl: config.DATABASE_URL, logger });
  try {
    const { engine } = composeSyncCore(config, store, logger);
    const mailbox = await findMailbox(store, values.mailbox);
    if (values['dry-run']) {
      const report = await engine.dryRun(mailbox.id);
      console.log(values.json ? JSON.stringify(report, null, 2) : formatSummary(report));
      return 0;
    }
    if (reset) console.log(JSON.stringify(await engine.resetMailbox(mailbox.id, reset)));
    const summary = await engine.syncMailbox(mailbox.id, 'admin');
    console.log(values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    return summary.status === 'succeeded' ? 0 : 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
