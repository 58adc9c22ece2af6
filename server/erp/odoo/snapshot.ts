/**
 * The tenant feed's one Odoo call (ErpPort.snapshotPeople): every calendar.event of the given people overlapping the
 * window, archived included, with only `write_date`, `user_id` and `partner_ids`, digested per person. Odoo stamps
 * nothing on unlink, so a delete is seen as an id missing from the person's set, an edit as a newer write_date.
 * Not seen: an attendee's answer alone (it moves calendar.attendee's write_date, not the event's).
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
      fields: ['write_date', 'user_id', 'partner_ids'],
      order: 'id',
      context: { active_test: false },
    },
    z.array(SnapshotRowSchema),
  );
  const stamps = new Map<number, string[]>(uids.map((uid) => [uid, []]));
  for (const row of rows) {
    const stamp = `${row.id}:${row.write_date || ''}`;
    for (const uid of uids) {
      const owns = row.user_id !== false && row.user_id[0] === uid;
      if (owns || row.partner_ids.includes(partners.get(uid)!)) stamps.get(uid)!.push(stamp);
    }
  }
  for (const uid of uids) out.set(String(uid), digest(stamps.get(uid)!));
  return out;
}

/** 16 characters of SHA-256 over the sorted stamps: equal sets, equal digests. */
function digest(stamps: string[]): string {
  return createHash('sha256').update(stamps.sort().join(',')).digest('base64url').slice(0, 16);
}
