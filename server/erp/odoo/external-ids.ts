/**
 * Idempotent creates: `load` with the external id `outlook_erp_sync.<key>` makes the record and its external id in
 * one transaction, and a second `load` with the same id updates that record instead of making another. Finding the
 * record of a key needs no read right on ir.model.data (Odoo's "Access Rights" group, which the integration user
 * should not have): the acting user's newest creations are asked for their external ids (`get_external_id`, which
 * Odoo answers with its own rights). Concurrent look-ups share one scan. By count, not by date: the server's clock
 * stamps create_date, ours may differ.
 */
import { callParsed, ExternalIdsSchema, IdsSchema } from './answers';
import type { OdooClient } from './client';

export const EXTERNAL_ID_MODULE = 'outlook_erp_sync';
/** A lost create is looked for among the acting user's newest creations, this many. */
const LOOKBACK = 10_000;
const CHUNK = 1000;

/** An idempotency key as an ir.model.data name (letters, digits, `_` and `-` only). */
export function externalIdName(idempotencyKey: string): string {
  return idempotencyKey.replace(/[^A-Za-z0-9_-]/g, '_');
}

export class ExternalIds {
  /** A scan not yet begun, which look-ups of the same tick join. */
  private pending: Promise<Map<string, number>> | null = null;

  constructor(private readonly client: OdooClient) {}

  /** The calendar.event created under `outlook_erp_sync.<name>`, or null. */
  async find(name: string): Promise<number | null> {
    const scan = this.pending ?? (this.pending = this.ours());
    return (await scan).get(name) ?? null;
  }

  private async ours(): Promise<Map<string, number>> {
    await Promise.resolve(); // the look-ups of the same tick join; a later one must not (it may miss newer records)
    this.pending = null;
    const uid = await this.client.authenticate();
    const ids = await callParsed(
      this.client,
      'calendar.event',
      'search',
      { domain: [['create_uid', '=', uid]], order: 'id desc', limit: LOOKBACK, context: { active_test: false } },
      IdsSchema,
    );
    const found = new Map<string, number>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const params = { ids: ids.slice(i, i + CHUNK) };
      const names = await callParsed(this.client, 'calendar.event', 'get_external_id', params, ExternalIdsSchema);
      for (const [id, xmlid] of Object.entries(names)) {
        if (xmlid.startsWith(`${EXTERNAL_ID_MODULE}.`))
          found.set(xmlid.slice(EXTERNAL_ID_MODULE.length + 1), Number(id));
      }
    }
    return found;
  }
}
