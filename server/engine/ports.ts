/**
 * The narrow interfaces the engine needs from its neighbours: the Outlook side of one mailbox (satisfied by
 * server/outlook's OutlookCalendar), the ERP port, the store, a clock and a logger. Types only.
 */
import type { ErpPort } from '../erp';
import type {
  DeltaRequest,
  DeltaResult,
  LoadedSeries,
  OutlookEventRecord,
  UtcWindow,
  WriteOperation,
  WriteOutcome,
} from '../outlook';
import type { Mailbox, Store } from '../store';

/** What one mailbox sync reads from and writes to Outlook. OutlookCalendar satisfies it. */
export interface OutlookSide {
  /** One delta round; throws OutlookError `sync_state_not_found` on a 410 (the engine restarts without a link). */
  readChanges(request: DeltaRequest): Promise<DeltaResult>;
  loadSeries(masterIds: readonly string[], window: UtcWindow): Promise<Map<string, LoadedSeries>>;
  getEvents(ids: readonly string[]): Promise<Map<string, OutlookEventRecord>>;
  findByMappingId(mappingId: string): Promise<OutlookEventRecord[]>;
  applyWrites(operations: readonly WriteOperation[]): Promise<WriteOutcome[]>;
}

/** Builds the Outlook side of a mailbox (the Graph adapter with the mailbox's token provider). */
export type OutlookSideFactory = (mailbox: Mailbox) => OutlookSide;

/** The subset of a pino logger the engine uses. */
export interface EngineLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
  /** Lines an operator reads only when looking closely (a failure repeated unchanged). */
  debug?(details: object, message: string): void;
}

export interface EngineDeps {
  store: Store;
  erp: ErpPort;
  outlook: OutlookSideFactory;
  clock: { now(): Date };
  logger: EngineLogger;
  /** Names this process in sync_runs and audit rows. */
  workerId?: string;
}
