/**
 * Turns a SQLite deadlock into an error: Kysely runs SQLite on one connection held by the open transaction, so a
 * query through the store's own handle from inside `store.transaction` would wait forever. PostgreSQL needs no guard.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { AppError } from '../errors';

export class TransactionGuard {
  readonly #inside = new AsyncLocalStorage<true>();

  /** Runs the transaction's work, marking its async context. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.#inside.run(true, work);
  }

  /**
   * Releases the async context. Node keeps every AsyncLocalStorage that ever ran and visits each one for every new
   * promise until it is disabled, so a process that opens and closes stores (tests, tools) slowed with each one: the
   * property test's 500 stores made its last batches 6 times slower than its first.
   */
  dispose(): void {
    this.#inside.disable();
  }

  /** A plugin for the store's own handle that refuses queries issued from inside a transaction's work. */
  plugin(): KyselyPlugin {
    const inside = this.#inside;
    return {
      transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
        if (inside.getStore() === true) {
          throw new AppError(
            'internal',
            'A store repository was called inside store.transaction(); on SQLite that waits forever. Use the `tx` repositories.',
            { operational: false },
          );
        }
        return node;
      },
      async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
        return result;
      },
    };
  }
}
