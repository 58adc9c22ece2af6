/**
 * The add-in API's front door and account routes: `addinApiGuard` (CORS for the add-in origin, token validation,
 * per-person rate limit) in front of every /api route, `GET /api/me` and `POST /api/connect`. Everything here is
 * scoped by the validated caller; no id in the request can name another person's mailbox.
 */
import { Router } from 'express';
import type { MailboxConnection, MeResponse, PolicySummary } from '../../contract/addin-api';
import { conditionViews } from './addin-events-status';
import { connectCaller, mailboxOfCaller, type Caller, type GraphTokenProvider, type TokenValidator } from '../auth';
import type { AuthMode, Mailbox, StoreRepositories } from '../store';
import { authChallengeErrors, callerOf, requireCaller } from './auth-middleware';
import { addinCors } from './cors';
import { DEFAULT_PERSON_LIMIT, perPersonRateLimit } from './rate-limit';

export interface AddinApiGuardOptions {
  validator: TokenValidator;
  /** PUBLIC_URL: the only browser origin allowed to call. */
  publicUrl: string;
  /** AUTH_AUTHORITY_HOST, named in WWW-Authenticate challenges. */
  authorityHost: string;
  rateLimit?: { windowMs: number; limit: number };
}

/** Mount at /api before every add-in router: CORS, then the caller, then the caller's rate limit. */
export function addinApiGuard(options: AddinApiGuardOptions): Router {
  const router = Router();
  router.use(addinCors(options.publicUrl));
  router.use(requireCaller(options.validator));
  router.use(perPersonRateLimit(options.rateLimit ?? DEFAULT_PERSON_LIMIT));
  // Errors raised here never reach the routers mounted after this one: challenge headers must be added here too.
  router.use(authChallengeErrors({ authorityHost: options.authorityHost }));
  return router;
}

export interface AccountRoutesDeps {
  store: Pick<StoreRepositories, 'tenants' | 'mailboxes' | 'conditions'>;
  tokens: Pick<GraphTokenProvider, 'onBehalfOf' | 'forApp'>;
  /** AUTH_AUTHORITY_HOST, named in the claims challenge header. */
  authorityHost: string;
  erp: MeResponse['erp'];
  /** The tenant's policy in display-ready values (the engine owns policies). */
  policyOf(tenantId: string): Promise<PolicySummary>;
  /** Whether the pane should show its first-run explanation; default: until the mailbox is first connected. */
  isFirstRun?(caller: Caller, mailbox: Mailbox | undefined): Promise<boolean>;
  defaultAuthMode?: AuthMode;
}

function connectionOf(mailbox: Mailbox | undefined): MailboxConnection {
  if (mailbox?.status === 'connected') return 'connected';
  if (mailbox?.status === 'needs_reconnect') return 'needs_reconnect';
  return 'not_connected';
}

/** Mount at /api after `addinApiGuard`. */
export function addinAccountRouter(deps: AccountRoutesDeps): Router {
  const router = Router();

  async function me(caller: Caller, mailbox: Mailbox | undefined): Promise<MeResponse> {
    const conditions = mailbox ? await deps.store.conditions.list(mailbox.id) : [];
    const lost = conditions.find((c) => c.kind === 'needs_reconnect');
    return {
      mailbox: {
        tenantId: caller.tenantId,
        userId: caller.objectId,
        email: mailbox?.email ?? caller.upn,
        displayName: caller.name,
      },
      connection: connectionOf(mailbox),
      connectionLostAt: mailbox?.status === 'needs_reconnect' ? (lost?.since ?? mailbox.updatedAt) : null,
      conditions: conditionViews(conditions),
      erp: deps.erp,
      policy: await deps.policyOf(caller.tenantId),
      firstRun: deps.isFirstRun ? await deps.isFirstRun(caller, mailbox) : mailbox === undefined,
    };
  }

  router.get('/me', async (_req, res) => {
    const caller = callerOf(res);
    res.json(await me(caller, await mailboxOfCaller(deps.store, caller)));
  });

  router.post('/connect', async (_req, res) => {
    const caller = callerOf(res);
    const { mailbox } = await connectCaller(
      { store: deps.store, tokens: deps.tokens, defaultAuthMode: deps.defaultAuthMode },
      caller,
    );
    res.json(await me(caller, mailbox));
  });

  router.use(authChallengeErrors({ authorityHost: deps.authorityHost }));
  return router;
}
