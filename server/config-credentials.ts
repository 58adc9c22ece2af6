/**
 * The app's client credential, checked at start-up: a secret or a certificate, never both, the certificate with its
 * key, both files readable PEM and the key the certificate's. Returns the problem and the variable it names; the
 * wording of the configuration error (example, hidden secrets) stays in config.ts. Reads no environment.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type CredentialVariable =
  'AUTH_CLIENT_SECRET' | 'AUTH_CLIENT_CERTIFICATE_FILE' | 'AUTH_CLIENT_CERTIFICATE_KEY_FILE';

export interface CredentialProblem {
  name: CredentialVariable;
  message: string;
}

/** The credential variables as parsed (unset: undefined). */
export interface ClientCredential {
  secret: string | undefined;
  certFile: string | undefined;
  keyFile: string | undefined;
}

/**
 * What is wrong with the credential, or null. The files are read here so that a bad one stops the start with its
 * variable's name, not the first token request hours later.
 */
export function clientCredentialProblem(
  { secret, certFile, keyFile }: ClientCredential,
  mode: string,
): CredentialProblem | null {
  if (certFile !== undefined && secret !== undefined)
    return {
      name: 'AUTH_CLIENT_CERTIFICATE_FILE',
      message: 'is set together with AUTH_CLIENT_SECRET: set one of them',
    };
  if (certFile === undefined && keyFile !== undefined)
    return { name: 'AUTH_CLIENT_CERTIFICATE_FILE', message: 'must be set together with its pair' };
  if (certFile !== undefined && keyFile === undefined)
    return { name: 'AUTH_CLIENT_CERTIFICATE_KEY_FILE', message: 'must be set together with its pair' };
  if (certFile === undefined || keyFile === undefined) {
    return mode === 'production' && secret === undefined
      ? { name: 'AUTH_CLIENT_SECRET', message: 'is required in production mode (or AUTH_CLIENT_CERTIFICATE_FILE)' }
      : null;
  }
  return checkCertificatePair(certFile, keyFile);
}

function checkCertificatePair(certFile: string, keyFile: string): CredentialProblem | null {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(readFileSync(certFile));
  } catch (error) {
    return { name: 'AUTH_CLIENT_CERTIFICATE_FILE', message: `${unreadable(certFile, error)} a PEM certificate` };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(keyFile));
  } catch (error) {
    return {
      name: 'AUTH_CLIENT_CERTIFICATE_KEY_FILE',
      message: `${unreadable(keyFile, error)} an unencrypted PEM private key`,
    };
  }
  if (!certificate.checkPrivateKey(key))
    return { name: 'AUTH_CLIENT_CERTIFICATE_KEY_FILE', message: `${keyFile} is not the private key of ${certFile}` };
  return null;
}

function unreadable(path: string, error: unknown): string {
  // Not `instanceof Error`: an error from another realm (a vm context, as under jest) is none.
  const missing = typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
  return missing ? `${path} does not exist; it must be` : `${path} is not`;
}
