/**
 * Once per jest run, before any suite: the run's id (TEST_RUN_OWNER, inherited by the workers) names the throw-away
 * databases the suites make and the real Odoo process they share, so test/setup/global-teardown.ts can end them all
 * at once; leftovers of runs that were interrupted are ended now. Without PostgreSQL nothing is done here (the
 * suites that need it say so loudly).
 */
import { stopSharedOdoo } from '../support/real-odoo/process';
import { dropDatabases, throwawayDatabases } from '../support/throwaway-databases';

export default async function globalSetup(): Promise<void> {
  process.env['TEST_RUN_OWNER'] = String(process.pid);
  stopSharedOdoo('dead runs');
  try {
    await dropDatabases(await throwawayDatabases(null));
  } catch {
    // PostgreSQL is not running: the suites that need it fail with their own message.
  }
}
