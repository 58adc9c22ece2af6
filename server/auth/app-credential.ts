/**
 * The app registration's own credential, as msal-node takes it: a client secret, or a certificate whose private key
 * signs a client assertion (msal builds it: PS256, `x5t#S256`). Also what the admin API says of it (kind, expiry,
 * thumbprint), never its value. The files were checked by config.ts; reading them again here cannot surprise.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type AppCredential =
  | { kind: 'secret'; secret: string; expiresAt: string | null }
  | {
      kind: 'certificate';
      /** Hex SHA-256 thumbprint of the certificate's DER, as Entra lists it and msal-node wants it. */
      thumbprintSha256: string;
      privateKey: string;
      subject: string;
      expiresAt: string;
    };

/** What may be shown of a credential: never the secret or the key. */
export interface AppCredentialView {
  kind: 'secret' | 'certificate';
  /** Null when unknown (a secret whose expiry was not configured). */
  expiresAt: string | null;
  thumbprintSha256?: string;
  subject?: string;
  /** The variables it comes from, so an admin knows what to change. */
  configuredBy: string[];
}

export interface AppCredentialSettings {
  AUTH_CLIENT_SECRET?: string | undefined;
  AUTH_CLIENT_SECRET_EXPIRES?: string | undefined;
  AUTH_CLIENT_CERTIFICATE_FILE?: string | undefined;
  AUTH_CLIENT_CERTIFICATE_KEY_FILE?: string | undefined;
}

/** The credential the configuration names; null when it names none (the caller says which variable is missing). */
export function appCredentialOf(settings: AppCredentialSettings): AppCredential | null {
  const certFile = settings.AUTH_CLIENT_CERTIFICATE_FILE;
  const keyFile = settings.AUTH_CLIENT_CERTIFICATE_KEY_FILE;
  if (certFile && keyFile) {
    const certificate = new X509Certificate(readFileSync(certFile));
    return {
      kind: 'certificate',
      thumbprintSha256: createHash('sha256').update(certificate.raw).digest('hex').toUpperCase(),
      // msal-node wants PKCS#8 ("BEGIN PRIVATE KEY"); an RSA key file (PKCS#1) is converted, not refused.
      privateKey: createPrivateKey(readFileSync(keyFile)).export({ type: 'pkcs8', format: 'pem' }).toString(),
      subject: certificate.subject.replace(/\n/g, ', '),
      expiresAt: new Date(Date.parse(certificate.validTo)).toISOString(),
    };
  }
  if (settings.AUTH_CLIENT_SECRET)
    return {
      kind: 'secret',
      secret: settings.AUTH_CLIENT_SECRET,
      expiresAt: settings.AUTH_CLIENT_SECRET_EXPIRES ?? null,
    };
  return null;
}

export function viewOfAppCredential(credential: AppCredential): AppCredentialView {
  if (credential.kind === 'secret')
    return {
      kind: 'secret',
      expiresAt: credential.expiresAt,
      configuredBy: ['AUTH_CLIENT_SECRET', 'AUTH_CLIENT_SECRET_EXPIRES'],
    };
  return {
    kind: 'certificate',
    expiresAt: credential.expiresAt,
    thumbprintSha256: credential.thumbprintSha256,
    subject: credential.subject,
    configuredBy: ['AUTH_CLIENT_CERTIFICATE_FILE', 'AUTH_CLIENT_CERTIFICATE_KEY_FILE'],
  };
}
