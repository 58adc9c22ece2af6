/**
 * What both process entries (main.ts, worker.ts) do around their work: stop once on SIGTERM or SIGINT, and end a
 * start-up that failed with its stack on stderr and exit code 1.
 */

/** Calls `stop` once, on the first SIGTERM or SIGINT. */
export function onStopSignals(stop: (signal: string) => void): void {
  let stopping = false;
  const once = (signal: string) => {
    if (stopping) return;
    stopping = true;
    stop(signal);
  };
  process.once('SIGTERM', () => once('SIGTERM'));
  process.once('SIGINT', () => once('SIGINT'));
}

/** Runs a process entry; a failure to start ends the process. */
export function runEntry(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
