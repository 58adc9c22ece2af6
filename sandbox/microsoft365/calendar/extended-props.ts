/**
 * singleValueExtendedProperties: id normalization (type, GUID and "Name" compare case-insensitively, the name
 * itself case-sensitively, as MAPI named properties do) and the Office add-in custom-properties property.
 */
import { badRequest } from './errors';
import { isObject } from './json';
import type { EventRecord } from './model';

/** The property Office.js `loadCustomPropertiesAsync` reads, for an add-in with this manifest Id. */
export function customPropertiesId(addinId: string): string {
  return `String {00020329-0000-0000-C000-000000000046} Name cecp-${addinId}`;
}

export const MAX_CUSTOM_PROPERTIES_CHARS = 2500;

export function normalizePropertyId(id: string): string {
  const m = /^\s*(\S+)\s+(\{[0-9a-fA-F-]+\})\s+(name|id)\s+(.+?)\s*$/i.exec(id);
  if (m) return `${m[1]!.toLowerCase()} ${m[2]!.toLowerCase()} ${m[3]!.toLowerCase()} ${m[4]}`;
  return id.trim().toLowerCase();
}

/** Reads `singleValueExtendedProperties` from a POST/PATCH body into the record (a null value removes one). */
export function applyExtendedProperties(record: EventRecord, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw badRequest("Property 'singleValueExtendedProperties' must be a collection.");
  for (const item of value) {
    if (!isObject(item) || typeof item.id !== 'string' || !/^\S+\s+(\{[^}]+\}|0x)/i.test(item.id)) {
      throw badRequest('Each singleValueExtendedProperty needs an id like "String {GUID} Name name".');
    }
    const key = normalizePropertyId(item.id);
    if (item.value === null) delete record.extendedProperties[key];
    else if (typeof item.value !== 'string') throw badRequest('singleValueExtendedProperty values are strings.');
    else record.extendedProperties[key] = { id: item.id, value: item.value };
  }
}
