/**
 * Graceful shutdown: on SIGTERM/SIGINT, stop taking work (readiness turns 503, the listener closes), let
 * in-flight requests and jobs finish, then close resources, all within a deadline after which connections are cut.
 */
import type { Server } from 'node:http';
import type { Logger } from 'pino';

export const SHUTDOWN_DEADLINE_MS = 10_000;

export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

export interface Shutdown {
  draining(): boolean;
  /** Runs once; later calls return the same promise. */
  run(reason: string): Promise<void>;
}

/** `before` steps run while requests drain (stop schedulers, await jobs); `after` steps once the server closed. */
export function createShutdown(options: {
  server: Server;
  logger: Logger;
  before?: ShutdownStep[];
  after?: ShutdownStep[];
  deadlineMs?: number;
}): Shutdown {
  let draining = false;
  let running: Promise<void> | undefined;
  const deadlineMs = options.deadlineMs ?? SHUTDOWN_DEADLINE_MS;

  const runSteps = async (steps: ShutdownStep[]) => {
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        options.logger.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
  };

  const closeServer = () =>
    new Promise<void>((resolve) => {
      options.server.close(() => resolve());
      options.server.closeIdleConnections();
    });

  const sequence = async (reason: string) => {
    draining = true;
    options.logger.info({ reason }, 'shutting down');
    const deadline = setTimeout(() => {
      options.logger.warn('shutdown deadline reached: closing remaining connections');
      options.server.closeAllConnections();
    }, deadlineMs);
    deadline.unref();
    await Promise.all([closeServer(), runSteps(options.before ?? [])]);
    await runSteps(options.after ?? []);
    clearTimeout(deadline);
    options.logger.info('shutdown complete');
  };

  return {
    draining: () => draining,
    run: (reason) => (running ??= sequence(reason)),
  };
}
