/**
 * Our marks on Outlook events, kept in MAPI named properties (Graph `singleValueExtendedProperties`): the sync
 * mark, the mapping id we stamp on every event we create or adopt, and the ERP link; plus the add-in's custom
 * properties (Office.js `customProperties`), read from their own property. Ids, $expand text, parsing, writing.
 */
import { COMPOSE_MARK_KEY, decodeComposeMark, encodeComposeMark, type ComposeMark } from '../../contract/addin-api';
import type { ErpLink } from '../core';
import type { GraphExtendedProperty } from './wire-types';

/**
 * The product's property set GUID. Fixed forever: changing it orphans every mark already written in every
 * mailbox. Documented in docs/ARCHITECTURE.md ("Identity and marking").
 */
export const PRODUCT_PROPERTY_SET = '6ec6834e-74aa-4892-94c9-b08eebd925f5';
/** PS_PUBLIC_STRINGS: where Outlook keeps add-ins' custom properties, one `cecp-<manifest id>` per add-in. */
export const ADDIN_PROPERTY_SET = '00020329-0000-0000-C000-000000000046';

export const PROPERTY_IDS = {
  /** "1" marked for sync, "0" explicitly unmarked. */
  erpSync: `String {${PRODUCT_PROPERTY_SET}} Name erpSync`,
  /** The mapping id (our database key for the event), stamped on create/adopt; also the POST transactionId. */
  mappingId: `String {${PRODUCT_PROPERTY_SET}} Name erpSyncMappingId`,
  /** JSON `{model, id, name?}`. */
  erpLink: `String {${PRODUCT_PROPERTY_SET}} Name erpLink`,
} as const;

export function addinPropertyId(manifestId: string): string {
  return `String {${ADDIN_PROPERTY_SET}} Name cecp-${manifestId}`;
}

/** The ids a read should expand: ours, plus the add-in's when its manifest id is known. */
export function propertyIdsToRead(addinManifestId: string | undefined): string[] {
  const ids: string[] = [PROPERTY_IDS.erpSync, PROPERTY_IDS.mappingId, PROPERTY_IDS.erpLink];
  if (addinManifestId) ids.push(addinPropertyId(addinManifestId));
  return ids;
}

/** `$expand` value reading the given properties (Graph never returns extended properties unless expanded). */
export function expandExtendedProperties(ids: readonly string[]): string {
  return `singleValueExtendedProperties($filter=${ids.map((id) => `id eq '${id}'`).join(' or ')})`;
}

/** `$filter` matching events whose property `id` has `value` (OData literal quoting doubles single quotes). */
export function filterByProperty(id: string, value: string): string {
  return `singleValueExtendedProperties/Any(ep: ep/id eq '${id}' and ep/value eq '${value.replace(/'/g, "''")}')`;
}

/**
 * Property ids compare case-insensitively in their type and GUID (Graph may echo either case) and exactly in
 * their name, which MAPI treats as case-sensitive.
 */
function normalizeId(id: string): string {
  const at = id.indexOf(' Name ');
  return at < 0 ? id.toLowerCase() : id.slice(0, at).toLowerCase() + id.slice(at);
}

export interface AddinMarks {
  erpSync: boolean | null;
  erpLink: ErpLink | null;
}

/** What an event carries of ours and of the add-in. `null` means "not set", never "false". */
export interface OutlookMarks {
  erpSync: boolean | null;
  /** The raw value of our erpSync property (core's `OutlookMarkFacts.extendedPropertyValue`). */
  erpSyncValue: string | null;
  mappingId: string | null;
  erpLink: ErpLink | null;
  /** The add-in's custom properties, when the add-in wrote any (works in compose before the first save). */
  addin: AddinMarks | null;
  /** Raw JSON of the add-in's property, so a writer can merge into it instead of replacing it. */
  addinJson: string | null;
  /**
   * The add-in's custom properties as an object, its compose mark decoded to a boolean (core's
   * `OutlookMarkFacts.customProperties`). Writers merge into `addinJson`, never into this.
   */
  customProperties: Record<string, unknown> | null;
}

function parseFlag(value: unknown): boolean | null {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  return null;
}

/** An ERP link from its JSON text or an already-parsed object; anything else is "no link". */
export function parseErpLink(value: unknown): ErpLink | null {
  let candidate = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch (error) {
      if (error instanceof SyntaxError) return null; // a hand-edited or foreign value: treated as absent
      throw error;
    }
  }
  if (typeof candidate !== 'object' || candidate === null) return null;
  // Cast: a non-null object (checked above); its fields are read as unknown and checked below.
  const { model, id, name } = candidate as Record<string, unknown>;
  if (typeof model !== 'string' || model === '' || (typeof id !== 'string' && typeof id !== 'number')) return null;
  return { model, id: String(id), ...(typeof name === 'string' && name !== '' ? { name } : {}) };
}

function linkOfMark(mark: ComposeMark | null): ErpLink | null {
  if (!mark?.link) return null;
  return { model: mark.link.model, id: mark.link.id, ...(mark.link.name ? { name: mark.link.name } : {}) };
}

/** The add-in's mark (contract/addin-api/compose-mark.ts); a separate `erpLink` key is an older form of the link. */
function parseAddin(record: Record<string, unknown> | null): AddinMarks | null {
  if (record === null) return null;
  const mark = decodeComposeMark(record[COMPOSE_MARK_KEY]);
  return { erpSync: mark ? mark.track : null, erpLink: linkOfMark(mark) ?? parseErpLink(record.erpLink) };
}

/**
 * The add-in's properties as core reads them (a flag per key): the compose mark becomes its `track` boolean, so
 * `{"track":false}` is not a mark.
 */
function propertiesForCore(record: Record<string, unknown> | null, addin: AddinMarks | null) {
  if (record === null || addin === null || addin.erpSync === null) return record;
  return { ...record, [COMPOSE_MARK_KEY]: addin.erpSync };
}

/** Reads our marks and the add-in's from an event's expanded `singleValueExtendedProperties`. */
export function readMarks(
  properties: readonly GraphExtendedProperty[] | null | undefined,
  addinManifestId?: string,
): OutlookMarks {
  const byId = new Map((properties ?? []).map((p) => [normalizeId(p.id), p.value]));
  const get = (id: string): string | undefined => byId.get(normalizeId(id));
  const addinJson = addinManifestId ? (get(addinPropertyId(addinManifestId)) ?? null) : null;
  const mappingId = get(PROPERTY_IDS.mappingId);
  const raw = addinJson === null ? null : parseObject(addinJson);
  const addin = parseAddin(raw);
  return {
    erpSync: parseFlag(get(PROPERTY_IDS.erpSync)),
    erpSyncValue: get(PROPERTY_IDS.erpSync) ?? null,
    mappingId: mappingId ? mappingId : null,
    erpLink: parseErpLink(get(PROPERTY_IDS.erpLink)),
    addin,
    addinJson,
    customProperties: propertiesForCore(raw, addin),
  };
}

/**
 * The ERP link an event shows: the add-in's when it set one (the person's latest choice in the pane), else ours.
 * Writers keep both in step (see `writeMarks` with `addinManifestId`).
 */
export function effectiveErpLink(marks: OutlookMarks): ErpLink | null {
  return marks.addin?.erpLink ?? marks.erpLink;
}

/** Whether the event is marked for sync by our property or the add-in's (ours wins when both are set). */
export function effectiveErpSync(marks: OutlookMarks): boolean | null {
  return marks.erpSync ?? marks.addin?.erpSync ?? null;
}

export interface MarksToWrite {
  erpSync?: boolean;
  mappingId?: string;
  /** `null` clears the link. */
  erpLink?: ErpLink | null;
  /** With the existing add-in JSON, the add-in's compose mark is kept in step too, its other keys kept. */
  addin?: { manifestId: string; existingJson: string | null };
}

/** The `singleValueExtendedProperties` of a POST or PATCH that writes the given marks. */
export function writeMarks(marks: MarksToWrite): GraphExtendedProperty[] {
  const out: GraphExtendedProperty[] = [];
  if (marks.erpSync !== undefined) out.push({ id: PROPERTY_IDS.erpSync, value: marks.erpSync ? '1' : '0' });
  if (marks.mappingId !== undefined) out.push({ id: PROPERTY_IDS.mappingId, value: marks.mappingId });
  if (marks.erpLink !== undefined)
    out.push({ id: PROPERTY_IDS.erpLink, value: marks.erpLink ? JSON.stringify(marks.erpLink) : '' });
  if (marks.addin && marks.addin.existingJson !== null) {
    // Unreadable JSON is replaced rather than kept: the add-in rewrites the whole property anyway.
    const existing = parseObject(marks.addin.existingJson) ?? {};
    const before = parseAddin(existing);
    const link = marks.erpLink !== undefined ? marks.erpLink : (before?.erpLink ?? null);
    existing[COMPOSE_MARK_KEY] = encodeComposeMark({
      track: marks.erpSync ?? before?.erpSync ?? false,
      link: link && { model: link.model, id: link.id, name: link.name ?? null },
    });
    delete existing.erpLink; // the older separate key would contradict the mark's link
    out.push({ id: addinPropertyId(marks.addin.manifestId), value: JSON.stringify(existing) });
  }
  return out;
}

/** A JSON object, or null for anything else (Office.js always writes an object; other values are not ours). */
function parseObject(json: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(json);
    // Cast: a non-null object that is not an array (checked).
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { ...(value as Record<string, unknown>) }
      : null;
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}
