/**
 * The simulator page's own JSON API (`/sim/api`): the person's calendar and edits (to the Graph emulator), the
 * item's custom properties, the add-in token Office would hand the pane, and the ERP panel's records. It plays
 * Outlook and the Office host, so it may use the emulators' control routes; it never calls the backend.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { ControlRequestError } from '../microsoft365/control/client';
import { ErpError, type ErpClient } from './erp-client';
import { OutlookError, type OutlookClient } from './outlook-client';

export interface SimulatorRoutesDeps {
  outlook: OutlookClient;
  erp: ErpClient;
  /** The add-in's app (client) id: the audience of the token Office mints for the pane. */
  clientId: string;
  person: { displayName: string; emailAddress: string; timeZone: string };
}

const isoInstant = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO date-time');
const EventEditBody = z
  .object({
    subject: z.string().max(255).optional(),
    start: isoInstant.optional(),
    end: isoInstant.optional(),
    location: z.string().max(255).optional(),
    categories: z.array(z.string().min(1)).optional(),
  })
  .strict();
const CustomPropertiesBody = z.object({ properties: z.record(z.string(), z.unknown()) }).strict();
const TokenBody = z.object({ authChallenge: z.string().optional() }).strict();

class BadRequest extends Error {}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new BadRequest(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
  return result.data;
}

type Handler = (req: Request) => Promise<unknown>;

/** Runs a handler and answers its value as JSON; failures go to the problem handler below. */
const json = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => {
  handler(req).then((value) => res.json(value), next);
};

export function simulatorRoutes(deps: SimulatorRoutesDeps): Router {
  const router = Router();
  const { outlook, erp } = deps;
  const id = (req: Request) => String(req.params.id);

  router.get(
    '/person',
    json(async () => deps.person),
  );
  router.get(
    '/events',
    json(async () => ({ value: await outlook.listEvents() })),
  );
  router.get(
    '/events/:id',
    json(async (req) => outlook.getEvent(id(req))),
  );
  router.post(
    '/events',
    json(async (req) => outlook.createEvent(parse(EventEditBody, req.body))),
  );
  router.patch(
    '/events/:id',
    json(async (req) => outlook.updateEvent(id(req), parse(EventEditBody, req.body))),
  );
  router.get(
    '/events/:id/custom-properties',
    json(async (req) => ({ properties: await outlook.customProperties(id(req)) })),
  );
  router.put(
    '/events/:id/custom-properties',
    json(async (req) => {
      const { properties } = parse(CustomPropertiesBody, req.body);
      await outlook.saveCustomProperties(id(req), properties);
      return { properties };
    }),
  );
  router.post(
    '/token',
    json(async (req) => {
      const { authChallenge } = parse(TokenBody, req.body);
      // A claims challenge means the person must pass MFA: Office would prompt; here the person passes it at once.
      if (authChallenge) await outlook.control.call('POST', '/mfa', { user: outlook.person, required: false });
      return outlook.control.call<{ token: string }>('POST', '/tokens/addin', {
        user: outlook.person,
        clientId: deps.clientId,
        version: '2.0',
      });
    }),
  );
  router.get(
    '/erp/events',
    json(async () => ({ value: await erp.listEvents() })),
  );
  router.use((_req: Request, res: Response) => {
    res.status(404).type('application/problem+json').json({ type: 'about:blank', title: 'Not Found', status: 404 });
  });
  router.use(simulatorProblems);
  return router;
}

function statusOf(error: unknown): number {
  if (error instanceof BadRequest) return 400;
  if (error instanceof OutlookError) return error.status;
  if (error instanceof ControlRequestError) return error.status;
  if (error instanceof ErpError) return 502;
  return 500;
}

/** Problems for the page: the emulators' own words, never a stack. */
function simulatorProblems(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const status = statusOf(error);
  const detail =
    error instanceof ControlRequestError
      ? `Microsoft 365 emulator: ${JSON.stringify(error.body)}`
      : (error as Error).message;
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title: 'Simulator error', status, detail });
}
