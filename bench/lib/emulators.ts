/**
 * The emulated world of a benchmark, in this process: the Microsoft 365 emulator (identity + Graph) and the Odoo
 * emulator, both with the latency model applied to every Graph request and every Odoo call, and what each side was
 * asked (Graph requests as Graph's mailbox limits count them, Odoo calls by method). The backend under test runs in
 * child processes (processes.ts) and reaches these over HTTP(S), exactly as production reaches Microsoft and Odoo.
 */
import { join } from 'node:path';
import { startMicrosoft365Emulator, type Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { startOdooEmulator, type OdooEmulator } from '../../sandbox/odoo/server';

export interface LatencyModel {
  /** Added to every Graph request as Outlook runs them: each `$batch` sub-request, not the envelope. */
  graphMs: number;
  /** Added to every Odoo model call. */
  odooMs: number;
}

export interface Counts {
  /** Graph requests as the mailbox limits count them (each `$batch` sub-request is one; the envelope is not). */
  graph: number;
  /** HTTP round trips to Graph (a `$batch` is one). */
  graphHttp: number;
  graphThrottled: number;
  /** Odoo model calls (authenticate and version included). */
  erp: number;
  erpByMethod: Record<string, number>;
}

export interface Emulators {
  m365: Microsoft365Emulator;
  odoo: OdooEmulator;
  counts(): Counts;
  /** What was asked between two `counts()`. */
  since(before: Counts): Counts;
  stop(): Promise<void>;
}

export async function startEmulators(dataDir: string, latency: LatencyModel): Promise<Emulators> {
  const m365 = await startMicrosoft365Emulator({
    certificateDir: join(dataDir, 'certs'),
    // v1 tokens carry Microsoft's own v1 issuer, as production's do (see sandbox/start-sandbox.ts).
    issuers: { v1Base: 'https://sts.windows.net' },
    settings: { latencyMs: latency.graphMs },
  });
  const odoo = await startOdooEmulator();
  odoo.control.setLatency(latency.odooMs);
  const counts = (): Counts => {
    const graph = m365.context.requestLog.totals();
    const erp = odoo.control.calls();
    return {
      graph: graph.counted,
      graphHttp: graph.http,
      graphThrottled: graph.throttled,
      erp: erp.total,
      erpByMethod: erp.byMethod,
    };
  };
  return {
    m365,
    odoo,
    counts,
    since(before) {
      const now = counts();
      const byMethod: Record<string, number> = {};
      for (const [key, value] of Object.entries(now.erpByMethod)) {
        const delta = value - (before.erpByMethod[key] ?? 0);
        if (delta > 0) byMethod[key] = delta;
      }
      return {
        graph: now.graph - before.graph,
        graphHttp: now.graphHttp - before.graphHttp,
        graphThrottled: now.graphThrottled - before.graphThrottled,
        erp: now.erp - before.erp,
        erpByMethod: byMethod,
      };
    },
    stop: async () => {
      await Promise.all([m365.stop(), odoo.stop()]);
    },
  };
}
