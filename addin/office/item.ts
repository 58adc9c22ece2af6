// The current appointment as the pane needs it: mode, REST id (when saved), subject; save and id conversion.
// Read mode is the attendee surface; organizer mode is compose (new or saved). No UI here.
import { OfficeError, officeAsync } from './async';

export type ItemMode = 'read' | 'organizer';

export interface ItemContext {
  mode: ItemMode;
  /** REST (v2.0) id, or null for a new appointment that was never saved. */
  restId: string | null;
  subject: string;
}

function currentItem(): Office.AppointmentRead | Office.AppointmentCompose {
  const item = Office.context.mailbox.item;
  if (!item || item.itemType !== Office.MailboxEnums.ItemType.Appointment) {
    throw new OfficeError('NotAnAppointment', 'Open a calendar event to use ERP sync.');
  }
  return item as Office.AppointmentRead | Office.AppointmentCompose;
}

function isCompose(item: Office.AppointmentRead | Office.AppointmentCompose): item is Office.AppointmentCompose {
  // In compose mode subject is an object with getAsync; in read mode it is a string.
  return typeof item.subject !== 'string';
}

/** EWS id -> REST v2.0 id. Outlook on iOS/Android already hands out REST ids. */
export function toRestId(ewsId: string): string {
  const host = Office.context.mailbox.diagnostics.hostName;
  if (host === 'OutlookIOS' || host === 'OutlookAndroid') return ewsId;
  return Office.context.mailbox.convertToRestId(ewsId, Office.MailboxEnums.RestVersion.v2_0);
}

async function composeItemId(item: Office.AppointmentCompose): Promise<string | null> {
  try {
    return await officeAsync<string>((cb) => item.getItemIdAsync(cb));
  } catch (error) {
    // ItemNotSaved is the expected answer for a new appointment.
    if (error instanceof OfficeError && error.officeName === 'ItemNotSaved') return null;
    throw error;
  }
}

export async function readItemContext(): Promise<ItemContext> {
  const item = currentItem();
  if (!isCompose(item)) {
    return { mode: 'read', restId: toRestId(item.itemId), subject: item.subject };
  }
  const [ewsId, subject] = await Promise.all([
    composeItemId(item),
    officeAsync<string>((cb) => item.subject.getAsync(cb)),
  ]);
  return { mode: 'organizer', restId: ewsId ? toRestId(ewsId) : null, subject };
}

/**
 * Saves the appointment being composed and returns its REST id. A new appointment is saved as a draft in the
 * calendar without sending invitations (Outlook sends them only on Send).
 */
export async function saveItem(): Promise<string> {
  const item = currentItem();
  if (!isCompose(item)) throw new OfficeError('NotCompose', 'Only an appointment you organize can be saved.');
  const ewsId = await officeAsync<string>((cb) => item.saveAsync(cb));
  return toRestId(ewsId);
}
