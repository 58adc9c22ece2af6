/**
 * The public API of server/core, the pure sync domain. Other folders import only this file (lint keeps it so). Nothing here does I/O.
 */
export * from './model';
export * from './state';
export * from './sync-policy';
export * from './plan-types';
export { canonicalJson, fnv1a64 } from './fingerprint';
export { decodeEntities, escapeHtml, htmlToText, normalizeHtml } from './html';
export {
  fingerprint,
  normalizeAttendees,
  normalizeCategories,
  normalizeEmail,
  normalizeEvent,
  normalizeInstant,
  normalizeRecurrence,
  normalizeRrule,
  normalizeTiming,
} from './normalize';
export { copyField, diffFields, overlay, pickFields, sameFields } from './diff';
export { validateEvent } from './validate';
export { detect } from './detect';
export { hasSubjectTag, houseCategories, projectWrite, readView, stripSubjectTag } from './side-view';
export type { SideWrite } from './side-view';
export {
  QUIET_BLOCK_END,
  QUIET_BLOCK_START,
  hasQuietBlock,
  parseQuietBlock,
  renderQuietBlock,
  stripQuietBlock,
  withQuietBlock,
} from './quiet-attendees';
export { reconcile } from './reconcile';
export { intentOf, landedBase } from './intent';
export { breakCopyLoops, copyKey } from './loop-breaker';
export type { LedgerCopy } from './loop-breaker';
export type { IntendedWrite, WriteIntent } from './intent';
export { keepRicher, representEvent } from './represent';
export { resolveChoices, resolveConflict, settle } from './resolve';
export { cancelledInOutlookNote } from './merge-recurrence';
export type { CancelledInOutlookNote } from './merge-recurrence';
export type { Decision } from './resolve';
export { applyPolicy } from './policy';
export { guardMassDeletes, guardVerdict } from './guard';
export type { PairedCounts } from './guard';
export { planSync } from './plan';
export { invitationsFor, summarizePlan } from './summary';
export type { PlanSummary } from './summary';
export { inWindow, syncWindow, timingSpan } from './window';
export type { SyncWindow } from './window';
export { erpEventBelongs, isMarkedForSync, outlookInScope } from './marking';
export type { ErpOwnershipFacts, MarkSource, MarkVerdict, OutlookMarkFacts } from './marking';
export * from './customer-details';
export { DAY_MS, isIanaZone, utcToWall, wallToUtc } from './wall-clock';
