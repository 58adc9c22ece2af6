/** One scenario: a sequence of a person's actions and syncs, and what both sides must hold after it. */
import type { SyncPolicy } from '../../../server/core';
import type { ScenarioWorld } from './world';

/** The Odoo emulator, or real Odoo (either protocol). */
export type BackendKind = 'emulator' | 'real';

export interface Scenario {
  name: string;
  /** The tenant's policy, when the scenario is about one (default: the product's). */
  policy?: Partial<SyncPolicy>;
  /** A world of its own (a fresh mailbox on the same ERP), for scenarios that forget every pairing (resets). */
  world?: string;
  /**
   * Where the scenario is known to fail today, and why (the product or the emulator is wrong, not the scenario):
   * registered with `test.failing`, so it runs and reports, and the suite fails the day it passes (remove the entry).
   */
  known?: Partial<Record<BackendKind, string>>;
  /** `tag` starts every title the scenario makes, so its events are told apart from the others'. */
  run(w: ScenarioWorld, tag: string): Promise<void>;
}
