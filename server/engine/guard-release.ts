/**
 * An admin's answer to deletions the mass-delete guard held on one side. Confirm: the next run carries out exactly
 * the listed deletions. Reject: nothing is deleted; each held event forgets the side that lost it, so the next run
 * copies the surviving event back there (a restore). The answer names the list it answers (`version`), so a list
 * that changed since the admin read it is refused rather than confirmed blind.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import type { AuditEntryInput, HeldDeletions, MappingPatch, Store, StoreRepositories } from '../store';

export type GuardDecision = 'confirm' | 'reject';

export interface GuardAnswer {
  side: 'outlook' | 'erp';
  decision: GuardDecision;
  /** Who answered (the admin's UPN), for the condition and the audit log. */
  by: string;
  /** `heldVersion` of the list the admin was shown. */
  version: string;
}

/** A short fingerprint of a held list: the same keys give the same version. */
export function heldVersion(held: HeldDeletions): string {
  const keys = held.held.map((h) => h.key).sort();
  return createHash('sha256')
    .update(JSON.stringify([held.side, keys]))
    .digest('hex')
    .slice(0, 16);
}

const FORGET: Record<'outlook' | 'erp', MappingPatch> = {
  outlook: { outlookId: null, outlookChangeKey: null, outlookIcalUid: null },
  erp: { erpId: null, erpVersion: null, erpModel: null },
};

/** Applies the admin's answer; answers the list it applied to. Throws `not_found` / `conflict` in plain words. */
export async function answerHeldDeletions(
  store: Pick<Store, 'transaction'>,
  mailboxId: string,
  answer: GuardAnswer,
  at: string,
): Promise<HeldDeletions> {
  return store.transaction(async (tx) => {
    const condition = await tx.conditions.get(mailboxId, 'delete_guard', answer.side);
    if (condition === undefined) throw new AppError('not_found', 'No deletions are held on that side.');
    // Cast: delete_guard conditions are raised only by the engine (conditions.ts), with HeldDeletions details.
    const held = condition.details as HeldDeletions;
    if (heldVersion(held) !== answer.version) {
      throw new AppError('conflict', 'The list of held deletions changed since it was shown; review it again.', {
        details: { version: heldVersion(held) },
      });
    }
    if (answer.decision === 'confirm') {
      const confirmed = { by: answer.by, at, keys: held.held.map((h) => h.key) };
      const reason = `${condition.reason} Confirmed by ${answer.by}: the next run carries the deletions out.`;
      await tx.conditions.raise(mailboxId, {
        kind: 'delete_guard',
        key: answer.side,
        reason,
        details: { ...held, confirmed },
      });
    } else {
      await restore(tx, mailboxId, held, answer.by);
      await tx.conditions.clear(mailboxId, 'delete_guard', answer.side);
    }
    return held;
  });
}

async function restore(tx: StoreRepositories, mailboxId: string, held: HeldDeletions, by: string): Promise<void> {
  const audit: AuditEntryInput[] = [];
  for (const item of held.held) {
    if (item.mappingId === null) continue;
    const mapping = await tx.mappings.getById(mailboxId, item.mappingId);
    if (mapping === undefined) continue;
    await tx.mappings.update(mailboxId, mapping.id, {
      ...FORGET[held.side],
      base: null,
      baseFingerprint: null,
      status: 'pending',
      lastErrorCode: null,
      lastErrorMessage: null,
    });
    audit.push({
      mailboxId,
      mappingId: mapping.id,
      side: 'base',
      action: 'guard_rejected',
      fields: [],
      before: { outlookId: mapping.outlookId, erpId: mapping.erpId },
      after: null,
      rule: `held deletion rejected by ${by}: the event is copied back to ${held.side === 'outlook' ? 'Outlook' : 'the ERP'}`,
    });
  }
  await tx.audit.append(audit);
}
