/**
 * A local certificate authority and a localhost certificate signed by it, made once and kept on disk, so the
 * backend and the emulators can speak HTTPS (Outlook only loads HTTPS task panes) with one CA to trust.
 * Development and sandbox only: production is given its certificate through configuration.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes, X509Certificate } from 'node:crypto';
import selfsigned from 'selfsigned';

export interface DevCertificate {
  /** PEM of the local CA: what clients must trust. */
  ca: string;
  /** PEM of the localhost certificate (leaf first, then the CA). */
  cert: string;
  key: string;
}

const FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'localhost.pem', key: 'localhost-key.pem' } as const;
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

/** Loads the development certificate from `dir`, making (or renewing) it when missing or about to expire. */
export async function loadOrCreateDevCertificate(dir: string): Promise<DevCertificate> {
  const existing = await readExisting(dir);
  if (existing) return existing;
  const made = await createDevCertificate();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, FILES.ca), made.ca);
  await writeFile(join(dir, FILES.caKey), made.caKey, { mode: 0o600 });
  await writeFile(join(dir, FILES.cert), made.cert);
  await writeFile(join(dir, FILES.key), made.key, { mode: 0o600 });
  return { ca: made.ca, cert: made.cert, key: made.key };
}

async function readExisting(dir: string): Promise<DevCertificate | null> {
  try {
    const [ca, cert, key] = await Promise.all(
      [FILES.ca, FILES.cert, FILES.key].map((name) => readFile(join(dir, name), 'utf8')),
    );
    if (!ca || !cert || !key) return null;
    const validTo = new Date(new X509Certificate(cert).validTo).getTime();
    return validTo - Date.now() > RENEW_BEFORE_MS ? { ca, cert, key } : null;
  } catch {
    return null; // missing or unreadable: make a new one
  }
}

async function createDevCertificate(): Promise<DevCertificate & { caKey: string }> {
  const now = new Date();
  // A unique name per CA: trust stores pick a CA by subject, so two local CAs (two data folders) must not share one.
  const caName = `Outlook ERP Sync local CA ${randomBytes(4).toString('hex')}`;
  const caPems = await selfsigned.generate([{ name: 'commonName', value: caName }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 3600_000),
    notAfterDate: new Date(now.getTime() + 825 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 3600_000),
    notAfterDate: new Date(now.getTime() + 397 * 24 * 3600_000),
    ca: { key: caPems.private, cert: caPems.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { ca: caPems.cert, caKey: caPems.private, cert: `${leaf.cert}\n${caPems.cert}`, key: leaf.private };
}
