/**
 * The token-signing keys: RSA 2048 keys with a self-signed certificate each (so the JWKS carries x5c/x5t like
 * Microsoft's), a current key that signs, and rotation (add a new signing key, later retire the old one).
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import selfsigned from 'selfsigned';

export interface SigningKey {
  kid: string;
  x5t: string;
  /** Base64 DER certificate, as in the JWKS `x5c`. */
  x5c: string;
  privateKeyPem: string;
  certPem: string;
}

export interface Jwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
  issuer?: string;
}

export async function createSigningKey(): Promise<SigningKey> {
  const now = Date.now();
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'accounts.sandbox.example' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 3600_000),
    notAfterDate: new Date(now + 5 * 365 * 24 * 3600_000),
  });
  const der = new X509Certificate(pems.cert).raw;
  // Microsoft uses the certificate's SHA-1 thumbprint (base64url) as both kid and x5t.
  const x5t = createHash('sha1').update(der).digest('base64url');
  return { kid: x5t, x5t, x5c: der.toString('base64'), privateKeyPem: pems.private, certPem: pems.cert };
}

export function toJwk(key: SigningKey): Jwk {
  const jwk = createPublicKey(createPrivateKey(key.privateKeyPem)).export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', kid: key.kid, x5t: key.x5t, n: String(jwk.n), e: String(jwk.e), x5c: [key.x5c] };
}

/** Keys published in the JWKS; `signing` is the one new tokens are signed with. */
export class KeyRing {
  private constructor(
    private keys: SigningKey[],
    private signingKid: string,
  ) {}

  static async create(): Promise<KeyRing> {
    const key = await createSigningKey();
    return new KeyRing([key], key.kid);
  }

  get signing(): SigningKey {
    const key = this.keys.find((k) => k.kid === this.signingKid);
    if (!key) throw new Error(`signing key ${this.signingKid} is not in the key ring`);
    return key;
  }

  published(): SigningKey[] {
    return [...this.keys];
  }

  find(kid: string): SigningKey | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  /** Step one of a rotation: publish a new key and sign with it; the old key stays published (still verifies). */
  async rotate(): Promise<{ newKid: string; previousKids: string[] }> {
    const key = await createSigningKey();
    const previousKids = this.keys.map((k) => k.kid);
    this.keys = [...this.keys, key];
    this.signingKid = key.kid;
    return { newKid: key.kid, previousKids };
  }

  /** Step two: stop publishing every key but the signing one; tokens they signed no longer verify. */
  retireOld(): string[] {
    const retired = this.keys.filter((k) => k.kid !== this.signingKid).map((k) => k.kid);
    this.keys = this.keys.filter((k) => k.kid === this.signingKid);
    return retired;
  }

  export(): { keys: SigningKey[]; signingKid: string } {
    return { keys: this.keys, signingKid: this.signingKid };
  }

  import(saved: { keys: SigningKey[]; signingKid: string }): void {
    if (!saved.keys.some((k) => k.kid === saved.signingKid)) throw new Error('saved key ring has no signing key');
    this.keys = saved.keys;
    this.signingKid = saved.signingKid;
  }
}
