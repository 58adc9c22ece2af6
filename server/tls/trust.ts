/**
 * Process-wide trust of extra certificate authorities (a corporate TLS-inspecting proxy, or the local CA of the
 * sandbox), applied at run time to both HTTP stacks Node has: fetch (undici) and the https module (msal-node).
 * It is NODE_EXTRA_CA_CERTS, but settable after start-up, which in-process emulators need.
 */
import https from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

const trusted = new Set<string>();

export function trustCertificateAuthorities(pems: readonly string[]): void {
  const before = trusted.size;
  for (const pem of pems) trusted.add(pem.trim());
  if (trusted.size === before) return;
  // One secure context for every connection: given `ca`, each new TLS connection built its own from the ~150 roots
  // (addCACert was 9 % of the bench process's CPU while 1,000 people connected; the product's processes do the same).
  const secureContext = createSecureContext({ ca: [...rootCertificates, ...trusted] });
  setGlobalDispatcher(new Agent({ connect: { secureContext } }));
  https.globalAgent.options.secureContext = secureContext;
}
