/**
 * Jest runs each suite in a vm context whose `fetch` belongs to Node's own realm, where undici's global dispatcher
 * (set by server/tls/trust.ts inside the context) is not seen. Node-environment suites use the undici package's
 * fetch instead, so trusting a CA at run time works in tests exactly as it does in the process. Browser-like
 * (jsdom) suites keep their own fetch.
 */
if (!('window' in globalThis)) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fetch, FormData, Headers, Request, Response } = require('undici') as typeof import('undici');
  Object.assign(globalThis, { fetch, FormData, Headers, Request, Response });
}
