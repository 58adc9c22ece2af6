/**
 * The tenant feed's one Odoo call (ErpPort.snapshotPeople): every calendar.event of the given people overlapping the
 * window, archived included, with only `write_date`, `user_id`, `partner_ids` and the answer counts, digested per
 * person. Odoo stamps nothing on unlink, so a delete is seen as an id missing from the person's set, an edit as a
 * newer write_date.
 * An attendee's answer given in Odoo moves calendar.attendee's write_date, not the event's (checked on Odoo 19,
 * test/erp/odoo/real/snapshot.test.ts): the same call reads the event's answer counts (accepted, declined,
 * tentative: computed, not stored), so an answer changes the digests of the event's people. Not seen until the
 * sweep: two answers within one interval that leave every count as it was (one accepts as another stops accepting).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ErpUser, TimeWindow } from '../port';
import { callParsed, Many2oneSchema } from './answers';
import type { OdooClient } from './client';
import { instantToNaive } from './times';

const SnapshotRowSchema = z.looseObject({
  id: z.number().int(),
  write_date: z.union([z.string(), z.literal(false)]),
  user_id: Many2oneSchema,
  partner_ids: z.array(z.number().int()),
  accepted_count: z.number().int(),
  declined_count: z.number().int(),
  tentative_count: z.number().int(),
});

export async function snapshotPeople(
  client: OdooClient,
  people: readonly ErpUser[],
  partnersOf: (uids: readonly number[]) => Promise<Map<number, number>>,
  window: TimeWindow,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (people.length === 0) return out;
  const uids = [...new Set(people.map((p) => Number(p.id)))];
  // Partners are cached per process (a user's partner never changes): one call after a restart, then none.
  const partners = await partnersOf(uids);
  const rows = await callParsed(
    client,
    'calendar.event',
    'search_read',
    {
      domain: [
        '&',
        '&',
        ['start', '<', instantToNaive(window.to.toISOString())],
        ['stop', '>', instantToNaive(window.from.toISOString())],
        '|',
        ['user_id', 'in', uids],
        ['partner_ids', 'in', [...partners.values()]],
      ],
      fields: ['write_date', 'user_id', 'partner_ids', 'accepted_count', 'declined_count', 'tentative_count'],
      order: 'id',
      context: { active_test: false },
    },
    z.array(SnapshotRowSchema),
  );
  const stamps = new Map<number, string[]>(uids.map((uid) => [uid, []]));
  for (const row of rows) {
    const answers = `${row.accepted_count}/${row.declined_count}/${row.tentative_count}`;
    const stamp = `${row.id}:${row.write_date || ''}:${answers}`;
    for (const uid of uids) {
      const owns = row.user_id !== false && row.user_id[0] === uid;
      const partner = partners.get(uid);
      if (owns || (partner !== undefined && row.partner_ids.includes(partner))) stamps.get(uid)?.push(stamp);
    }
  }
  for (const [uid, list] of stamps) out.set(String(uid), digest(list));
  return out;
}

/** 16 characters of SHA-256 over the sorted stamps: equal sets, equal digests. */
function digest(stamps: string[]): string {
  return createHash('sha256').update(stamps.sort().join(',')).digest('base64url').slice(0, 16);
}
