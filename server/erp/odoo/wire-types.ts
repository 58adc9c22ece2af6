/**
 * What Odoo's external API sends and receives for the models the adapter uses. Internal to the Odoo adapter:
 * nothing here crosses the port.
 */

/** many2one as read: `[id, display name]`, or false when empty. */
export type Many2one = [number, string] | false;
/** Odoo's empty value for char/html/date/selection fields. */
export type OrFalse<T> = T | false;

export interface OdooEventRead {
  id: number;
  name: string;
  description: OrFalse<string>;
  start: string;
  stop: string;
  allday: boolean;
  start_date: OrFalse<string>;
  stop_date: OrFalse<string>;
  location: OrFalse<string>;
  user_id: Many2one;
  partner_ids: number[];
  attendee_ids: number[];
  privacy: OrFalse<'public' | 'private' | 'confidential'>;
  show_as: 'free' | 'busy';
  active: boolean;
  categ_ids: number[];
  alarm_ids: number[];
  recurrency: boolean;
  recurrence_id: Many2one;
  follow_recurrence: boolean;
  event_tz: OrFalse<string>;
  res_model: OrFalse<string>;
  res_id: OrFalse<number>;
  write_date: string;
}

export const EVENT_READ_FIELDS: ReadonlyArray<keyof OdooEventRead> = [
  'name',
  'description',
  'start',
  'stop',
  'allday',
  'start_date',
  'stop_date',
  'location',
  'user_id',
  'partner_ids',
  'attendee_ids',
  'privacy',
  'show_as',
  'active',
  'categ_ids',
  'alarm_ids',
  'recurrency',
  'recurrence_id',
  'follow_recurrence',
  'event_tz',
  'res_model',
  'res_id',
  'write_date',
];

export interface OdooAttendeeRead {
  id: number;
  partner_id: Many2one;
  email: OrFalse<string>;
  common_name: OrFalse<string>;
  state: 'needsAction' | 'tentative' | 'declined' | 'accepted';
  write_date?: string;
}

export interface OdooRecurrenceRead {
  id: number;
  rrule: OrFalse<string>;
  event_tz: OrFalse<string>;
  base_event_id: Many2one;
  write_date: string;
}

export interface OdooUserRead {
  id: number;
  login: string;
  name: string;
  email: OrFalse<string>;
  partner_id: Many2one;
  tz: OrFalse<string>;
}

export interface OdooPartnerRead {
  id: number;
  name: string;
  email: OrFalse<string>;
  street: OrFalse<string>;
  zip: OrFalse<string>;
  city: OrFalse<string>;
  country_id: Many2one;
}

/** `load` answers with the ids or with messages. */
export interface OdooLoadResult {
  ids: number[] | false;
  messages: Array<{ type: string; message: string }>;
}
