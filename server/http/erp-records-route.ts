/**
 * `GET /api/erp/records?q=&limit=` (mount at /api after `addinApiGuard`): customers and business documents the
 * pane's picker can link an event to, through the ERP port's `searchLinkable`. Only a connected person with an ERP
 * user may search (`ErpPeople`); ERP failures become problems in plain words; the ERP's own fault text never
 * reaches the pane.
 */
import { Router } from 'express';
import type { LinkableRecordsResponse } from '../../contract/addin-api';
import { RecordsQuerySchema } from '../../contract/addin-api';
import type { ErpPort } from '../erp/port';
import { parseInput } from './addin-events-input';
import { callerOf } from './auth-middleware';
import { erpProblem, type ErpPeople } from './erp-person';

export interface ErpRecordsDeps {
  erp: Pick<ErpPort, 'searchLinkable'>;
  /** Who the search acts for: the caller's connected mailbox and ERP user. */
  people: Pick<ErpPeople, 'of'>;
  /** The ERP's display name ("Odoo"), for the problem texts. */
  erpName: string;
}

export function erpRecordsRouter(deps: ErpRecordsDeps): Router {
  const router = Router();
  router.get('/erp/records', async (req, res) => {
    const { q, limit } = parseInput(RecordsQuerySchema, req.query, 'query');
    await deps.people.of(callerOf(res));
    let found;
    try {
      found = await deps.erp.searchLinkable(q, limit);
    } catch (error) {
      throw erpProblem(error, deps.erpName, 'search records');
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
