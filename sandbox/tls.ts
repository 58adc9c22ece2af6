/**
 * The sandbox's TLS material: a local certificate authority and a localhost certificate it signed (selfsigned makes
 * both), kept in a folder so restarts and parallel test files reuse them. The files are ca.pem, ca-key.pem,
 * localhost.pem (leaf, then CA) and localhost-key.pem: the layout the backend's development mode reads from
 * DATA_DIR/certs, so `npm start` has one CA to trust. The sandbox makes them itself and shares no code with the backend.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export interface SandboxCertificate {
  /** PEM of the local CA (what clients trust). */
  ca: string;
  /** PEM chain served for localhost: the leaf, then the CA. */
  cert: string;
  /** PEM private key of the leaf. */
  key: string;
}

const DAY_MS = 86_400_000;
/** A certificate with less left than this is made anew (browsers and Node refuse expired ones mid-demo). */
const MIN_REMAINING_MS = 14 * DAY_MS;

/** The certificate in `dir`, made (or remade) when missing, unreadable, about to expire or not signed by its CA. */
export async function sandboxCertificate(dir: string): Promise<SandboxCertificate> {
  const existing = await read(dir);
  if (existing) return existing;
  const made = await make();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, 'ca.pem'), made.ca);
  await writeFile(join(dir, 'ca-key.pem'), made.caKey, { mode: 0o600 });
  await writeFile(join(dir, 'localhost.pem'), made.cert);
  await writeFile(join(dir, 'localhost-key.pem'), made.key, { mode: 0o600 });
  return { ca: made.ca, cert: made.cert, key: made.key };
}

async function read(dir: string): Promise<SandboxCertificate | undefined> {
  let files: string[];
  try {
    files = await Promise.all(
      ['ca.pem', 'localhost.pem', 'localhost-key.pem'].map((f) => readFile(join(dir, f), 'utf8')),
    );
  } catch {
    return undefined; // nothing there yet
  }
  const [ca, cert, key] = files as [string, string, string];
  try {
    const authority = new X509Certificate(ca);
    const leaf = new X509Certificate(cert);
    const usable = Date.parse(leaf.validTo) - Date.now() > MIN_REMAINING_MS && leaf.checkIssued(authority);
    return usable ? { ca, cert, key } : undefined;
  } catch {
    return undefined; // not PEM certificates: make new ones
  }
}

async function make(): Promise<SandboxCertificate & { caKey: string }> {
  const now = Date.now();
  const validity = { notBeforeDate: new Date(now - DAY_MS), algorithm: 'sha256' as const, keySize: 2048 };
  // Trust stores find a CA by its subject: each folder's CA gets a name of its own.
  const authority = await selfsigned.generate(
    [{ name: 'commonName', value: `Outlook ERP Sync sandbox CA ${randomBytes(4).toString('hex')}` }],
    {
      ...validity,
      notAfterDate: new Date(now + 800 * DAY_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
  );
  const leaf = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    ...validity,
    notAfterDate: new Date(now + 390 * DAY_MS),
    ca: { key: authority.private, cert: authority.cert },
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
  return {
    ca: authority.cert,
    caKey: authority.private,
    cert: `${leaf.cert.trim()}\n${authority.cert.trim()}\n`,
    key: leaf.private,
  };
}
