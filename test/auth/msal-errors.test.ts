/**
 * readMsalError on failures msal-node makes up itself (no emulator needed for these): the replay of a transient
 * token endpoint failure while msal throttles (msal-common ThrottlingUtils.preProcess: a ServerError whose code is
 * the AADSTS number and that has no status) is transient, not a missing consent.
 */
import { ServerError } from '@azure/msal-node';
import { readMsalError } from '../../server/auth/msal-errors';

describe('readMsalError', () => {
  it("when msal replays a 503 AADSTS90033 while it throttles, then it reads as transient (try again), not 'unexpected'", () => {
    const replay = new ServerError(
      '90033',
      'correlation-id',
      'AADSTS90033: A transient error has occurred. Please try again.',
    );
    expect(replay.status).toBeUndefined();
    expect(readMsalError(replay)).toEqual({
      kind: 'transient',
      message: 'AADSTS90033: A transient error has occurred. Please try again.',
    });
  });

  it('when the token endpoint says consent is missing (AADSTS65001), then it still reads as consent required', () => {
    const error = new ServerError('invalid_grant', 'correlation-id', 'AADSTS65001: The user has not consented.');
    expect(readMsalError(error).kind).toBe('consent_required');
  });
});
