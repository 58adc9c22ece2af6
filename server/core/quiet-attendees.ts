/**
 * Quiet mode's attendee block: attendees rendered as text at the end of a body, and parsed back. The markers are
 * plain text so they survive Exchange and Odoo rewriting the HTML around them. No attendee is ever written as one.
 */
import { escapeHtml, htmlToText } from './html';
import type { Attendee, AttendeeResponse, AttendeeRole } from './model';
import { normalizeAttendees } from './normalize';

/** Plain-text markers around the block; plain text survives HTML rewriting where attributes may not. */
export const QUIET_BLOCK_START = '[ERP Sync: attendees]';
export const QUIET_BLOCK_END = '[/ERP Sync: attendees]';

const ROLES: readonly AttendeeRole[] = ['required', 'optional', 'resource'];
const RESPONSES: readonly AttendeeResponse[] = ['none', 'organizer', 'tentative', 'accepted', 'declined'];

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The block, with an optional wrapping element around each marker (a side may re-wrap them). */
const BLOCK = new RegExp(
  `(?:<(div|p)\\b[^>]*>\\s*)?${escapeForRegExp(QUIET_BLOCK_START)}([\\s\\S]*?)${escapeForRegExp(QUIET_BLOCK_END)}(?:\\s*</(?:div|p)>)?`,
);

function renderAttendee(a: Attendee): string {
  const who = a.name ? `${escapeHtml(a.name)} &lt;${escapeHtml(a.email)}&gt;` : `&lt;${escapeHtml(a.email)}&gt;`;
  return `<li>${who} (${a.role}, ${a.response})</li>`;
}

/**
 * The attendee block alone. For no attendees: an empty string, or with `keepEmpty` an empty block, which is how
 * "nobody" is said over a side whose own attendee list is not empty (that list is never written in quiet mode).
 */
export function renderQuietBlock(attendees: readonly Attendee[], keepEmpty = false): string {
  const list = normalizeAttendees(attendees);
  if (list.length === 0 && !keepEmpty) return '';
  return `<div>${QUIET_BLOCK_START}</div><ul>${list.map(renderAttendee).join('')}</ul><div>${QUIET_BLOCK_END}</div>`;
}

/** `bodyHtml` with any existing block replaced by one listing `attendees` (none: removed, unless `keepEmpty`). */
export function withQuietBlock(bodyHtml: string, attendees: readonly Attendee[], keepEmpty = false): string {
  return `${stripQuietBlock(bodyHtml)}${renderQuietBlock(attendees, keepEmpty)}`;
}

/** True when the body carries an attendee block. */
export function hasQuietBlock(bodyHtml: string): boolean {
  return BLOCK.test(bodyHtml);
}

/** The body without its attendee block (unchanged when there is none). */
export function stripQuietBlock(bodyHtml: string): string {
  return bodyHtml.replace(BLOCK, '');
}

/** One list line back into an attendee; null when the line is not one of ours. */
function parseLine(line: string): Attendee | null {
  const m = /^(.*?)\s*<([^<>\s]+)>\s*(?:\((\w+),\s*(\w+)\))?$/s.exec(line.trim());
  if (!m || !(m[2] ?? '').includes('@')) return null;
  const role = ROLES.find((r) => r === m[3]) ?? 'required';
  const response = RESPONSES.find((r) => r === m[4]) ?? 'none';
  const name = (m[1] ?? '').trim();
  return { email: (m[2] ?? '').toLowerCase(), ...(name === '' ? {} : { name }), role, response };
}

/** The attendees listed in the body's block, or null when the body has no block. */
export function parseQuietBlock(bodyHtml: string): Attendee[] | null {
  const m = BLOCK.exec(bodyHtml);
  if (!m) return null;
  const inner = m[2] ?? '';
  const items = inner.split(/<li\b[^>]*>/i).slice(1);
  const lines = items.map((item) => htmlToText(item.replace(/<\/li\s*>[\s\S]*$/i, '')));
  return normalizeAttendees(lines.map(parseLine).filter((a): a is Attendee => a !== null));
}
