/**
 * Makes this test process trust a sandbox CA for fetch (undici's global dispatcher) and for the https module
 * (msal-node), added to Node's own roots. Test-side code of its own: the emulator suites use nothing from server/.
 */
import https from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

const extra = new Set<string>();

export function trustInProcess(caPem: string): void {
  const pem = caPem.trim();
  if (extra.has(pem)) return;
  extra.add(pem);
  const ca = [...rootCertificates, ...extra];
  // One secure context for all of fetch's connections: one per socket would re-parse every root certificate.
  setGlobalDispatcher(new Agent({ connect: { secureContext: createSecureContext({ ca }) } }));
  https.globalAgent.options.ca = ca;
}
