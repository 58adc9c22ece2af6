/**
 * A mapping's stored conflict (core's `Conflict`, as the engine recorded it) for the pane: one FieldConflict per
 * field with display-ready values, and the check that the person's choices answer exactly those fields.
 * A delete-versus-change conflict is one choice named `event`.
 */
import type { FieldConflict } from '../../contract/addin-api';
import { cancelledInOutlookNote, type CanonicalEvent, type Conflict } from '../core';
import { AppError } from '../errors';
import type { Mapping } from '../store';
import { fieldValue } from './addin-events-values';

/** The choice key of a delete-versus-change conflict: keep the delete, or keep the changed event. */
export const WHOLE_EVENT = 'event';

/** The stored conflict, when it has a shape this API understands; anything else is treated as no conflict. */
export function storedConflict(mapping: Mapping): Conflict | null {
  // Cast: the stored conflict is read as partial and returned as a Conflict only once its kind and fields are checked.
  const value = mapping.conflict as Partial<Conflict> | null;
  if (value === null || typeof value !== 'object') return null;
  if (value.kind === 'fields' && Array.isArray(value.fields)) return value as Conflict;
  // Cast: kind and deletedOn checked.
  if (value.kind === 'deleteVsChange' && (value.deletedOn === 'outlook' || value.deletedOn === 'erp')) {
    return value as Conflict;
  }
  return null;
}

/** The fields a person must choose for. */
export function conflictFields(conflict: Conflict): string[] {
  return conflict.kind === 'fields' ? [...conflict.fields] : [WHOLE_EVENT];
}

/** The conflict as the pane shows it: both sides' values per field, worded by the pane. */
export function renderConflicts(mapping: Mapping): FieldConflict[] {
  const conflict = storedConflict(mapping);
  if (conflict === null) return [];
  if (conflict.kind === 'deleteVsChange') {
    const changed = { kind: 'changed' as const, fields: [...conflict.changedFields] };
    const deleted = { kind: 'deleted' as const };
    return [
      {
        field: WHOLE_EVENT,
        outlookValue: conflict.deletedOn === 'outlook' ? deleted : changed,
        erpValue: conflict.deletedOn === 'erp' ? deleted : changed,
      },
    ];
  }
  const outlook: Partial<CanonicalEvent> = conflict.outlook;
  const erp: Partial<CanonicalEvent> = conflict.erp;
  // Outlook cannot bring back an occurrence cancelled there (core: keepOutlookCancellations): said before the choice.
  const cancelled = conflict.fields.includes('recurrence') ? cancelledInOutlookNote(outlook, erp) : null;
  return conflict.fields.map((field) => ({
    field,
    outlookValue: fieldValue(field, outlook),
    erpValue: fieldValue(field, erp),
    ...(field === 'recurrence' && cancelled ? { note: { kind: 'cancelledInOutlook' as const, ...cancelled } } : {}),
  }));
}

/**
 * Checks the choices against the stored conflict: every conflicting field chosen, no other field named.
 * Throws `conflict` (409) when there is nothing to resolve, `validation` (422) with errors[] otherwise.
 */
export function checkChoices(mapping: Mapping, choices: Record<string, string>): Conflict {
  const conflict = mapping.status === 'conflict' ? storedConflict(mapping) : null;
  if (conflict === null) throw new AppError('conflict', 'This event has no conflict to resolve (any more).');
  const wanted = new Set(conflictFields(conflict));
  const errors: Array<{ field: string; message: string }> = [];
  for (const field of Object.keys(choices)) {
    if (!wanted.has(field)) errors.push({ field: `choices.${field}`, message: `"${field}" is not in conflict.` });
  }
  for (const field of wanted) {
    if (!(field in choices))
      errors.push({ field: `choices.${field}`, message: `Choose which value of ${field} to keep.` });
  }
  if (errors.length > 0) {
    throw new AppError('validation', errors.map((e) => e.message).join(' '), { details: { errors } });
  }
  return conflict;
}
