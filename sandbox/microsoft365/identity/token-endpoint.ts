/**
 * `POST /{tenant}/oauth2/v2.0/token`: client authentication (client_secret_post, client_secret_basic, or a
 * certificate's signed client assertion, client-assertion.ts), injected
 * faults, then the grant. Every failure is the identity platform's JSON error; other grant types are refused
 * with unsupported_grant_type. `authorization_code` is the single-page app's redemption (spa-grant.ts).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from '../context';
import type { AppRegistration } from '../world/types';
import { AadError, sendAadError } from './aad-error';
import { resolveTenantSegment } from './discovery';
import { clientCredentials, onBehalfOf, refreshToken, required, type Form } from './grants';
import { verifyClientAssertion } from './client-assertion';
import { redeemSpaCode } from './spa-grant';
import type { TokenFault } from './token-faults';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export function tokenEndpoint(ctx: EmulatorContext): Router {
  const router = express.Router();
  router.post(
    '/:tenant/oauth2/v2.0/token',
    express.urlencoded({ extended: false, limit: '1mb' }),
    async (req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-store, no-cache');
      const correlationId = req.header('client-request-id');
      res.on('finish', () => {
        const form = (req.body ?? {}) as Form;
        const error = res.locals.aadError as string | undefined;
        ctx.tokenLog.record({
          at: ctx.clock.now().toISOString(),
          tenant: String(req.params.tenant),
          grantType: form.grant_type ?? '',
          clientId: form.client_id ?? '',
          status: res.statusCode,
          ...(error ? { error } : {}),
        });
      });
      try {
        const fault = ctx.tokenFaults.take();
        if (fault) throw faultError(fault);
        const form = (req.body ?? {}) as Form;
        const resolved = resolveTenantSegment(ctx, String(req.params.tenant));
        const pathTenantId = resolved === '{tenantid}' ? null : resolved;
        // Single-page apps redeem their code from the browser, as public clients (no secret).
        if (form.grant_type === 'authorization_code') {
          res.json(redeemSpaCode(ctx, form, req.header('origin')));
          return;
        }
        const app = authenticateClient(ctx, req, form, pathTenantId);
        if (form.client_assertion) {
          const endpoint = `${req.protocol}://${req.header('host') ?? ''}${req.originalUrl.split('?')[0] ?? ''}`;
          const now = ctx.clock.now();
          await verifyClientAssertion(app, form.client_assertion, form.client_assertion_type, endpoint, now);
        }
        res.json(grant(ctx, app, pathTenantId, form));
      } catch (error) {
        if (!(error instanceof AadError)) throw error;
        res.locals.aadError = `${error.error} AADSTS${error.aadsts}`;
        sendAadError(res, error, correlationId, ctx.clock.now());
      }
    },
  );
  return router;
}

function grant(ctx: EmulatorContext, app: AppRegistration, pathTenantId: string | null, form: Form) {
  const type = required(form, 'grant_type');
  if (type === JWT_BEARER) return onBehalfOf(ctx, app, pathTenantId, form);
  if (type === 'refresh_token') return refreshToken(ctx, app, form);
  if (type === 'client_credentials') return clientCredentials(ctx, app, pathTenantId, form);
  throw new AadError(
    400,
    'unsupported_grant_type',
    70003,
    `The app requested an unsupported grant type '${type}'. The emulator supports jwt-bearer (on-behalf-of), refresh_token and client_credentials.`,
  );
}

function authenticateClient(
  ctx: EmulatorContext,
  req: Request,
  form: Form,
  pathTenantId: string | null,
): AppRegistration {
  const basic = /^Basic\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
  let clientId = form.client_id;
  let secret = form.client_secret;
  if (basic) {
    const [id, pass] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    clientId = decodeURIComponent(id ?? '');
    secret = decodeURIComponent(pass ?? '');
  }
  if (!clientId)
    throw new AadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  const app = ctx.directory.findApp(clientId);
  if (!app || (pathTenantId && !app.consents[pathTenantId])) {
    throw new AadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${pathTenantId ?? 'common'}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    );
  }
  // A certificate credential: the assertion is checked once the app is known (client-assertion.ts).
  if (form.client_assertion) return app;
  if (!secret)
    throw new AadError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  if (!app.secrets.includes(secret)) {
    throw new AadError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  return app;
}

function faultError(fault: TokenFault): AadError {
  const headers =
    fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : undefined;
  if (fault.status === 429) {
    return new AadError(
      429,
      'temporarily_unavailable',
      50196,
      'The server terminated an operation because it encountered a client request loop. Please contact your app vendor.',
      { headers },
    );
  }
  if (fault.status === 503) {
    return new AadError(503, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.', {
      headers,
    });
  }
  return new AadError(
    500,
    'server_error',
    50000,
    'There was an error issuing a token or an issue with our sign-in service.',
    { headers },
  );
}
