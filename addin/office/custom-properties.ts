// The add-in's custom property on the item: marks a not-yet-saved appointment for sync (and its ERP link), in the
// contract's compose-mark format. Stored by Outlook with the item; the backend reads it as "cecp-<add-in id>".
import {
  COMPOSE_MARK_KEY,
  decodeComposeMark,
  encodeComposeMark,
  type ComposeMark,
} from '../../contract/addin-api/compose-mark';
import { officeAsync } from './async';

export type ItemMark = ComposeMark;

async function properties(): Promise<Office.CustomProperties> {
  return officeAsync<Office.CustomProperties>((cb) => Office.context.mailbox.item!.loadCustomPropertiesAsync(cb));
}

export async function readMark(): Promise<ItemMark | null> {
  return decodeComposeMark((await properties()).get(COMPOSE_MARK_KEY));
}

/** Writes the mark; Outlook persists it when the appointment is saved or sent. */
export async function writeMark(mark: ItemMark): Promise<void> {
  const props = await properties();
  props.set(COMPOSE_MARK_KEY, encodeComposeMark(mark));
  await officeAsync<void>((cb) => props.saveAsync(cb));
}
