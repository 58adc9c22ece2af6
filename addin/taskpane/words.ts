// Every code the backend can send (contract/addin-api/codes.ts) in the person's words: what happened, who acts and
// the action. The tables are typed over the contract's closed lists, so a new code does not compile until it has a
// "who" here; test/addin/error-catalogue.test.ts checks both languages have its sentences. Pure.
import type { ConditionKind, ProblemCode, SyncErrorCode } from '../../contract/addin-api/codes';
import type { I18n, MessageKey } from './i18n';

/** Who acts: the person in the pane, their administrator, or nobody (ERP sync retries by itself). */
export type Who = 'you' | 'admin' | 'nobody';

export interface Words {
  what: string;
  who: Who;
  /** The action that clears it, naming who does it. */
  action: string;
}

export const SYNC_ERROR_WHO: Record<SyncErrorCode, Who> = {
  erp_validation: 'you',
  erp_conflict: 'nobody',
  erp_auth: 'admin',
  erp_not_found: 'you',
  erp_unavailable: 'nobody',
  outlook_throttled: 'nobody',
  outlook_auth: 'you',
  outlook_conflict: 'nobody',
  outlook_not_found: 'you',
  outlook_validation: 'you',
  outlook_mapping: 'you',
  outlook_partial: 'nobody',
  outlook_dependency: 'nobody',
  outlook_unavailable: 'nobody',
  outlook_no_answer: 'nobody',
  problem: 'you',
  loop_breaker: 'admin',
  internal: 'admin',
  error: 'admin',
};

export const PROBLEM_WHO: Record<ProblemCode, Who> = {
  bad_request: 'admin',
  unauthorized: 'you',
  forbidden: 'admin',
  not_found: 'you',
  conflict: 'you',
  precondition_failed: 'you',
  payload_too_large: 'you',
  throttled: 'you',
  auth_revoked: 'you',
  needs_reconnect: 'you',
  consent_required: 'admin',
  erp_key_required: 'you',
  claims_challenge: 'you',
  validation: 'you',
  transient: 'you',
  config: 'admin',
  internal: 'admin',
};

/** Who clears a mailbox condition, from the person's side (the backend's `clearedBy` says how it clears). */
export const CONDITION_WHO: Record<ConditionKind, Who> = {
  delete_guard: 'admin',
  needs_reconnect: 'you',
  erp_rights: 'admin',
  item_failures: 'you',
  subscription_failed: 'admin',
  loop_breaker: 'admin',
  delete_conflict: 'admin',
  paused: 'admin',
  erp_private_key: 'you',
  outlook_throttled: 'nobody',
};

type Params = Record<string, string | number>;

function key(prefix: string, code: string, suffix = ''): MessageKey {
  return `${prefix}.${code}${suffix}` as MessageKey;
}

/** An event's last sync error. */
export function syncErrorWords(i18n: I18n, code: SyncErrorCode, params: Params): Words {
  return {
    what: i18n.t(key('error', code), params),
    who: SYNC_ERROR_WHO[code],
    action: i18n.t(key('error', code, '.action'), params),
  };
}

/** A refused or failed request of the pane. */
export function problemWords(i18n: I18n, code: ProblemCode, params: Params & { seconds?: number }): Words {
  const throttledSoon = code === 'throttled' && !params.seconds;
  return {
    what: i18n.t(key('problem', code), params),
    who: PROBLEM_WHO[code],
    action: i18n.t(throttledSoon ? 'problem.throttled.actionSoon' : key('problem', code, '.action'), params),
  };
}

/** A mailbox condition. */
export function conditionWords(i18n: I18n, kind: ConditionKind, params: Params): Words {
  return {
    what: i18n.t(key('condition', kind), params),
    who: CONDITION_WHO[kind],
    action: i18n.t(key('condition', kind, '.action'), params),
  };
}
