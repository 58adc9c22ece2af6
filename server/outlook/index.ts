/**
 * The Outlook (Microsoft Graph) adapter's public surface: `createOutlookCalendar` for one mailbox, its result and
 * error types, and the property ids the add-in and docs refer to. Graph wire types stay inside this folder.
 */
import { OutlookCalendar, type OutlookCalendarOptions } from './adapter';

export { OutlookCalendar };
export type { OutlookCalendarOptions };
export type { AccessTokenProvider, GraphRetryOptions, RequestLimiter, TokenPurpose } from './client';
export {
  createRequestBudget,
  GRAPH_MAX_CONCURRENT_PER_MAILBOX,
  GRAPH_MAX_REQUESTS_PER_WINDOW,
  GRAPH_WINDOW_MS,
} from './request-budget';
export type { BudgetClock, RequestBudget, RequestBudgetOptions } from './request-budget';
export type { DeltaRequest, DeltaResult, LoadedSeries } from './delta-reader';
export type { WriteFailureKind, WriteOperation, WriteOutcome } from './batch-writer';
export type { OccurrenceChange, SeriesExceptions } from './series-exceptions';
export type { BatchRetryOptions } from './batch';
export type { OutlookEventRecord, OutlookEventType } from './records';
export type { UtcWindow } from './series';
export type { Subscription, SubscriptionRequest } from './subscriptions';
export { MAX_EVENT_SUBSCRIPTION_MINUTES } from './subscriptions';
export type { Mapped, OutlookMappingError, OutlookMappingErrorKind } from './mapping-result';
export { OutlookError, isOutlookError, type OutlookErrorCause, type OutlookErrorKind } from './errors';
export {
  ADDIN_PROPERTY_SET,
  PRODUCT_PROPERTY_SET,
  PROPERTY_IDS,
  addinPropertyId,
  effectiveErpLink,
  effectiveErpSync,
  type MarksToWrite,
  type OutlookMarks,
} from './extended-properties';

export function createOutlookCalendar(options: OutlookCalendarOptions): OutlookCalendar {
  return new OutlookCalendar(options);
}
