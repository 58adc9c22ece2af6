/**
 * The add-in event API's Outlook side, on the caller's behalf (on-behalf-of token): find the event the pane names
 * in the caller's own calendar (which also turns a REST id into the immutable id), and write our marks on it
 * (erpSync "1"/"0", erpLink JSON, the add-in's custom property kept in step). Nothing else about the event.
 */
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { Caller, GraphTokenProvider } from '../auth';
import type { ErpLink } from '../core/model';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import {
  addinPropertyId,
  createOutlookCalendar,
  effectiveErpSync,
  PROPERTY_IDS,
  type OutlookCalendar,
  type OutlookMarks,
} from '../outlook';
import type { Mailbox } from '../store';

export interface OutlookAccess {
  /** https://graph.microsoft.com, or the emulator's origin. */
  graphBaseUrl: string;
  tokens: Pick<GraphTokenProvider, 'onBehalfOf'>;
  logger: Logger;
  clock: { now(): Date };
  /** The add-in's manifest id (lower case): its custom property is kept in step with our marks. */
  addinManifestId?: string;
}

/** The event as the caller's calendar holds it. */
export interface CallerEvent {
  /** Immutable id: the key mappings use. */
  immutableId: string;
  marks: OutlookMarks;
  marked: boolean;
}

export interface MarksToWrite {
  track: boolean;
  link: ErpLink | null | undefined;
  linkAfter: ErpLink | null;
}

/**
 * The caller's Outlook calendar: every call carries a token for the caller, so it reaches their mailbox only.
 * The token is acquired up front (`open`): the Graph client would wrap a consent or claims problem raised inside
 * its auth provider into a transport error, and the pane must see those as their own problems.
 */
export class CallerCalendar {
  private readonly calendar: OutlookCalendar;
  private readonly token: () => Promise<string>;

  static async open(access: OutlookAccess, caller: Caller, mailbox: Mailbox): Promise<CallerCalendar> {
    const { accessToken } = await access.tokens.onBehalfOf(caller);
    return new CallerCalendar(access, mailbox, accessToken);
  }

  private constructor(
    private readonly access: OutlookAccess,
    private readonly mailbox: Mailbox,
    accessToken: string,
  ) {
    this.token = () => Promise.resolve(accessToken);
    this.calendar = createOutlookCalendar({
      mailbox: mailbox.userObjectId,
      graphBaseUrl: access.graphBaseUrl,
      getAccessToken: this.token,
      logger: access.logger,
      clock: access.clock,
      ...(access.addinManifestId ? { addinManifestId: access.addinManifestId } : {}),
    });
  }

  /** The event the pane names (REST or immutable id), or null when the caller's calendar has no such event. */
  async find(paneId: string): Promise<CallerEvent | null> {
    const record = (await this.calendar.getEvents([paneId])).get(paneId);
    if (record === undefined) return null;
    return { immutableId: record.id, marks: record.marks, marked: effectiveErpSync(record.marks) === true };
  }

  /**
   * PATCHes only our marks (the adapter's writer needs a whole canonical event, which an event it cannot map
   * lacks; turning sync off must work for those too). `link` undefined leaves our link property as it is;
   * `linkAfter` is the link the event has after this change, for the add-in's own copy of the mark.
   */
  async writeMarks(event: CallerEvent, marks: MarksToWrite): Promise<void> {
    const { track, link, linkAfter } = marks;
    const properties: Array<{ id: string; value: string }> = [{ id: PROPERTY_IDS.erpSync, value: track ? '1' : '0' }];
    if (link !== undefined) properties.push({ id: PROPERTY_IDS.erpLink, value: link ? JSON.stringify(link) : '' });
    const manifestId = this.access.addinManifestId;
    if (manifestId && event.marks.customProperties !== null) {
      // The add-in's own mark would otherwise contradict ours the next time the pane or the sync reads it. Its
      // `erpSync` key holds a JSON string `{track, link}` (docs/ADDIN-API.md, "Marking before the first save").
      const addin = { ...event.marks.customProperties, erpSync: JSON.stringify({ track, link: linkAfter }) };
      properties.push({ id: addinPropertyId(manifestId), value: JSON.stringify(addin) });
    }
    const path = `/users/${encodeURIComponent(this.mailbox.userObjectId)}/events/${encodeURIComponent(event.immutableId)}`;
    try {
      await this.graph().api(path).patch({ singleValueExtendedProperties: properties });
    } catch (error) {
      throw graphWriteProblem(error);
    }
  }

  private graph(): Client {
    const url = new URL(this.access.graphBaseUrl);
    return Client.init({
      authProvider: (done) => {
        this.token().then(
          (token) => done(null, token),
          (error: unknown) => done(error, null),
        );
      },
      baseUrl: url.origin,
      defaultVersion: 'v1.0',
      customHosts: new Set([url.hostname]),
    });
  }
}

function graphWriteProblem(error: unknown): Error {
  if (error instanceof AppError) return error;
  if (!(error instanceof GraphError)) return error instanceof Error ? error : new Error(String(error));
  const status = error.statusCode;
  if (status === 404) return new AppError('not_found', 'This event is no longer in your calendar.', { cause: error });
  if (status === 401 || status === 403) {
    return new AppError('forbidden', 'Outlook refused to let ERP sync mark this event.', { cause: error });
  }
  const retryAfter = Number(error.headers?.get('retry-after'));
  return new AppError('transient', 'Outlook did not accept the change right now; try again in a moment.', {
    cause: error,
    details: Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {},
  });
}
