/**
 * Real Odoo 19 for test suites. Usage:
 *
 *   describeRealOdoo('Odoo adapter port', ({ protocol, db, adapter }) => {
 *     test('...', async () => { await adapter().createEvent(...); await db().call('calendar.event', ...) });
 *   });
 *
 * registers `real Odoo (json2)` and `real Odoo (jsonrpc)` blocks (the CI summary counts them per protocol), each with
 * its own fresh database copied from start-odoo.sh's template, served by one real Odoo process per call (started in
 * beforeAll, stopped and its databases dropped in afterAll). `db()` is the database (connection + a raw client
 * acting as a person in Odoo), `adapter()` the product's Odoo adapter on it over the block's protocol,
 * `freshDatabase(suffix)` another clean database on the same server.
 * Where Odoo is: REAL_ODOO_SCRIPT, else ../shared/odoo/start-odoo.sh beside the clone. In CI (CI=true) real Odoo is
 * required and a missing one fails every test of the block; elsewhere the blocks are skipped with a loud warning.
 */
import type { CustomerAddressLookup } from '../../server/erp/customer-address';
import type { ErpPort } from '../../server/erp/port';
import { realOdooAdapter, type AdapterOverrides } from './real-odoo-adapter';
import { RealOdooDatabase } from './real-odoo/database';
import { findStartScript, RealOdooServer } from './real-odoo/server';

export type RealOdooProtocol = 'json2' | 'jsonrpc';
export const REAL_ODOO_PROTOCOLS: readonly RealOdooProtocol[] = ['json2', 'jsonrpc'];
export { RealOdooDatabase, OdooCallError, type OdooUser } from './real-odoo/database';

export interface RealOdooContext {
  protocol: RealOdooProtocol;
  /** This block's database (valid once beforeAll ran). */
  db(): RealOdooDatabase;
  /** The product's Odoo adapter on this block's database and protocol, as the administrator. */
  adapter(overrides?: AdapterOverrides): ErpPort & CustomerAddressLookup;
  /** Another clean database on the same server (e.g. for a test that changes rights). */
  freshDatabase(suffix: string): Promise<RealOdooDatabase>;
}

/** Real Odoo for a whole file or suite, when a suite wants to manage the lifetime itself. */
export interface RealOdoo {
  server: RealOdooServer;
  database(suffix: string): Promise<RealOdooDatabase>;
  stop(): Promise<void>;
}

/** Setting up and tearing down real Odoo under load (see afterAll). */
export const HOOK_TIMEOUT_MS = 5 * 60_000;

const MISSING =
  'start-odoo.sh was not found (set REAL_ODOO_SCRIPT, or put the shared folder with odoo/start-odoo.sh beside the clone)';

/** Whether real Odoo can run here; `required` in CI. */
export function realOdooStatus(): { script: string | null; required: boolean } {
  return { script: findStartScript(), required: process.env['CI'] === 'true' };
}

export async function startRealOdoo(name: string, firstSuffix = 'main'): Promise<RealOdoo> {
  const { script, required } = realOdooStatus();
  if (!script) throw new Error(`real Odoo is required${required ? ' in CI (CI=true)' : ''}: ${MISSING}`);
  const server = await RealOdooServer.start(script, name, firstSuffix);
  const open = (db: string) => new RealOdooDatabase(server.info.url, db, server.info.apiKey, server.info.version);
  let first = true;
  return {
    server,
    database: async (suffix) => {
      // The script made `<base>_<firstSuffix>` already; later suffixes are fresh copies.
      const name = first && suffix === firstSuffix ? `${server.base}_${suffix}` : await server.createDatabase(suffix);
      first = false;
      return open(name);
    },
    stop: () => server.stop(),
  };
}

/**
 * `protocols` narrows a file to one protocol, so a long suite can be two files that CI runs side by side (each file
 * then starts its own server).
 */
export function describeRealOdoo(
  title: string,
  body: (context: RealOdooContext) => void,
  protocols: readonly RealOdooProtocol[] = REAL_ODOO_PROTOCOLS,
): void {
  const { script, required } = realOdooStatus();
  const skip = !script && !required;
  if (skip) {
    console.warn(
      `\n*** REAL ODOO SKIPPED: "${title}" did not run against real Odoo 19: ${MISSING}. CI requires it. ***\n`,
    );
  }
  (skip ? describe.skip : describe)(title, () => {
    // Real Odoo hashes every password it is given with 600,000 PBKDF2 rounds (Odoo 19's floor), three per user a
    // suite makes: a hook that makes two users took 15-30 s on the loaded 2-core machine. Tests and hooks of these
    // files get 60 s (the longest any test may take, issue 16), not jest's default 30 s.
    jest.setTimeout(60_000);
    let odoo: RealOdoo | undefined;
    beforeAll(async () => {
      odoo = await startRealOdoo(title, protocols[0]);
    }, 15 * 60_000);
    // Generous: on a machine shared by several people's suites (load average above 20 measured), stopping the server
    // and dropping its databases took over a minute; a slow teardown is not a failure of the product.
    afterAll(async () => {
      await odoo?.stop();
    }, HOOK_TIMEOUT_MS);
    const running = (): RealOdoo => {
      if (!odoo) throw new Error('real Odoo is not running (its beforeAll failed: see the first error)');
      return odoo;
    };
    describe.each(protocols)('real Odoo (%s)', (protocol) => {
      let database: RealOdooDatabase | undefined;
      beforeAll(async () => {
        const fresh = await running().database(protocol);
        // The first request to a new database loads Odoo's registry for it (1-2 s idle, 10-20 s on the loaded
        // machine): done here, under the harness's own time limit, not inside a suite's first hook or test.
        await fresh.call('res.users', 'context_get', {});
        database = fresh;
      }, HOOK_TIMEOUT_MS);
      const db = (): RealOdooDatabase => {
        if (!database) throw new Error('the real Odoo database exists only once beforeAll ran');
        return database;
      };
      body({
        protocol,
        db,
        adapter: (overrides) => realOdooAdapter(db(), protocol, overrides),
        freshDatabase: (suffix) => running().database(`${protocol}_${suffix}`),
      });
    });
  });
}
