/**
 * Token endpoint failures as the real msal-node surfaces them: expired or forged assertions, missing consent,
 * MFA claims challenges, revoked and expired refresh tokens, bad client secrets, 429/5xx faults.
 */
import { AuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import { MFA_CLAIMS_CHALLENGE } from '../../../sandbox/microsoft365/identity/scopes';
import { GRAPH_CALENDARS, msalApp, startEmulator } from './helpers';

let emulator: Microsoft365Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

async function oboError(assertion: string, app = msalApp(emulator)): Promise<AuthError> {
  const error = await app.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [GRAPH_CALENDARS] }).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AuthError)) throw new Error(`expected an AuthError, got ${String(error)}`);
  return error;
}

describe('token endpoint errors through msal-node', () => {
  it('when the add-in token has expired, then OBO fails with invalid_grant AADSTS500133', async () => {
    const assertion = await emulator.control.mintAddinToken({ user: 'adele@contoso.example', expiresInSeconds: -60 });
    const error = await oboError(assertion);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe('invalid_grant');
    expect(error.errorMessage).toMatch(/AADSTS500133: Assertion is not within its valid time range/);
  });

  it('when the add-in token signature is forged, then OBO fails with invalid_grant AADSTS50013', async () => {
    const assertion = await emulator.control.mintAddinToken({ user: 'adele@contoso.example' });
    const [h, p, s] = assertion.split('.') as [string, string, string];
    const forged = `${h}.${p}.${s.slice(0, -6)}${s.slice(-6).split('').reverse().join('')}`;
    const error = await oboError(forged);
    expect(error.errorCode).toBe('invalid_grant');
    expect(error.errorMessage).toMatch(/AADSTS50013: Assertion failed signature validation/);
  });

  it('when the add-in token is for another audience, then OBO fails with AADSTS50013', async () => {
    const other = await emulator.control.mintGraphToken({ user: 'adele@contoso.example' });
    const error = await oboError(other);
    expect(error.errorMessage).toMatch(/AADSTS50013: .*audience/);
  });

  it('when the user has not consented, then msal raises InteractionRequiredAuthError invalid_grant / consent_required (AADSTS65001)', async () => {
    await emulator.control.setConsent('megan@contoso.example', false);
    try {
      const error = await oboError(await emulator.control.mintAddinToken({ user: 'megan@contoso.example' }));
      expect(error).toBeInstanceOf(InteractionRequiredAuthError);
      expect(error.errorCode).toBe('invalid_grant');
      expect(error.subError).toBe('consent_required');
      expect(error.errorMessage).toMatch(/AADSTS65001: The user or administrator has not consented/);
    } finally {
      await emulator.control.setConsent('megan@contoso.example', true);
    }
  });

  it('when MFA is required, then msal raises interaction_required with the claims challenge for the add-in', async () => {
    await emulator.control.setMfaRequired('alex@contoso.example', true);
    try {
      const error = await oboError(await emulator.control.mintAddinToken({ user: 'alex@contoso.example' }));
      expect(error).toBeInstanceOf(InteractionRequiredAuthError);
      expect(error.errorCode).toBe('interaction_required');
      expect((error as InteractionRequiredAuthError).claims).toBe(MFA_CLAIMS_CHALLENGE);
      expect(error.errorMessage).toMatch(/AADSTS50079/);
    } finally {
      await emulator.control.setMfaRequired('alex@contoso.example', false);
    }
  });

  it('when the client secret is wrong, then msal reports invalid_client AADSTS7000215', async () => {
    const app = msalApp(emulator, undefined, { clientSecret: 'wrong' });
    const error = await oboError(await emulator.control.mintAddinToken({ user: 'adele@contoso.example' }), app);
    expect(error.errorCode).toBe('invalid_client');
    expect(error.errorMessage).toMatch(/AADSTS7000215/);
  });

  describe('refresh tokens', () => {
    async function refreshTokenOf(user: string): Promise<string> {
      const app = msalApp(emulator);
      await app.acquireTokenOnBehalfOf({
        oboAssertion: await emulator.control.mintAddinToken({ user }),
        scopes: [GRAPH_CALENDARS],
      });
      const cache = JSON.parse(app.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
      return Object.values(cache.RefreshToken)[0]!.secret;
    }

    it('when the refresh tokens of the user were revoked, then redeeming fails with invalid_grant AADSTS50173', async () => {
      const refreshToken = await refreshTokenOf('megan@contoso.example');
      expect((await emulator.control.revokeRefreshTokens('megan@contoso.example')).revoked).toBeGreaterThan(0);
      const error = await msalApp(emulator)
        .acquireTokenByRefreshToken({ refreshToken, scopes: [GRAPH_CALENDARS] })
        .then(
          () => null,
          (e: AuthError) => e,
        );
      expect(error?.errorCode).toBe('invalid_grant');
      expect(error?.errorMessage).toMatch(/AADSTS50173/);
    });

    it('when the refresh token outlived its inactivity lifetime, then redeeming fails with invalid_grant AADSTS700082', async () => {
      const refreshToken = await refreshTokenOf('adele@contoso.example');
      await emulator.control.advanceClock(91 * 24 * 3600);
      try {
        const error = await msalApp(emulator)
          .acquireTokenByRefreshToken({ refreshToken, scopes: [GRAPH_CALENDARS] })
          .then(
            () => null,
            (e: AuthError) => e,
          );
        expect(error?.errorCode).toBe('invalid_grant');
        expect(error?.errorMessage).toMatch(/AADSTS700082/);
      } finally {
        await emulator.control.setClockOffset(0);
      }
    });
  });

  describe('injected token endpoint faults', () => {
    it.each([
      [429, 'temporarily_unavailable', /AADSTS50196/],
      [503, 'temporarily_unavailable', /AADSTS90033/],
      [500, 'server_error', /AADSTS50000/],
    ] as const)('when the token endpoint answers %i, then msal surfaces %s', async (status, code, message) => {
      await emulator.control.addTokenFault({ status, count: 1, retryAfterSeconds: 1 });
      const error = await msalApp(emulator)
        .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })
        .then(
          () => null,
          (e: AuthError) => e,
        );
      expect(error?.errorCode).toBe(code);
      expect(error?.errorMessage).toMatch(message);
    });
  });
});
