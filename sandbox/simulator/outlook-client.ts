/**
 * The simulator's side of "Outlook": reads and writes the demo person's calendar in the Microsoft 365 emulator,
 * over Graph with a delegated token minted through the control API (as Outlook would hold one), plus the control
 * routes Outlook-only features need (custom properties, save without sending). It never talks to the backend.
 */
import { fetch, type Dispatcher } from 'undici';
import { ControlClient } from '../microsoft365/control/client';

/** The property set Office.js custom properties are stored under (PS_PUBLIC_STRINGS), as `cecp-<add-in id>`. */
const CUSTOM_PROPERTIES_SET = '{00020329-0000-0000-C000-000000000046}';
/** Renew the simulator's own Graph token this long before it expires. */
const TOKEN_MARGIN_MS = 5 * 60 * 1000;

export interface OutlookEvent {
  /** Per-folder REST id (what Outlook's item id converts to). */
  id: string;
  subject: string;
  /** UTC ISO instants. */
  start: string;
  end: string;
  isAllDay: boolean;
  isOrganizer: boolean;
  categories: string[];
  location: string;
  attendees: SimAttendee[];
}

export interface SimAttendee {
  name: string;
  email: string;
  type: 'required' | 'optional';
}

export interface EventEdit {
  subject?: string;
  start?: string;
  end?: string;
  location?: string;
  categories?: string[];
  attendees?: SimAttendee[];
}

interface GraphEvent {
  id: string;
  subject?: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  isAllDay?: boolean;
  isOrganizer?: boolean;
  categories?: string[];
  location?: { displayName?: string };
  attendees?: Array<{ type?: string; emailAddress?: { name?: string; address?: string } }>;
}

/** A failure of the emulator, with its status and body kept for the problem the simulator answers. */
export class OutlookError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'OutlookError';
  }
}

function toUtcIso(value: { dateTime: string; timeZone: string }): string {
  // Asked with Prefer outlook.timezone="UTC": the wall time is UTC without an offset.
  return new Date(`${value.dateTime.replace(/Z$/, '')}Z`).toISOString();
}

function graphTime(iso: string): { dateTime: string; timeZone: string } {
  return { dateTime: new Date(iso).toISOString().replace(/\.\d{3}Z$/, ''), timeZone: 'UTC' };
}

function toOutlookEvent(event: GraphEvent): OutlookEvent {
  return {
    id: event.id,
    subject: event.subject ?? '',
    start: toUtcIso(event.start),
    end: toUtcIso(event.end),
    isAllDay: event.isAllDay === true,
    isOrganizer: event.isOrganizer !== false,
    categories: event.categories ?? [],
    location: event.location?.displayName ?? '',
    attendees: (event.attendees ?? []).map((a) => ({
      name: a.emailAddress?.name ?? a.emailAddress?.address ?? '',
      email: a.emailAddress?.address ?? '',
      type: a.type === 'optional' ? 'optional' : 'required',
    })),
  };
}

export function graphBody(edit: EventEdit): Record<string, unknown> {
  return {
    ...(edit.subject !== undefined ? { subject: edit.subject } : {}),
    ...(edit.start !== undefined ? { start: graphTime(edit.start) } : {}),
    ...(edit.end !== undefined ? { end: graphTime(edit.end) } : {}),
    ...(edit.location !== undefined ? { location: { displayName: edit.location } } : {}),
    ...(edit.categories !== undefined ? { categories: edit.categories } : {}),
    ...(edit.attendees !== undefined
      ? {
          attendees: edit.attendees.map((a) => ({ type: a.type, emailAddress: { name: a.name, address: a.email } })),
        }
      : {}),
  };
}

export class OutlookClient {
  readonly control: ControlClient;
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly m365BaseUrl: string,
    /** UPN of the person whose Outlook this is. */
    readonly person: string,
    /** The add-in's id from the manifest (custom properties are stored per add-in). */
    private readonly addinId: string,
    /** Trusts the emulator's CA (the simulator changes no process-wide trust). */
    private readonly dispatcher: Dispatcher,
  ) {
    this.control = new ControlClient(m365BaseUrl, dispatcher);
  }

  async listEvents(): Promise<OutlookEvent[]> {
    const page = await this.graph<{ value: GraphEvent[] }>('GET', '/me/events?$top=200');
    return page.value.map(toOutlookEvent).sort((a, b) => a.start.localeCompare(b.start));
  }

  async getEvent(id: string): Promise<OutlookEvent> {
    return toOutlookEvent(await this.graph<GraphEvent>('GET', `/me/events/${encodeURIComponent(id)}`));
  }

  /** Saves a new appointment as Outlook's Save does: in the calendar, without sending invitations. */
  async createEvent(edit: EventEdit): Promise<OutlookEvent> {
    const raw = await this.control.call<{ folderId: string }>(
      'POST',
      `/mailboxes/${encodeURIComponent(this.person)}/events?send=false`,
      graphBody(edit),
    );
    return this.getEvent(raw.folderId);
  }

  async updateEvent(id: string, edit: EventEdit): Promise<OutlookEvent> {
    return toOutlookEvent(
      await this.graph<GraphEvent>('PATCH', `/me/events/${encodeURIComponent(id)}`, graphBody(edit)),
    );
  }

  /** The add-in's custom properties on the item (what loadCustomPropertiesAsync returns). */
  async customProperties(id: string): Promise<Record<string, unknown>> {
    const raw = await this.control.call<{ singleValueExtendedProperties?: Array<{ id: string; value: string }> }>(
      'GET',
      `/mailboxes/${encodeURIComponent(this.person)}/events/${encodeURIComponent(id)}`,
    );
    const name = `String ${CUSTOM_PROPERTIES_SET} Name cecp-${this.addinId}`.toLowerCase();
    const found = raw.singleValueExtendedProperties?.find((p) => p.id.toLowerCase() === name);
    return found ? (JSON.parse(found.value) as Record<string, unknown>) : {};
  }

  async saveCustomProperties(id: string, properties: Record<string, unknown>): Promise<void> {
    await this.control.call(
      'PUT',
      `/mailboxes/${encodeURIComponent(this.person)}/events/${encodeURIComponent(id)}/custom-properties/${this.addinId}`,
      { properties },
    );
  }

  private async graphToken(): Promise<string> {
    if (this.token && this.token.expiresAt - TOKEN_MARGIN_MS > Date.now()) return this.token.value;
    const { token } = await this.control.call<{ token: string }>('POST', '/tokens/graph', { user: this.person });
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number };
    this.token = { value: token, expiresAt: payload.exp * 1000 };
    return token;
  }

  private async graph<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.m365BaseUrl}/v1.0${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.graphToken()}`,
        prefer: 'outlook.timezone="UTC"',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: this.dispatcher,
    });
    const text = await response.text();
    if (!response.ok) {
      const message = (JSON.parse(text || '{}') as { error?: { message?: string } }).error?.message;
      throw new OutlookError(response.status, message ?? `Graph answered ${response.status}.`);
    }
    return JSON.parse(text) as T;
  }
}
