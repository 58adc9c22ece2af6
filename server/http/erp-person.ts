/**
 * The ERP person an add-in request acts for: the caller's own connected mailbox, and the ERP user with that
 * mailbox's e-mail. Every ERP read the pane asks for starts here, so nobody reads the ERP without being a connected
 * person of an allowed tenant who has an ERP user, and every read carries that person's ERP rights (`actingFor`,
 * by the tenant's `paneRights`). It does not decide what the person may see in the ERP: the ERP does.
 */
import { scopeOfCaller, type Caller, type CallerScope } from '../auth';
import { AppError } from '../errors';
import { type ErpPort, type ErpUser, isErpError, type PaneRights, type PersonErp, PersonRightsError } from '../erp';
import type { StoreRepositories } from '../store';

export interface ErpPersonDeps {
  store: Pick<StoreRepositories, 'mailboxes' | 'mappings'>;
  erp: Pick<ErpPort, 'findUser' | 'actingFor'>;
  /** The tenant's policy `paneRights`: whose ERP rights the pane's ERP calls carry. */
  paneRightsOf(tenantId: string): Promise<PaneRights>;
  /** The ERP's display name ("Odoo"), for the problem texts. */
  erpName: string;
  clock: { now(): Date };
}

export interface ErpPerson {
  scope: CallerScope;
  user: ErpUser;
}

/** How long a looked-up ERP user is reused for one mailbox: the picker searches as the person types. */
const USER_TTL_MS = 60_000;
const MAX_CACHED = 1_000;

/** An ERP failure as a problem in plain words; the ERP's own fault text stays in the logs. */
export function erpProblem(error: unknown, erpName: string, what: string): unknown {
  if (error instanceof PersonRightsError) return personProblem(error, erpName, what);
  if (!isErpError(error)) return error;
  if (error.kind === 'transient') {
    const wait = error.retryAfterSeconds;
    return new AppError('transient', `${erpName} is not answering right now; try again in a moment.`, {
      cause: error,
      details: wait !== undefined ? { retryAfterSeconds: wait } : {},
    });
  }
  if (error.kind === 'auth') {
    // 502: the gateway (us) was refused upstream; nothing the person or their token can change.
    return new AppError(
      'forbidden',
      `${erpName} refused the integration's credentials; an administrator must fix them.`,
      {
        cause: error,
        status: 502,
      },
    );
  }
  return new AppError('config', `${erpName} could not ${what}.`, { cause: error, status: 502, operational: true });
}

/**
 * A refusal for the person, in the person's words: the ERP's rights are theirs, so it is never "the integration's
 * credentials". A missing or refused key of theirs is `erp_key_required` (403), which the pane answers with its
 * link-key card.
 */
function personProblem(error: PersonRightsError, erpName: string, what: string): AppError {
  if (error.reason === 'not_allowed') {
    return new AppError('forbidden', `${erpName} does not let you ${what}: your ${erpName} rights do not allow it.`, {
      cause: error,
      details: { reason: 'erp_rights' },
    });
  }
  const why =
    error.reason === 'key_refused'
      ? `${erpName} no longer accepts the API key you linked (expired or revoked).`
      : `${erpName} shows you only what your own ${erpName} user may see, so ERP sync needs your ${erpName} API key.`;
  return new AppError('erp_key_required', `${why} Link your ${erpName} key in the pane, then try again.`, {
    cause: error,
    details: { reason: error.reason, action: `link your ${erpName} key` },
  });
}

export class ErpPeople {
  private readonly users = new Map<string, { user: ErpUser; until: number }>();

  constructor(private readonly deps: ErpPersonDeps) {}

  /**
   * The caller's mailbox scope and ERP user. 404 before they connect, 409 while their grant needs reconnecting,
   * 403 when disabled or when the ERP has no user with their e-mail; the ERP is never asked for a stranger.
   */
  async of(caller: Caller): Promise<ErpPerson> {
    const scope = await scopeOfCaller(this.deps.store, caller);
    const { mailbox } = scope;
    if (mailbox.status === 'needs_reconnect') {
      throw new AppError(
        'needs_reconnect',
        'Microsoft no longer accepts ERP sync’s access to your calendar. Reconnect to continue.',
      );
    }
    if (mailbox.status !== 'connected') {
      throw new AppError('forbidden', 'ERP sync is turned off for your mailbox; ask your administrator.');
    }
    const now = this.deps.clock.now().getTime();
    const cached = this.users.get(mailbox.id);
    if (cached !== undefined && cached.until > now) return { scope, user: cached.user };
    const user = await this.lookUp(mailbox.email);
    if (mailbox.erpUserId !== user.id) {
      // The link the ERP webhook finds owners by follows the ERP, as every sync run does.
      const { tenantId, userObjectId, upn, email } = mailbox;
      await this.deps.store.mailboxes.upsert({ tenantId, userObjectId, upn, email, erpUserId: user.id });
    }
    // Cast: the map is not empty here (size >= MAX_CACHED > 0), so its first key exists.
    if (this.users.size >= MAX_CACHED) this.users.delete(this.users.keys().next().value as string);
    this.users.set(mailbox.id, { user, until: now + USER_TTL_MS });
    return { scope, user };
  }

  /**
   * The link a person asked for, as the ERP confirms it (with the ERP's own name for it), or a 422 `validation`
   * problem on `link` when the ERP has no such record the person may see. Callers store nothing before this answers.
   */
  async confirmLink(
    caller: Caller,
    link: { model: string; id: string },
  ): Promise<{ model: string; id: string; name: string }> {
    const what = 'check the record to link';
    const { erp } = await this.actingFor(caller, what);
    let found;
    try {
      found = await erp.findLinkable(link.model, link.id);
    } catch (error) {
      throw erpProblem(error, this.deps.erpName, what);
    }
    if (found === null) {
      const message = `${this.deps.erpName} has no record ${link.model} ${link.id} that you can link to.`;
      throw new AppError('validation', message, { details: { errors: [{ field: 'link', message }] } });
    }
    return { model: found.model, id: found.id, name: found.name };
  }

  /**
   * The caller and the ERP acting for them with their ERP rights (tenant policy `paneRights`): every pane call to
   * the ERP goes through it, never through the integration user's own rights. `what` words a refusal.
   */
  async actingFor(caller: Caller, what: string): Promise<{ person: ErpPerson; erp: PersonErp }> {
    const person = await this.of(caller);
    try {
      const rights = await this.deps.paneRightsOf(person.scope.mailbox.tenantId);
      return { person, erp: await this.deps.erp.actingFor(person.user, rights) };
    } catch (error) {
      throw erpProblem(error, this.deps.erpName, what);
    }
  }

  private async lookUp(email: string): Promise<ErpUser> {
    let user: ErpUser | null;
    try {
      user = await this.deps.erp.findUser(email);
    } catch (error) {
      throw erpProblem(error, this.deps.erpName, 'find your user');
    }
    if (user === null) {
      throw new AppError(
        'forbidden',
        `${this.deps.erpName} has no user with your e-mail address (${email}), so it cannot tell what you may see. Ask your administrator to add you to ${this.deps.erpName}.`,
        { details: { reason: 'no_erp_user' } },
      );
    }
    return user;
  }
}
