/**
 * AES-256-GCM key ring for secrets at rest (token caches): encrypts with the newest key, decrypts with the key the
 * envelope names, and says when a value should be re-encrypted under the newest key. It does not store anything.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface Sealed {
  /** base64(iv | tag | ciphertext). */
  ciphertext: string;
  keyId: string;
}

export interface Opened {
  plaintext: string;
  /** True when an older key decrypted it: the caller should store it again, sealed with the newest key. */
  stale: boolean;
}

/** Parses ENCRYPTION_KEYS ("id:base64(32 bytes),...", newest first); the error names the variable, never a key. */
export function parseEncryptionKeys(spec: string, variable = 'ENCRYPTION_KEYS'): EncryptionKey[] {
  const entries = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new AppError('config', `${variable} holds no key; expected id:base64(32 bytes).`);
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const key = Buffer.from(colon > 0 ? entry.slice(colon + 1) : '', 'base64');
    if (!/^[\w.-]{1,64}$/.test(id) || key.length !== KEY_BYTES) {
      throw new AppError(
        'config',
        `${variable}: entry ${index + 1} must be id:base64 of exactly ${KEY_BYTES} bytes (id of letters, digits, . _ -).`,
      );
    }
    return { id, key };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new AppError('config', `${variable}: key ids must be unique.`);
  return keys;
}

export class EncryptionKeyRing {
  private readonly byId: Map<string, Buffer>;
  private readonly newest: EncryptionKey;

  /** `keys` newest first; older keys only decrypt. */
  constructor(keys: readonly EncryptionKey[]) {
    const [newest] = keys;
    if (newest === undefined) throw new AppError('config', 'The encryption key ring needs at least one key.');
    for (const k of keys) {
      if (k.key.length !== KEY_BYTES) throw new AppError('config', `Encryption key ${k.id} is not ${KEY_BYTES} bytes.`);
    }
    this.newest = newest;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  static fromSpec(spec: string): EncryptionKeyRing {
    return new EncryptionKeyRing(parseEncryptionKeys(spec));
  }

  get currentKeyId(): string {
    return this.newest.id;
  }

  /** `context` is bound as additional data: a value sealed for one partition does not open under another. */
  seal(plaintext: string, context: string): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.newest.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), keyId: this.newest.id };
  }

  open(sealed: Sealed, context: string): Opened {
    const key = this.byId.get(sealed.keyId);
    if (key === undefined) {
      throw new AppError(
        'config',
        `No encryption key '${sealed.keyId}' in ENCRYPTION_KEYS: it was removed too early.`,
        {
          operational: false,
        },
      );
    }
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new AppError('internal', 'Encrypted value is truncated.');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      const plaintext = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return { plaintext: plaintext.toString('utf8'), stale: sealed.keyId !== this.newest.id };
    } catch (cause) {
      throw new AppError('internal', 'Encrypted value failed authentication (tampered, or sealed for another owner).', {
        cause,
      });
    }
  }
}
