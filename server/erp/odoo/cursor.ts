/**
 * The Odoo change cursor: opaque to the engine, base64url JSON inside. `writeDate` is the newest write_date seen;
 * `recent` the ids and stamps seen within the overlap before it, so the overlap re-read reports nothing twice;
 * `from`/`to` the window the cursor covered, so records that enter a moved window are read too; `bases` the base
 * event and member digest of each series seen: deleting an occurrence in Odoo stamps nothing, so a changed member
 * set is how such a delete is noticed, and the base event is how a series Odoo replaced is followed (record-ids.ts).
 */
import { ErpError } from '../errors';

export interface OdooCursor {
  v: 1;
  writeDate: string;
  /**
   * Our clock (ISO) when `writeDate` became the newest seen, and at this read. Odoo's clock at this read is at least
   * `writeDate` plus the time elapsed between the two (elapsed time needs no agreement between the clocks), so the
   * overlap is counted back from there: an idle person's recent writes stop being re-read once the overlap has
   * passed, instead of on every poll until a newer write. Absent in older cursors (elapsed 0).
   */
  seenAt?: string;
  readAt?: string;
  recent: Record<string, string>;
  from: string;
  to: string;
  /** Per series seen (recurrence id): its base event, and a digest of its member event ids. */
  series?: Record<string, SeriesMark>;
}

export interface SeriesMark {
  base: number;
  members: string;
}

export function encodeCursor(cursor: OdooCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): OdooCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch (error) {
    throw new ErpError('validation', 'The Odoo change cursor is not one this adapter wrote', { cause: error });
  }
  // Cast: read as partial, returned as a cursor only once every field is checked below.
  const c = value as Partial<OdooCursor>;
  if (
    c?.v !== 1 ||
    typeof c.writeDate !== 'string' ||
    typeof c.from !== 'string' ||
    typeof c.to !== 'string' ||
    typeof c.recent !== 'object'
  ) {
    throw new ErpError('validation', 'The Odoo change cursor is not one this adapter wrote');
  }
  // Cast: every field was checked above.
  return c as OdooCursor;
}

/**
 * The lower bound of Odoo's clock at the read that made `cursor` (naive UTC): its newest write_date plus the time our
 * clock saw pass since that write_date was first seen.
 */
export function odooTimeAtRead(cursor: Pick<OdooCursor, 'writeDate' | 'seenAt' | 'readAt'>): string {
  const elapsed =
    cursor.seenAt && cursor.readAt ? Math.max(0, Date.parse(cursor.readAt) - Date.parse(cursor.seenAt)) : 0;
  return minusSeconds(cursor.writeDate, -Math.floor(elapsed / 1000));
}

/** `write_date` minus `seconds`, in Odoo's naive UTC format. */
export function minusSeconds(naive: string, seconds: number): string {
  return new Date(Date.parse(`${naive.replace(' ', 'T')}Z`) - seconds * 1000)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ');
}
