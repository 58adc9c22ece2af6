/**
 * The reset's preview: exactly which events a reset with these options deletes on which side, and which pairings
 * and links it forgets, with a confirmation token that names that list. The reset is carried out only with a token
 * whose list is still the list (a sync in between that changed it makes the admin look again) and not expired.
 */
import { createHash } from 'node:crypto';
import type { ResetOptions } from '../engine';
import { AppError } from '../errors';
import type { Mapping, StoreRepositories } from '../store';

/** How long a preview's token may be used. */
export const RESET_TOKEN_TTL_MS = 10 * 60_000;

export interface ResetPreviewItem {
  mappingId: string;
  title: string | null;
  start: string | null;
  /** Sides where the reset deletes the event (with its id there). */
  deletes: Array<{ side: 'outlook' | 'erp'; id: string }>;
  /** The ERP record the person linked the event to, forgotten by the reset. */
  link: { model: string; id: string; name: string | null } | null;
}

export interface ResetPreview {
  mailboxId: string;
  options: ResetOptions;
  items: ResetPreviewItem[];
  counts: { deleteOutlook: number; deleteErp: number; forgetPairings: number; forgetLinks: number };
  /** What happens after, in plain words. */
  then: string;
  confirmationToken: string;
  expiresAt: string;
}

function startOf(mapping: Mapping): string | null {
  const timing = mapping.base?.timing;
  if (timing === undefined) return null;
  return timing.kind === 'timed' ? timing.start : timing.startDate;
}

function itemOf(mapping: Mapping, options: ResetOptions): ResetPreviewItem {
  const deletes: ResetPreviewItem['deletes'] = [];
  const outlook = options.existing === 'deleteOutlook' || options.existing === 'deleteBoth';
  const erp = options.existing === 'deleteErp' || options.existing === 'deleteBoth';
  if (outlook && mapping.outlookId !== null) deletes.push({ side: 'outlook', id: mapping.outlookId });
  if (erp && mapping.erpId !== null) deletes.push({ side: 'erp', id: mapping.erpId });
  const link =
    mapping.linkModel !== null && mapping.linkId !== null
      ? { model: mapping.linkModel, id: mapping.linkId, name: mapping.linkName }
      : null;
  return { mappingId: mapping.id, title: mapping.base?.title ?? null, start: startOf(mapping), deletes, link };
}

function digest(mailboxId: string, options: ResetOptions, items: readonly ResetPreviewItem[], expires: number) {
  const list = items.map((i) => [i.mappingId, i.deletes.map((d) => `${d.side}:${d.id}`)]).sort();
  return createHash('sha256')
    .update(JSON.stringify([mailboxId, options.existing, options.then, list, expires]))
    .digest('base64url')
    .slice(0, 32);
}

const THEN = {
  all: 'Every pairing and cursor is forgotten; the next run reads both sides again and pairs events by title, start and end (nothing is duplicated).',
  newOnly: 'Every pairing and cursor is forgotten; both sides are read from now on, so only later changes sync.',
} as const;

export async function previewReset(
  store: Pick<StoreRepositories, 'mappings'>,
  mailboxId: string,
  options: ResetOptions,
  now: Date,
): Promise<ResetPreview> {
  const mappings = await store.mappings.listByMailbox(mailboxId);
  const items = mappings.map((m) => itemOf(m, options));
  const expires = now.getTime() + RESET_TOKEN_TTL_MS;
  return {
    mailboxId,
    options,
    items,
    counts: {
      deleteOutlook: items.filter((i) => i.deletes.some((d) => d.side === 'outlook')).length,
      deleteErp: items.filter((i) => i.deletes.some((d) => d.side === 'erp')).length,
      forgetPairings: items.length,
      forgetLinks: items.filter((i) => i.link !== null).length,
    },
    then: THEN[options.then],
    confirmationToken: `${expires}.${digest(mailboxId, options, items, expires)}`,
    expiresAt: new Date(expires).toISOString(),
  };
}

/** Throws a 409 problem when the token is not the current preview's, or has expired. */
export function checkResetToken(token: string, current: ResetPreview, now: Date): void {
  const [expiresText, given] = token.split('.');
  const expires = Number(expiresText);
  if (!Number.isSafeInteger(expires) || given === undefined) {
    throw new AppError('validation', 'confirmationToken is not one a preview gave out.', { status: 400 });
  }
  if (expires < now.getTime()) {
    throw new AppError('conflict', 'The preview has expired; preview the reset again and confirm within 10 minutes.');
  }
  if (digest(current.mailboxId, current.options, current.items, expires) !== given) {
    throw new AppError('conflict', 'What the reset would delete changed since the preview; review the new preview.', {
      details: { counts: current.counts },
    });
  }
}
