/**
 * People acting while the engine runs: Adele in Odoo's web client (through the emulator's control API, as the
 * person, mails included), Adele editing Outlook or Odoo just before a run's writes reach them, and a store that
 * dies before a run records what it wrote. Test helpers only.
 */
import type { OutlookSide, OutlookSideFactory } from '../../server/engine';
import type { ErpPort } from '../../server/erp/port';
import type { Store } from '../../server/store';
import type { World } from './harness';

export const ADELE_LOGIN = 'adele@contoso.example';

/** Adele calls `method` on calendar.event in Odoo, as in Odoo's web client. */
export function odooAct(w: World, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): unknown {
  return w.odoo.control.act(ADELE_LOGIN, 'calendar.event', method, args, kwargs);
}

export function editInOdoo(w: World, erpId: string, values: Record<string, unknown>): void {
  odooAct(w, 'write', [[Number(erpId)], values]);
}

export function deleteInOdoo(w: World, erpId: string): void {
  odooAct(w, 'unlink', [[Number(erpId)]]);
}

/** The Odoo record as Odoo holds it (null when it is gone). */
export function odooEvent(w: World, erpId: string): Record<string, unknown> | null {
  const rows = odooAct(w, 'search_read', [[['id', '=', Number(erpId)]], ['name', 'location', 'active']]) as Array<
    Record<string, unknown>
  >;
  return rows[0] ?? null;
}

/** Outlook as the engine sees it, with `before` run once just before the first write round reaches Graph. */
export function outlookActingFirst(w: World, before: () => Promise<void>): OutlookSideFactory {
  let done = false;
  return (mailbox) => {
    const side: OutlookSide = w.deps.outlook(mailbox);
    return {
      readChanges: (request) => side.readChanges(request),
      loadSeries: (ids, window) => side.loadSeries(ids, window),
      getEvents: (ids) => side.getEvents(ids),
      findByMappingId: (id) => side.findByMappingId(id),
      applyWrites: async (operations) => {
        if (!done) {
          done = true;
          await before();
        }
        return side.applyWrites(operations);
      },
    };
  };
}

/** The ERP port with `before` run once just before the run's first write reaches the ERP. */
export function erpActingFirst(port: ErpPort, before: () => Promise<void> | void): ErpPort {
  let done = false;
  const first = async () => {
    if (!done) {
      done = true;
      await before();
    }
  };
  return Object.assign(Object.create(Object.getPrototypeOf(port) as object) as ErpPort, port, {
    createEvent: async (...args: Parameters<ErpPort['createEvent']>) => (await first(), port.createEvent(...args)),
    updateEvent: async (...args: Parameters<ErpPort['updateEvent']>) => (await first(), port.updateEvent(...args)),
    deleteEvent: async (...args: Parameters<ErpPort['deleteEvent']>) => (await first(), port.deleteEvent(...args)),
  });
}

/** A store whose transactions fail while `crashing` is on: as if the process died after the remote write. */
export function crashingStore(store: Store, state: { crashing: boolean }): Store {
  return {
    ...store,
    transaction: (work) =>
      store.transaction(async (tx) => {
        const result = await work(tx);
        if (state.crashing && result === undefined) throw new Error('process died before the result was recorded');
        return result;
      }),
  };
}
