/**
 * An event's audit entries as the pane's history: direction, action and one plain-words sentence per entry,
 * built from the entry's side, action, fields and rule ("Date and time changed in Outlook; copied to Odoo").
 * Also the audit entries the add-in API itself writes (tracking, link, resolution). Pure.
 */
import type { HistoryEntry } from '../../contract/addin-api';
import type { AuditEntry, AuditEntryInput } from '../store';
import { labelOf } from './addin-events-values';

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

function fieldWords(fields: readonly string[]): string {
  const labels = fields.map(labelOf);
  if (labels.length <= 1) return labels[0] ?? 'Details';
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

function errorText(after: unknown): string {
  const message = (after as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : 'the change could not be written';
}

function stringOf(after: unknown, key: string): string | null {
  const value = (after as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

type Entry = Omit<HistoryEntry, 'at'>;

/** A write the engine made on `side`: the change came from the other side. */
function engineWrite(entry: AuditEntry, erpName: string): Entry | null {
  const target = entry.side === 'erp' ? erpName : 'Outlook';
  const source = entry.side === 'erp' ? 'Outlook' : erpName;
  const direction = entry.side === 'erp' ? 'outlook_to_erp' : 'erp_to_outlook';
  switch (entry.action) {
    case 'create':
      return { direction, action: 'created', ok: true, summary: `Created in ${source}; copied to ${target}` };
    case 'update':
      return {
        direction,
        action: 'updated',
        ok: true,
        summary: `${fieldWords(entry.fields)} changed in ${source}; copied to ${target}`,
      };
    case 'delete':
      return { direction, action: 'deleted', ok: true, summary: `Deleted in ${source}; deleted in ${target} too` };
    case 'archive':
      return { direction, action: 'deleted', ok: true, summary: `Deleted in ${source}; archived in ${target}` };
    default:
      return null;
  }
}

/** The engine's notes (side `base`, or the failing side for errors) and the add-in API's own entries. */
function note(entry: AuditEntry, erpName: string): Entry {
  const none = 'none' as const;
  switch (entry.action) {
    case 'error': {
      const where = entry.side === 'erp' ? ` to ${erpName}` : entry.side === 'outlook' ? ' to Outlook' : '';
      return {
        direction: none,
        action: 'failed',
        ok: false,
        summary: `Could not copy${where}: ${errorText(entry.after)}`,
      };
    }
    case 'problem':
      return {
        direction: none,
        action: 'failed',
        ok: false,
        summary: `Not synced: ${entry.rule ?? 'a problem was found'}`,
      };
    case 'conflict':
      return {
        direction: none,
        action: 'conflict',
        ok: true,
        summary: 'Changed on both sides; waiting for your choice',
      };
    case 'unlink':
      return { direction: none, action: 'unlinked', ok: true, summary: `No longer paired with ${erpName}` };
    case 'baseOnly':
      return { direction: none, action: 'updated', ok: true, summary: 'Both sides already agreed; nothing to copy' };
    case 'tracked':
      return { direction: none, action: 'linked', ok: true, summary: 'Sync turned on in the add-in' };
    case 'untracked':
      return { direction: none, action: 'unlinked', ok: true, summary: 'Sync turned off in the add-in' };
    case 'linked':
      return {
        direction: none,
        action: 'linked',
        ok: true,
        summary: `Linked to ${stringOf(entry.after, 'name') ?? 'a record'}`,
      };
    case 'unlinked':
      return { direction: none, action: 'unlinked', ok: true, summary: 'Link removed in the add-in' };
    case 'resolved':
      return { direction: none, action: 'resolved', ok: true, summary: resolvedWords(entry.after, erpName) };
    default:
      return { direction: none, action: 'updated', ok: true, summary: `${entry.action} (${entry.side})` };
  }
}

function resolvedWords(after: unknown, erpName: string): string {
  const choices = (after as { choices?: Record<string, string> } | null)?.choices ?? {};
  const kept = (side: string) => Object.keys(choices).filter((f) => choices[f] === side);
  const parts = [
    kept('outlook').length > 0 ? `${fieldWords(kept('outlook'))} from Outlook` : null,
    kept('erp').length > 0 ? `${fieldWords(kept('erp'))} from ${erpName}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? `Conflict resolved: keep ${parts.join('; ')}` : 'Conflict resolved';
}

/** One audit entry as a history line. */
export function historyEntry(entry: AuditEntry, erpName: string): HistoryEntry {
  const line =
    (entry.side === 'erp' || entry.side === 'outlook' ? engineWrite(entry, erpName) : null) ?? note(entry, erpName);
  return { at: entry.at, ...line };
}
