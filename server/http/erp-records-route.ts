/**
 * `GET /api/erp/records?q=&limit=` (mount at /api after `addinApiGuard`): customers and business documents the
 * pane's picker can link an event to, through the ERP port's `searchLinkable`. ERP failures become problems in
 * plain words; the ERP's own fault text never reaches the pane.
 */
import { Router } from 'express';
import type { LinkableRecordsResponse } from '../../contract/addin-api';
import { AppError } from '../errors';
import { isErpError } from '../erp/errors';
import type { ErpPort } from '../erp/port';
import { RecordsQuerySchema } from '../../contract/addin-api';
import { parseInput } from './addin-events-input';
import { callerOf } from './auth-middleware';

export interface ErpRecordsDeps {
  erp: Pick<ErpPort, 'searchLinkable'>;
  /** The ERP's display name ("Odoo"), for the problem texts. */
  erpName: string;
}

function erpProblem(error: unknown, erpName: string): unknown {
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
  return new AppError('config', `${erpName} could not search records.`, {
    cause: error,
    status: 502,
    operational: true,
  });
}

export function erpRecordsRouter(deps: ErpRecordsDeps): Router {
  const router = Router();
  router.get('/erp/records', async (req, res) => {
    callerOf(res); // mounted behind the guard: a route without a caller is a wiring bug, not an open door
    const { q, limit } = parseInput(RecordsQuerySchema, req.query, 'query');
    let found;
    try {
      found = await deps.erp.searchLinkable(q, limit);
    } catch (error) {
      const problem = erpProblem(error, deps.erpName);
      if (problem instanceof AppError && typeof problem.details.retryAfterSeconds === 'number') {
        res.setHeader('Retry-After', String(Math.ceil(problem.details.retryAfterSeconds)));
      }
      throw problem;
    }
    const body: LinkableRecordsResponse = {
      records: found.slice(0, limit).map((r) => ({
        model: r.model,
        id: r.id,
        name: r.name,
        url: r.url || null,
        kind: r.kind,
        detail: r.description || null,
      })),
    };
    res.json(body);
  });
  return router;
}
