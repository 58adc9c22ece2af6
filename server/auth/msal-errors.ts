/**
 * Reads what an msal-node failure means for us: consent missing, a claims challenge (MFA, conditional access),
 * a dead grant (revoked or expired refresh token, withdrawn consent), an expired assertion, or a transient fault.
 * It decides nothing about HTTP or the mailbox; callers turn the verdict into an AppError or a status.
 */
import { AuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';

export type MsalVerdict =
  | { kind: 'consent_required'; message: string }
  | { kind: 'claims_challenge'; claims: string; message: string }
  | { kind: 'grant_dead'; message: string }
  | { kind: 'assertion_invalid'; message: string }
  | { kind: 'transient'; message: string }
  | { kind: 'unexpected'; message: string };

/** AADSTS codes that mean the add-in token itself was refused (expired, bad signature, wrong audience). */
const ASSERTION_CODES = new Set(['500133', '50013', '50027']);
/** msal client-side codes that mean the cache cannot produce a token without the person. */
const NO_GRANT_CODES = new Set([
  'no_tokens_found',
  'refresh_token_expired',
  'no_account_found',
  'no_account_in_silent_request',
]);
/**
 * AADSTS numbers of transient failures. While msal throttles after a 429/5xx it replays the failure as a ServerError
 * whose code is the AADSTS number and that has no status, so the number is all there is to read.
 */
const TRANSIENT_NUMBERS = new Set(['90033']);
const TRANSIENT_CODES = new Set([
  'temporarily_unavailable',
  'server_error',
  'network_error',
  'endpoints_resolution_error',
]);

/** The first line of an AADSTS description: the trace and correlation ids that follow are noise for people. */
function plainMessage(error: AuthError): string {
  return (error.errorMessage || error.message).split(/\r?\n/)[0]?.trim() ?? error.errorCode;
}

function errorNumber(error: AuthError): string {
  // Cast: an optional read of a field msal sets on some errors, checked before use.
  const number = (error as { errorNo?: unknown }).errorNo;
  if (number !== undefined && number !== null) return String(number);
  return /AADSTS(\d+)/.exec(error.errorMessage)?.[1] ?? '';
}

export function readMsalError(error: unknown): MsalVerdict {
  if (!(error instanceof AuthError)) {
    const message = error instanceof Error ? error.message : String(error);
    // fetch failures (DNS, TLS, reset) surface as plain errors from msal's network module.
    return { kind: 'transient', message };
  }
  const message = plainMessage(error);
  const code = error.errorCode;
  const number = errorNumber(error);
  const claims = error instanceof InteractionRequiredAuthError ? error.claims : '';
  if (claims) return { kind: 'claims_challenge', claims, message };
  if (code === 'consent_required' || error.subError === 'consent_required' || number === '65001') {
    return { kind: 'consent_required', message };
  }
  if (ASSERTION_CODES.has(number)) return { kind: 'assertion_invalid', message };
  if (code === 'invalid_grant' || code === 'interaction_required' || code === 'login_required') {
    return { kind: 'grant_dead', message };
  }
  if (NO_GRANT_CODES.has(code)) return { kind: 'grant_dead', message };
  const status = error instanceof ServerError ? error.status : undefined;
  if (
    TRANSIENT_CODES.has(code) ||
    TRANSIENT_NUMBERS.has(number) ||
    TRANSIENT_NUMBERS.has(code) ||
    (status !== undefined && (status === 429 || status >= 500))
  ) {
    return { kind: 'transient', message };
  }
  return { kind: 'unexpected', message };
}
