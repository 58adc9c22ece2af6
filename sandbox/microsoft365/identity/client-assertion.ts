/**
 * Certificate credentials: a confidential client proves itself with a JWT it signed with the private key of a
 * certificate uploaded to its registration (OpenID Connect `private_key_jwt`). As the identity platform documents
 * it (learn.microsoft.com/entra/identity-platform/certificate-credentials): header `alg` PS256 (RS256 with the older
 * SHA-1 `x5t`), `x5t#S256` the base64url SHA-256 thumbprint of the certificate's DER; claims `aud` the token
 * endpoint, `iss` = `sub` = the client id, `exp`, `nbf`, `jti`. An unknown key, a bad signature, a wrong audience
 * or an expired assertion or certificate is AADSTS700027 / 700024 / 700023 as Entra answers them.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import type { AppRegistration } from '../world/types';
import { AadError } from './aad-error';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function thumbprints(pem: string): { sha256: string; sha1: string; certificate: X509Certificate } {
  const certificate = new X509Certificate(pem);
  const digest = (alg: string) => createHash(alg).update(certificate.raw).digest('base64url');
  return { sha256: digest('sha256'), sha1: digest('sha1'), certificate };
}

function invalid(aadsts: number, message: string): AadError {
  return new AadError(401, 'invalid_client', aadsts, message);
}

/** Checks `assertion` for `app` at `tokenEndpoint` (the URL it was posted to); throws the identity platform's error. */
export async function verifyClientAssertion(
  app: AppRegistration,
  assertion: string,
  assertionType: string | undefined,
  tokenEndpoint: string,
  now: Date,
): Promise<void> {
  if (assertionType !== CLIENT_ASSERTION_TYPE)
    throw new AadError(400, 'invalid_request', 50027, `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}.`);
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw invalid(50027, 'Invalid JWT token. The token is not in a valid format.');
  }
  const wanted = header['x5t#S256'] ?? header.x5t;
  const sha256 = header['x5t#S256'] !== undefined;
  const match = (app.certificates ?? []).map(thumbprints).find((t) => (sha256 ? t.sha256 : t.sha1) === wanted);
  if (!match)
    throw invalid(
      700027,
      `Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${String(wanted)}']`,
    );
  if (Date.parse(match.certificate.validTo) <= now.getTime())
    throw invalid(700027, 'Client assertion contains an invalid signature. [Reason - The key used is expired.]');
  const alg = header.alg === 'RS256' ? 'RS256' : 'PS256';
  try {
    const key = await importX509(match.certificate.toString(), alg);
    await jwtVerify(assertion, key, {
      algorithms: [alg],
      issuer: app.clientId,
      subject: app.clientId,
      audience: tokenEndpoint,
      currentDate: now,
      clockTolerance: 300,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') throw invalid(700024, 'Client assertion is not within its valid time range.');
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
      throw invalid(700023, `Client assertion audience, issuer or subject is invalid: ${(error as Error).message}`);
    throw invalid(700027, 'Client assertion failed signature validation.');
  }
}
