/**
 * Conformance checks that need a test ERP's hooks: every operation answers 429 and 503 as problems with
 * Retry-After, and a real rate limit counts down its RateLimit headers then refuses. Last, the cleanup.
 */
import { type Check, requestPerOperation } from './context';
import { assert } from './probe';

function refusalCheck(status: number): Check {
  return {
    name: `${status}: every operation answers ${status} as a problem with Retry-After`,
    needsHooks: true,
    run: async (context) => {
      for (const [operationId, request] of requestPerOperation(context)) {
        await context.hooks?.injectStatus(status, 1);
        const { headers } = await context.probe.expect(operationId, request, status);
        assert(headers.get('retry-after') === '1', `${operationId} (${status}) lost the Retry-After header`);
      }
    },
  };
}

export const limitChecks: Check[] = [
  refusalCheck(429),
  refusalCheck(503),
  {
    name: 'rate limit: RateLimit-Remaining counts down, then 429 with Retry-After',
    needsHooks: true,
    run: async (context) => {
      const { probe, hooks } = context;
      await hooks?.setRateLimit(2, 60);
      try {
        const first = await probe.expect('getAbout', {}, 200);
        assert(first.headers.get('ratelimit-limit') === '2', 'RateLimit-Limit is not the configured limit');
        assert(first.headers.get('ratelimit-remaining') === '1', 'RateLimit-Remaining did not count the request');
        await probe.expect('getAbout', {}, 200);
        const refused = await probe.expect('getAbout', {}, 429);
        assert(Number(refused.headers.get('retry-after')) >= 1, 'Retry-After is below one second');
      } finally {
        await hooks?.resetRateLimit();
      }
    },
  },
];

export const cleanupCheck: Check = {
  name: 'cleanup: the appointments the checks created can be deleted',
  run: async (context) => {
    // Some were deleted by the checks themselves already: 404 is fine here.
    for (const id of context.created.splice(0))
      await context.probe.expect('deleteAppointment', { path: { id } }, [204, 404]);
  },
};
