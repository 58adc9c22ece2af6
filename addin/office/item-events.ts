// Tells the pane when Outlook shows another item (a pinned pane follows the selection: Mailbox 1.5 ItemChanged)
// or the open appointment changes (compose: time, recurrence, attendees, Mailbox 1.7). Returns an unsubscribe.
import { officeAsync } from './async';

type Item = Office.AppointmentRead | Office.AppointmentCompose;

/** Events on the open appointment that change what the pane shows (item-level handlers, compose mode). */
const ITEM_EVENTS = ['AppointmentTimeChanged', 'RecurrenceChanged', 'RecipientsChanged'] as const;

function supports(version: string): boolean {
  return Office.context.requirements.isSetSupported('Mailbox', version);
}

export async function watchItem(onChange: (what: 'item' | 'details') => void): Promise<() => void> {
  const stops: Array<() => void> = [];
  if (supports('1.5')) {
    const type = Office.EventType.ItemChanged;
    await officeAsync<void>((cb) => Office.context.mailbox.addHandlerAsync(type, () => onChange('item'), cb));
    stops.push(() => Office.context.mailbox.removeHandlerAsync(type));
  }
  const item = Office.context.mailbox.item as Item | null;
  if (item && supports('1.7') && typeof item.addHandlerAsync === 'function') {
    for (const name of ITEM_EVENTS) {
      const type = Office.EventType[name];
      if (type === undefined) continue;
      await officeAsync<void>((cb) => item.addHandlerAsync(type, () => onChange('details'), cb));
      stops.push(() => item.removeHandlerAsync(type));
    }
  }
  return () => stops.forEach((stop) => stop());
}
