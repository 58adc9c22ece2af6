/**
 * Add-in API authentication: the bearer token is validated on every call and the caller stored in
 * `res.locals.caller`; routes read it with `callerOf(res)`. Also the error middleware that adds the
 * `WWW-Authenticate` header to 401 problems (a claims challenge carries the claims the pane must re-ask with).
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Caller, TokenValidator } from '../auth';
import { AppError } from '../errors';

/** Validates `Authorization: Bearer <token>`; refuses with 401 `unauthorized` before any route runs. */
export function requireCaller(validator: TokenValidator): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+([\w-]+\.[\w-]*\.[\w-]*)\s*$/i.exec(req.header('authorization') ?? '');
    if (!match?.[1]) {
      next(new AppError('unauthorized', 'Sign-in required: send the add-in token as a Bearer token.'));
      return;
    }
    validator.validate(match[1]).then(
      (caller) => {
        res.locals.caller = caller;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

/** The validated caller; throws (500) when a route is mounted without `requireCaller` in front of it. */
export function callerOf(res: Response): Caller {
  // Cast: res.locals is untyped; requireCaller is its only writer, and undefined is handled below.
  const caller = res.locals.caller as Caller | undefined;
  if (caller === undefined) {
    throw new AppError('internal', 'Route mounted without requireCaller: no caller.', { operational: false });
  }
  return caller;
}

/**
 * Sets `WWW-Authenticate` on 401s, then passes the error on to the problem handler. A claims challenge follows
 * Microsoft's format (`error="insufficient_claims", claims="<base64>"`), which the pane's client parses.
 */
export function authChallengeErrors(options: { authorityHost: string }): ErrorRequestHandler {
  const authorizationUri = `${options.authorityHost.replace(/\/+$/, '')}/common/oauth2/v2.0/authorize`;
  return (error: unknown, _req, res, next) => {
    if (error instanceof AppError && !res.headersSent) {
      if (error.code === 'claims_challenge' && typeof error.details.claims === 'string') {
        res.setHeader(
          'WWW-Authenticate',
          `Bearer realm="", authorization_uri="${authorizationUri}", error="insufficient_claims", claims="${error.details.claims}"`,
        );
      } else if (error.status === 401) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="", error="invalid_token"');
      }
    }
    next(error);
  };
}
