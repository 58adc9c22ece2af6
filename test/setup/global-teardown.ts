/** Once per jest run, after every suite: ends the run's real Odoo and drops its throw-away databases at once. */
import { stopSharedOdoo } from '../support/real-odoo/process';
import { dropDatabases, runOwner, throwawayDatabases } from '../support/throwaway-databases';

export default async function globalTeardown(): Promise<void> {
  stopSharedOdoo('this run');
  try {
    await dropDatabases(await throwawayDatabases(runOwner()));
  } catch {
    // PostgreSQL is gone: the next run's setup drops what is left.
  }
}
