/**
 * Field definitions of calendar.event, calendar.attendee and calendar.recurrence, read from the transcription of
 * Odoo's source in calendar-fields.json, so `fields_get` serves what Odoo declares. Behaviour is in calendar.ts.
 */
import catalogue from './calendar-fields.json';
import { automaticFields, type FieldDef, type FieldType } from './types';

interface CatalogueField {
  name: string;
  type: string;
  string?: string;
  relation?: string;
  required?: boolean;
  readonly?: boolean;
  stored?: boolean;
  selection?: unknown;
  default?: unknown;
  help?: string;
  copy?: boolean;
}

/** one2many fields and the many2one that points back (not part of the catalogue's attributes). */
const INVERSES: Record<string, string> = {
  'calendar.event.attendee_ids': 'event_id',
  'calendar.recurrence.calendar_event_ids': 'recurrence_id',
};

export function catalogueFields(
  model: 'calendar.event' | 'calendar.attendee' | 'calendar.recurrence',
): Record<string, FieldDef> {
  const fields = automaticFields();
  const source = (catalogue.models as unknown as Record<string, { fields: CatalogueField[] }>)[model];
  for (const f of source?.fields ?? []) {
    fields[f.name] = {
      name: f.name,
      type: f.type as FieldType,
      string: f.string ?? f.name,
      stored: f.stored ?? true,
      ...(f.relation ? { relation: f.relation } : {}),
      ...(f.required ? { required: true } : {}),
      ...(f.readonly ? { readonly: true } : {}),
      ...(Array.isArray(f.selection) ? { selection: f.selection as Array<[string, string]> } : {}),
      ...(f.default !== undefined && f.stored !== false ? { default: f.default } : {}),
      ...(f.help ? { help: f.help } : {}),
      ...(f.copy === false ? { copy: false } : {}),
      ...(INVERSES[`${model}.${f.name}`] ? { inverseName: INVERSES[`${model}.${f.name}`] } : {}),
    };
  }
  return fields;
}
