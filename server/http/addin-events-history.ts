/**
 * An event's audit entries as the pane's history: what happened, where the change came from, the fields, and a
 * detail (an error code, a rule, a record's name) the pane words in the person's language. Also the audit entries
 * the add-in API itself writes (tracking, link, resolution). Pure.
 */
import type { HistoryAction, HistoryEntry } from '../../contract/addin-api';
import type { AuditEntry, AuditEntryInput } from '../store';

/** Audit actions written by the add-in API (the engine writes create/update/delete/archive and its notes). */
export type PersonAction = 'tracked' | 'untracked' | 'linked' | 'unlinked' | 'resolved';
export const PERSON_RULE = 'the person, in the add-in';

export function personAudit(
  mailboxId: string,
  mappingId: string,
  action: PersonAction,
  after: Record<string, unknown>,
): AuditEntryInput {
  return { mailboxId, mappingId, side: 'base', action, fields: [], before: null, after, rule: PERSON_RULE };
}

function stringOf(after: unknown, key: string): string | null {
  // Cast: an optional read of an unknown, checked to be a string before use.
  const value = (after as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

const ENGINE_WRITES: Record<string, HistoryAction> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  archive: 'archived',
};

/** Notes the engine and the add-in API write on the event (side `base`, or the failing side for errors). */
const NOTES: Record<string, HistoryAction> = {
  error: 'failed',
  problem: 'not_synced',
  conflict: 'conflict',
  unlink: 'unpaired',
  baseOnly: 'agreed',
  tracked: 'tracked',
  untracked: 'untracked',
  linked: 'linked',
  unlinked: 'link_removed',
  resolved: 'resolved',
};

function keptOf(after: unknown): HistoryEntry['kept'] {
  // Cast: an optional read of the audit entry; its values are only compared with a side, never trusted.
  const choices = (after as { choices?: Record<string, string> } | null)?.choices ?? {};
  const kept = (side: string) => Object.keys(choices).filter((field) => choices[field] === side);
  return { outlook: kept('outlook'), erp: kept('erp') };
}

function detailOf(entry: AuditEntry, action: HistoryAction): string | null {
  switch (action) {
    case 'failed':
      return stringOf(entry.after, 'code') ?? stringOf(entry.after, 'message');
    case 'not_synced':
      return entry.rule;
    case 'linked':
      return stringOf(entry.after, 'name');
    case 'other':
      return entry.action;
    default:
      return null;
  }
}

/** One audit entry as a history line. */
export function historyEntry(entry: AuditEntry): HistoryEntry {
  const write = entry.side === 'erp' || entry.side === 'outlook' ? ENGINE_WRITES[entry.action] : undefined;
  const action: HistoryAction = write ?? NOTES[entry.action] ?? 'other';
  // A write on one side carries a change that came from the other side; the engine's own notes come from nowhere.
  const from = write
    ? entry.side === 'erp'
      ? 'outlook'
      : 'erp'
    : entry.action === 'untracked' && entry.side === 'outlook'
      ? 'outlook'
      : null;
  return {
    at: entry.at,
    action,
    from,
    fields: [...entry.fields],
    ok: action !== 'failed' && action !== 'not_synced',
    detail: detailOf(entry, action),
    kept: action === 'resolved' ? keptOf(entry.after) : null,
  };
}
