/**
 * Refuses, before any route reads it, a request whose body is not JSON (a form, multipart, XML, text): 415 problem.
 * express.json() leaves such a body unread (`req.body` undefined), and a route that took "no body" for "empty body"
 * would act on it: the admin API stored a multipart PUT of a tenant's policy as `{}` (found by `npm run fuzz`).
 * Requests without a body (GET, a POST with nothing to say) pass.
 */
import { Router, type RequestHandler } from 'express';
import { AppError } from '../errors';

const JSON_TYPES = ['application/json', 'application/*+json'];

export function refuseNonJsonBodies(): RequestHandler {
  return (req, _res, next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || req.is(JSON_TYPES)) return next();
    next(
      new AppError('validation', 'The body must be JSON, sent with Content-Type: application/json.', {
        status: 415,
      }),
    );
  };
}

/** A router that only applies `refuseNonJsonBodies`, to mount in front of an API's routers. */
export function jsonBodiesOnlyRouter(): Router {
  const router = Router();
  router.use(refuseNonJsonBodies());
  return router;
}
