/**
 * Fuzz requests on the add-in API: forged or foreign credentials on any route, and a person's genuine token only on
 * reads, on another person's ids, or with a body the route must refuse.
 */
import fc from 'fast-check';
import { brokenBody, hostileString } from './hostile';
import {
  enc,
  hostileId,
  jsonBody,
  poisoned,
  rawBody,
  withAuth,
  type FuzzMaterial,
  type FuzzRequest,
} from './request-parts';

const notBoolean = fc.oneof(hostileString, fc.constantFrom(null, 0, 1, 'true', [], {}, [true]));
const trackingPoison = poisoned('track', notBoolean);
const conflictsPoison = poisoned(
  'choices',
  fc.oneof(
    fc.constantFrom(null, 'outlook', [], 1, [['title', 'outlook']]),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), hostileString, { minKeys: 1, maxKeys: 3 }),
  ),
);

/** A forged or foreign credential on any add-in route, with any body. */
export function forgedAddinRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  const person = fc.integer({ min: 0, max: m.people.length - 1 });
  const route = fc.oneof(
    fc.constantFrom('GET /api/me', 'POST /api/connect', 'POST /api/me/first-run-done', 'GET /api/erp/records?q=%25%25'),
    person.chain((p) =>
      fc
        .tuple(
          fc.constantFrom(...(m.people[p]?.eventIds ?? ['x'])),
          fc.constantFrom('GET', 'PUT /tracking', 'POST /sync', 'POST /conflicts', 'GET /history'),
        )
        .map(([id, what]) => {
          const [method, suffix = ''] = what.split(' ');
          return `${method} /api/events/${enc(id)}${suffix}`;
        }),
    ),
  );
  const body = fc.option(
    fc.oneof(brokenBody.map(rawBody), fc.constantFrom({ track: true }, { choices: {} }).map(jsonBody)),
  );
  return fc.tuple(fc.constantFrom(...m.forgedAddin), route, body).map(([auth, line, b]) => {
    const [method = 'GET', path = '/'] = line.split(' ');
    return {
      category: `add-in, forged: ${auth.kind}`,
      method,
      path,
      headers: { ...(b?.headers ?? {}), ...withAuth(auth.header) },
      ...(b?.body ? { body: b.body } : {}),
      as: null,
    };
  });
}

/** A person's genuine token: reads with hostile parameters, another person's ids, or bodies that must be refused. */
export function genuineAddinRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  const people = m.people.length;
  return fc
    .tuple(fc.integer({ min: 0, max: people - 1 }), fc.integer({ min: 1, max: Math.max(1, people - 1) }))
    .chain(([p, shift]) => {
      const me = m.people[p]!;
      const other = m.people[(p + shift) % people]!;
      const auth = { authorization: `Bearer ${me.token}` };
      const ownId = fc.constantFrom(...me.eventIds).map(enc);
      const otherId = fc.constantFrom(...other.eventIds).map(enc);
      const make = (category: string, method: string, path: string, extra: Partial<FuzzRequest> = {}) => ({
        category: `add-in, genuine: ${category}`,
        method,
        path,
        as: p,
        ...extra,
        headers: { ...(extra.headers ?? {}), ...auth },
      });
      return fc.oneof(
        fc
          .tuple(hostileString, fc.oneof(hostileString, fc.constantFrom('1', '20', '-1', '1e3', '0x10')))
          .map(([q, limit]) => make('records search', 'GET', `/api/erp/records?q=${enc(q)}&limit=${enc(limit)}`)),
        fc
          .tuple(fc.oneof(ownId, otherId, hostileId), fc.constantFrom('', '/history'))
          .map(([id, suffix]) => make('event read', 'GET', `/api/events/${id}${suffix}`)),
        fc
          .tuple(fc.oneof(otherId, hostileId), fc.constantFrom('PUT /tracking', 'POST /sync', 'POST /conflicts'))
          .chain(([id, what]) =>
            fc
              .oneof(brokenBody.map(rawBody), trackingPoison.map(jsonBody), fc.constant(jsonBody({ track: true })))
              .map((b) => {
                const [method = 'POST', suffix] = what.split(' ');
                return make("another person's or no event", method, `/api/events/${id}${suffix}`, b);
              }),
          ),
        fc
          .tuple(ownId, fc.oneof(brokenBody.map(rawBody), trackingPoison.map(jsonBody)))
          .map(([id, b]) => make('tracking, refused body', 'PUT', `/api/events/${id}/tracking`, b)),
        fc
          .tuple(ownId, fc.oneof(brokenBody.map(rawBody), conflictsPoison.map(jsonBody)))
          .map(([id, b]) => make('conflicts, refused body', 'POST', `/api/events/${id}/conflicts`, b)),
        fc
          .tuple(
            fc.constantFrom('DELETE', 'PATCH', 'PUT', 'TRACE', 'PROPFIND'),
            fc.constantFrom('/api/me', '/api/connect', '/api/erp/records'),
          )
          .map(([method, path]) => make('unsupported method', method, path)),
      );
    });
}
