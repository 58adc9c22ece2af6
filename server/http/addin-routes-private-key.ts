/**
 * `GET|PUT|DELETE /api/erp/private-key` (mount at /api after `addinApiGuard`): the person links their own ERP API
 * key so their private appointments sync (Odoo shows them to nobody else, docs/ERP.md "Private events") and, under
 * the tenant policy `paneRights: personKey`, so the pane's ERP calls act with their own rights. The key is
 * stored only after the ERP confirms it is the caller's own ERP user's; it never comes back in an answer or a log.
 */
import { Router } from 'express';
import {
  PrivateKeyRequestSchema,
  type PrivateKeyProblemReason,
  type PrivateKeyResponse,
} from '../../contract/addin-api';
import type { ErpPersonKeys } from '../auth';
import { AppError } from '../errors';
import type { ErpPort, PaneRights } from '../erp';
import { parseInput } from './addin-events-input';
import { callerOf } from './auth-middleware';
import { erpProblem, type ErpPeople } from './erp-person';

export interface PrivateKeyDeps {
  erp: Pick<ErpPort, 'checkPersonKey'>;
  keys: Pick<ErpPersonKeys, 'link' | 'unlink' | 'stateOf'>;
  people: Pick<ErpPeople, 'of'>;
  erpName: string;
  /** The tenant's policy `paneRights`: `personKey` makes the key the pane's ERP key too. */
  paneRightsOf(tenantId: string): Promise<PaneRights>;
  /** Queues a sync of the mailbox, so the private appointments arrive without waiting for the next run. */
  requestSync(mailboxId: string, reason: string): Promise<unknown>;
}

export function privateKeyRouter(deps: PrivateKeyDeps): Router {
  const router = Router();
  const { erpName } = deps;

  router.get('/erp/private-key', async (_req, res) => {
    if (!deps.erp.checkPersonKey) return void res.json(answer('not_needed'));
    const { scope, user } = await deps.people.of(callerOf(res));
    const forPane = (await deps.paneRightsOf(scope.mailbox.tenantId)) === 'personKey';
    res.json({ ...answer(await deps.keys.stateOf(user.id, scope.mailbox.id)), forPane });
  });

  router.put('/erp/private-key', async (req, res) => {
    const { apiKey } = parseInput(PrivateKeyRequestSchema, req.body, 'body');
    const check = deps.erp.checkPersonKey?.bind(deps.erp);
    if (!check) throw new AppError('conflict', `${erpName} syncs your private appointments without a key of yours.`);
    const { scope, user } = await deps.people.of(callerOf(res));
    let outcome;
    try {
      outcome = await check(user, apiKey);
    } catch (error) {
      throw erpProblem(error, erpName, 'check the key');
    }
    if (outcome === 'refused') {
      throw refusedKey(
        'key_refused',
        `${erpName} does not accept this key for ${user.login}: copy it again whole, or make a new one in ${erpName}.`,
      );
    }
    if (outcome === 'someone_else') {
      throw refusedKey(
        'key_of_someone_else',
        `This key belongs to another ${erpName} user. Make the key while signed in to ${erpName} as ${user.login}.`,
      );
    }
    await deps.keys.link(user.id, scope.mailbox.id, apiKey);
    await deps.requestSync(scope.mailbox.id, 'private appointments key linked');
    const forPane = (await deps.paneRightsOf(scope.mailbox.tenantId)) === 'personKey';
    res.json({ ...answer('linked'), forPane });
  });

  router.delete('/erp/private-key', async (_req, res) => {
    if (!deps.erp.checkPersonKey) return void res.json(answer('not_needed'));
    const { scope, user } = await deps.people.of(callerOf(res));
    await deps.keys.unlink(user.id, scope.mailbox.id);
    res.json(answer('missing'));
  });

  return router;
}

function answer(state: PrivateKeyResponse['state']): PrivateKeyResponse {
  return { state };
}

/** `reason` lets the pane word it in the person's language (PrivateKeyProblemReason). */
function refusedKey(reason: PrivateKeyProblemReason, message: string): AppError {
  return new AppError('validation', message, { details: { reason, errors: [{ field: 'apiKey', message }] } });
}
