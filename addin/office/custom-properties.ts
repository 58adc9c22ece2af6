// The add-in's custom property on the item: marks a not-yet-saved appointment for sync (and its ERP link).
// Stored by Outlook with the item; the backend reads it as the extended property "cecp-<add-in id>".
import { officeAsync } from './async';

/** Key inside the add-in's custom properties. */
export const MARK_PROPERTY = 'erpSync';

export interface ItemMark {
  track: boolean;
  link: { model: string; id: string; name: string } | null;
}

export async function readMark(): Promise<ItemMark | null> {
  const props = await officeAsync<Office.CustomProperties>((cb) =>
    Office.context.mailbox.item!.loadCustomPropertiesAsync(cb),
  );
  const raw: unknown = props.get(MARK_PROPERTY);
  if (typeof raw !== 'string') return null;
  const parsed = JSON.parse(raw) as ItemMark;
  return { track: parsed.track === true, link: parsed.link ?? null };
}

/** Writes the mark; Outlook persists it when the appointment is saved or sent. */
export async function writeMark(mark: ItemMark): Promise<void> {
  const props = await officeAsync<Office.CustomProperties>((cb) =>
    Office.context.mailbox.item!.loadCustomPropertiesAsync(cb),
  );
  props.set(MARK_PROPERTY, JSON.stringify(mark));
  await officeAsync<void>((cb) => props.saveAsync(cb));
}
