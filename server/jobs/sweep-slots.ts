/**
 * The safety sweep spread over its period: each mailbox belongs to one of SWEEP_SLOTS slots (by a hash of its id),
 * and each tick of the sweep task (period / SWEEP_SLOTS) sweeps the mailboxes of the slot the clock is in. Every
 * mailbox is swept once per period, but a tenant's full reads no longer all start at the same instant. The slot
 * comes from the clock, not a counter, so a new scheduler leader carries on where the last one was.
 */
import { createHash } from 'node:crypto';

export const SWEEP_SLOTS = 24;

/** The slot of a mailbox: stable for its id. */
export function slotOf(mailboxId: string, slots = SWEEP_SLOTS): number {
  return createHash('sha256').update(mailboxId).digest().readUInt32BE(0) % slots;
}

/** The slot a tick at `nowMs` sweeps, for a sweep period of `periodMs`. */
export function slotAt(nowMs: number, periodMs: number, slots = SWEEP_SLOTS): number {
  return Math.floor(nowMs / (periodMs / slots)) % slots;
}
