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
  return c as OdooCursor;
}

/** `write_date` minus `seconds`, in Odoo's naive UTC format. */
export function minusSeconds(naive: string, seconds: number): string {
  return new Date(Date.parse(`${naive.replace(' ', 'T')}Z`) - seconds * 1000)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ');
}
