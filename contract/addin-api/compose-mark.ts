/**
 * The compose-time mark: before an appointment's first save it has no id, so the pane keeps the person's intent in
 * the add-in's custom properties, key `erpSync`, as a JSON string `{"track": bool, "link": {model,id,name} | null}`
 * (custom properties hold strings). Outlook saves it with the item; the backend reads it through Graph
 * (server/outlook) and writes it back in step with its own marks. Pure: no Office.js, no Graph.
 */

/** The key inside the add-in's custom properties. */
export const COMPOSE_MARK_KEY = 'erpSync';

export interface ComposeMark {
  track: boolean;
  link: { model: string; id: string; name: string | null } | null;
}

function linkOf(value: unknown): ComposeMark['link'] {
  if (typeof value !== 'object' || value === null) return null;
  const { model, id, name } = value as Record<string, unknown>;
  if (typeof model !== 'string' || model === '' || (typeof id !== 'string' && typeof id !== 'number')) return null;
  return { model, id: String(id), name: typeof name === 'string' && name !== '' ? name : null };
}

export function encodeComposeMark(mark: ComposeMark): string {
  return JSON.stringify({ track: mark.track, link: mark.link });
}

/**
 * The mark a custom property value holds, or null when it holds none. Only `track: true` marks: `{"track":false}`
 * is the person's explicit "off". Plain flags ("1", true, "0", false) written by older versions are read too.
 */
export function decodeComposeMark(value: unknown): ComposeMark | null {
  if (value === true || value === '1' || value === 'true') return { track: true, link: null };
  if (value === false || value === '0' || value === 'false') return { track: false, link: null };
  if (typeof value !== 'string' || !value.trim().startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    if (error instanceof SyntaxError) return null; // a hand-edited or foreign value: no mark
    throw error;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { track, link } = parsed as Record<string, unknown>;
  return { track: track === true, link: linkOf(link) };
}
