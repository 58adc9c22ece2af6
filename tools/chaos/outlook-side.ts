/**
 * A person acting in Outlook: create (single or series, with attendees), edit title, time or notes, move to another
 * folder and back, delete, take the sync mark off and put it back, edit or cancel one occurrence. Through the
 * emulator's control API (what Outlook itself does, no If-Match, no invitations sent) and, to list a series'
 * occurrences, Graph with a token of another app (so the person's reads never use the backend's throttle budget).
 */
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import type { ControlClient } from '../../sandbox/microsoft365/control/client';
import { TOKEN } from './ledger';

export interface OutlookItem {
  id: string;
  subject: string;
  type: 'singleInstance' | 'seriesMaster' | 'exception' | 'occurrence';
  isCancelled: boolean;
  categories: string[];
  seriesMasterId?: string | null;
  start: { dateTime: string };
  end: { dateTime: string };
  body?: { content?: string };
}

export interface Slot {
  start: Date;
  end: Date;
}

export const at = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });

export class OutlookSide {
  constructor(
    private readonly control: ControlClient,
    private readonly graphBaseUrl: string,
    private readonly dispatcher: Dispatcher,
    private readonly graphToken: (userId: string) => Promise<string>,
  ) {}

  /** The mailbox's items that carry a chaos token (singles, masters and exceptions, as stored). */
  async items(userId: string): Promise<OutlookItem[]> {
    const { value } = await this.control.call<{ value: OutlookItem[] }>('GET', `/mailboxes/${userId}/events`);
    return value.filter((item) => TOKEN.test(item.subject));
  }

  async create(
    userId: string,
    fields: {
      subject: string;
      body: string;
      slot: Slot;
      attendees: string[];
      weeklyCount?: number;
      dailyCount?: number;
    },
  ): Promise<OutlookItem> {
    const { slot } = fields;
    const date = slot.start.toISOString().slice(0, 10);
    const days = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
    const recurrence =
      fields.weeklyCount !== undefined
        ? {
            pattern: {
              type: 'weekly',
              interval: 1,
              daysOfWeek: [days[slot.start.getUTCDay()]],
              firstDayOfWeek: 'sunday',
            },
            range: {
              type: 'numbered',
              startDate: date,
              numberOfOccurrences: fields.weeklyCount,
              recurrenceTimeZone: 'UTC',
            },
          }
        : fields.dailyCount !== undefined
          ? {
              pattern: { type: 'daily', interval: 1 },
              range: {
                type: 'numbered',
                startDate: date,
                numberOfOccurrences: fields.dailyCount,
                recurrenceTimeZone: 'UTC',
              },
            }
          : undefined;
    return this.control.call<OutlookItem>('POST', `/mailboxes/${userId}/events?send=false`, {
      subject: fields.subject,
      body: { contentType: 'html', content: `<p>${fields.body}</p>` },
      start: at(slot.start),
      end: at(slot.end),
      categories: ['ERP'],
      attendees: fields.attendees.map((address) => ({ emailAddress: { address, name: address }, type: 'required' })),
      ...(recurrence ? { recurrence } : {}),
    });
  }

  async patch(userId: string, id: string, changes: Record<string, unknown>): Promise<void> {
    await this.control.call('PATCH', `/mailboxes/${userId}/events/${encodeURIComponent(id)}?send=false`, changes);
  }

  async delete(userId: string, id: string): Promise<void> {
    await this.control.call('DELETE', `/mailboxes/${userId}/events/${encodeURIComponent(id)}?send=false`);
  }

  async move(userId: string, id: string): Promise<void> {
    await this.control.call('POST', `/mailboxes/${userId}/events/${encodeURIComponent(id)}/move`, {});
  }

  async setCategories(userId: string, id: string, categories: string[]): Promise<void> {
    await this.control.call('PUT', `/mailboxes/${userId}/events/${encodeURIComponent(id)}/categories`, { categories });
  }

  /** The occurrences of a series (Graph `/instances`), as Outlook shows them. */
  async occurrences(userId: string, masterId: string, from: Date, to: Date): Promise<OutlookItem[]> {
    const query = `startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}&$top=100`;
    const path = `/v1.0/users/${userId}/events/${encodeURIComponent(masterId)}/instances?${query}`;
    return (await this.graphGet<{ value: OutlookItem[] }>(userId, path)).value;
  }

  /** What the person sees in the window: singles, occurrences and exceptions (Graph `calendarView`, every page). */
  async calendarView(userId: string, from: Date, to: Date): Promise<OutlookItem[]> {
    const items: OutlookItem[] = [];
    let path: string | undefined =
      `/v1.0/users/${userId}/calendarView?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}&$top=200`;
    while (path !== undefined) {
      const page: { value: OutlookItem[]; '@odata.nextLink'?: string } = await this.graphGet(userId, path);
      items.push(...page.value);
      const next = page['@odata.nextLink'];
      path = next === undefined ? undefined : next.slice(next.indexOf('/v1.0/'));
    }
    return items;
  }

  private async graphGet<T>(userId: string, path: string): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      let status = 0;
      let text: string;
      try {
        const answer = await request(`${this.graphBaseUrl}${path}`, {
          headers: { authorization: `Bearer ${await this.graphToken(userId)}`, prefer: 'IdType="ImmutableId"' },
          dispatcher: this.dispatcher,
          // A held request (an injected fault) is given up on, as Outlook would, and tried again.
          headersTimeout: 15_000,
          bodyTimeout: 15_000,
        });
        status = answer.statusCode;
        text = await answer.body.text();
      } catch (error) {
        text = (error as Error).message;
      }
      if (status === 200) return JSON.parse(text) as T;
      // The person's Outlook waits out throttling like any client; injected faults hit it too.
      if (attempt < 8 && (status === 0 || status === 429 || status >= 500)) {
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        continue;
      }
      throw new Error(`Graph GET ${path}: ${status} ${text.slice(0, 200)}`);
    }
  }
}
