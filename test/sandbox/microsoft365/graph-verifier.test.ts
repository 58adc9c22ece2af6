/**
 * The Graph token verifier's reuse of a verified token (what a `$batch` envelope hands its sub-requests): `recheck`
 * answers as a full verification would for what can change while one token is in use, the lifetime and the key.
 */
import { EmulatorGraphTokenVerifier } from '../../../sandbox/microsoft365/identity/graph-verifier';
import { GRAPH_RESOURCE } from '../../../sandbox/microsoft365/identity/issuers';
import { signJwt } from '../../../sandbox/microsoft365/identity/jwt';
import { KeyRing } from '../../../sandbox/microsoft365/identity/keys';

const NOW = 1_800_000_000;

async function setUp() {
  const ring = await KeyRing.create();
  let now = NOW;
  const verifier = new EmulatorGraphTokenVerifier(ring, () => now);
  const token = signJwt(ring, {
    aud: GRAPH_RESOURCE,
    tid: 'tenant-1',
    appid: 'app-1',
    oid: 'user-1',
    scp: 'Calendars.ReadWrite',
    nbf: NOW - 60,
    exp: NOW + 3600,
  });
  return { ring, verifier, bearer: await verifier.verifyBearer(`Bearer ${token}`), at: (s: number) => (now = s) };
}

describe('EmulatorGraphTokenVerifier.recheck', () => {
  it('when the token is still valid, then it answers the caller of the full verification', async () => {
    const { verifier, bearer } = await setUp();
    expect(verifier.recheck(bearer)).toEqual({
      tenantId: 'tenant-1',
      appId: 'app-1',
      userId: 'user-1',
      scopes: ['Calendars.ReadWrite'],
      roles: [],
    });
  });

  it('when the emulator clock has passed the expiry since, then 401 Lifetime validation failed', async () => {
    const { verifier, bearer, at } = await setUp();
    at(NOW + 3600);
    expect(() => verifier.recheck(bearer)).toThrow(
      expect.objectContaining({
        status: 401,
        code: 'InvalidAuthenticationToken',
        message: expect.stringMatching(/expired/),
      }),
    );
  });

  it('when the key that signed it has been retired since, then 401 Signature validation failed', async () => {
    const { ring, verifier, bearer } = await setUp();
    await ring.rotate();
    ring.retireOld();
    expect(() => verifier.recheck(bearer)).toThrow(
      expect.objectContaining({ status: 401, message: 'Signature validation failed.' }),
    );
  });
});
