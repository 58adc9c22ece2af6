// Legacy Office SSO (Office.auth.getAccessToken) with its documented error codes mapped to what the ladder does next.
// It does not fall back by itself: the account manager decides.

/** What to do after a getAccessToken failure. */
export type SsoFailureKind = 'use_dialog' | 'user_cancelled' | 'retry_later' | 'sign_in_required';

export class SsoError extends Error {
  constructor(
    readonly code: number,
    readonly kind: SsoFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SsoError';
  }
}

/** Documented getAccessToken error codes -> next step and a message in plain words. */
const SSO_CODES: Record<number, [SsoFailureKind, string]> = {
  13001: ['sign_in_required', 'Sign in to Office to use ERP sync.'],
  13002: ['user_cancelled', 'Sign-in was cancelled.'],
  13003: ['use_dialog', 'This account type cannot use single sign-on.'],
  13004: ['use_dialog', 'The add-in is registered with an invalid resource.'],
  13005: ['use_dialog', 'Consent is needed to use ERP sync.'],
  13006: ['use_dialog', 'Office could not get a token (client error).'],
  13007: ['use_dialog', 'Office could not get a token.'],
  13008: ['retry_later', 'Sign-in is already in progress. Try again in a moment.'],
  13010: ['use_dialog', 'Your browser security zones block single sign-on.'],
  13012: ['use_dialog', 'Single sign-on is not available on this platform.'],
  13013: ['retry_later', 'Too many sign-in attempts. Wait a moment and try again.'],
  50001: ['use_dialog', 'This version of Office does not support single sign-on.'],
};

export function ssoErrorOf(code: number, fallbackMessage: string): SsoError {
  const known = SSO_CODES[code];
  return known ? new SsoError(code, known[0], known[1]) : new SsoError(code, 'use_dialog', fallbackMessage);
}

export async function getSsoToken(authChallenge?: string): Promise<string> {
  try {
    return await Office.auth.getAccessToken({
      allowSignInPrompt: true,
      allowConsentPrompt: true,
      // The backend exchanges this token on-behalf-of for Graph: ask Office to report missing Graph consent.
      forMSGraphAccess: true,
      ...(authChallenge ? { authChallenge } : {}),
    });
  } catch (error) {
    const { code, message } = error as { code?: number | string; message?: string };
    throw ssoErrorOf(Number(code), message ?? 'Office single sign-on failed.');
  }
}
