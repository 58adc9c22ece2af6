/**
 * Fuzz requests off the API: unknown routes, traversal under the static pane, odd methods, malformed HTTP on the
 * wire. None carries credentials.
 */
import fc from 'fast-check';
import { hostileId, type FuzzRequest } from './request-parts';

/** Anything else: unknown routes, traversal under the static pane, odd methods, malformed HTTP on the wire. */
export function strayRequest(): fc.Arbitrary<FuzzRequest> {
  const path = fc.oneof(
    fc.constantFrom(
      '/addin/../../package.json',
      '/addin/..%2f..%2fpackage.json',
      '/addin/%2e%2e/%2e%2e/.env',
      '/addin/taskpane.html%00.js',
      '/api/../admin/mailboxes',
      '//admin//mailboxes',
      '/admin/mailboxes/../../metrics',
      '/.git/config',
      '/dist/server/main.js',
      '/webhooks/erp/../../admin/sync',
      '/readyz?x=<script>',
    ),
    hostileId.map((id) => `/${id}`),
    hostileId.map((id) => `/addin/${id}`),
    hostileId.map((id) => `/api/${id}`),
  );
  const wire = fc.constantFrom(
    'GET /api/me HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    'POST /webhooks/erp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'GET /api/me HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    `GET /api/me HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(70_000)}\r\n\r\n`,
    'GET /api/me HTTP/9.9\r\n\r\n',
    'G\u0000T /api/me HTTP/1.1\r\n\r\n',
    'GET /api/me\r\n\r\n',
  );
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom('GET', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PUT'), path)
        .map(([method, p]) => ({ category: 'stray route', method, path: p, headers: {}, as: null })),
    },
    {
      weight: 1,
      arbitrary: wire.map((raw) => ({
        category: 'malformed HTTP',
        method: 'RAW',
        path: '',
        headers: {},
        raw,
        as: null,
      })),
    },
  );
}
