/**
 * Process-wide trust of extra certificate authorities (a corporate TLS-inspecting proxy, or the local CA of the
 * sandbox), applied at run time to both HTTP stacks Node has: fetch (undici) and the https module (msal-node).
 * It is NODE_EXTRA_CA_CERTS, but settable after start-up, which in-process emulators need.
 */
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

const trusted = new Set<string>();

export function trustCertificateAuthorities(pems: readonly string[]): void {
  const before = trusted.size;
  for (const pem of pems) trusted.add(pem.trim());
  if (trusted.size === before) return;
  const ca = [...rootCertificates, ...trusted];
  setGlobalDispatcher(new Agent({ connect: { ca } }));
  https.globalAgent.options.ca = ca;
}
