/** Problem `type` URIs (RFC 9457) of the add-in API and the problem body the pane reads. No runtime beyond constants. */
/** The `type` URIs the pane reacts to. Anything else is shown with its `title`/`detail`. */
export const PROBLEM_TYPES = {
  /** 403: the admin or the person has not consented to the backend's Graph scopes. */
  consentRequired: 'https://outlook-erp-sync.dev/problems/consent-required',
  /** 401 + `WWW-Authenticate: Bearer ..., claims="<base64>"`: ask a new token with authChallenge. */
  claimsChallenge: 'https://outlook-erp-sync.dev/problems/claims-challenge',
  /** 409 (or 401): the backend's stored token cache is gone or revoked; the person must reconnect. */
  needsReconnect: 'https://outlook-erp-sync.dev/problems/needs-reconnect',
  /** 403: the pane's ERP calls need the person's own ERP key (none linked, or refused); `reason` says which. */
  erpKeyRequired: 'https://outlook-erp-sync.dev/problems/erp-key-required',
  /** 401: the bearer token is missing, expired or invalid. */
  unauthorized: 'https://outlook-erp-sync.dev/problems/unauthorized',
  /** 429 with Retry-After (seconds). */
  throttled: 'https://outlook-erp-sync.dev/problems/throttled',
  notFound: 'https://outlook-erp-sync.dev/problems/not-found',
  /** 400/422 with `errors: [{field, message}]`. */
  validation: 'https://outlook-erp-sync.dev/problems/validation',
} as const;

/** RFC 9457 problem details body (`application/problem+json`). */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** For `validation`. */
  errors?: { field: string; message: string }[];
  /** A finer reason some problems carry (e.g. `PrivateKeyProblemReason`), for the pane's own words. */
  reason?: string;
  /** For `claimsChallenge`: the same base64 claims as in WWW-Authenticate, for clients that cannot read headers. */
  claims?: string;
}
