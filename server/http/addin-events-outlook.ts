/**
 * The add-in event API's Outlook side, on the caller's behalf (on-behalf-of token): find the event the pane names
 * in the caller's own calendar (which also turns a REST id into the immutable id), and write our marks on it.
 * Every Graph call goes through server/outlook: immutable ids, the mailbox's request budget, its error mapping.
 */
import type { Caller, GraphTokenProvider } from '../auth';
import type { ErpLink } from '../core';
import { AppError } from '../errors';
import { effectiveErpSync, isOutlookError, type OutlookCalendar, type OutlookMarks } from '../outlook';
import type { Mailbox } from '../store';

export interface OutlookAccess {
  tokens: Pick<GraphTokenProvider, 'onBehalfOf'>;
  /** The mailbox's calendar reached with the caller's token, inside the mailbox's request budget (compose.ts). */
  calendarFor(mailbox: Mailbox, accessToken: string): OutlookCalendar;
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
  /** Undefined leaves the link as it is; null removes it. */
  link: ErpLink | null | undefined;
}

/** An Outlook failure in words the pane shows as they are. */
function outlookProblem(error: unknown): unknown {
  if (!isOutlookError(error)) return error;
  switch (error.kind) {
    case 'not_found':
      return new AppError('not_found', 'This event is no longer in your Outlook calendar.', { cause: error });
    case 'auth':
      return new AppError('forbidden', 'Outlook refused to let ERP sync mark this event.', { cause: error });
    case 'throttled':
    case 'transient':
      return new AppError('transient', 'Outlook did not accept the change right now; try again in a moment.', {
        cause: error,
        details: error.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {},
      });
    default:
      return error;
  }
}

/**
 * The caller's Outlook calendar: every call carries a token for the caller, so it reaches their mailbox only.
 * The token is acquired up front (`open`), so a consent or claims problem reaches the pane as its own problem.
 */
export class CallerCalendar {
  static async open(access: OutlookAccess, caller: Caller, mailbox: Mailbox): Promise<CallerCalendar> {
    const { accessToken } = await access.tokens.onBehalfOf(caller);
    return new CallerCalendar(access.calendarFor(mailbox, accessToken));
  }

  private constructor(private readonly calendar: OutlookCalendar) {}

  /** The event the pane names (REST or immutable id), or null when the caller's calendar has no such event. */
  async find(paneId: string): Promise<CallerEvent | null> {
    let record;
    try {
      record = (await this.calendar.getEvents([paneId])).get(paneId);
    } catch (error) {
      throw outlookProblem(error);
    }
    if (record === undefined) return null;
    return { immutableId: record.id, marks: record.marks, marked: effectiveErpSync(record.marks) === true };
  }

  /** Writes our marks (and the add-in's compose mark in step) on the event. */
  async writeMarks(event: CallerEvent, marks: MarksToWrite): Promise<void> {
    try {
      await this.calendar.writeMarks(
        event.immutableId,
        { erpSync: marks.track, ...(marks.link !== undefined ? { erpLink: marks.link } : {}) },
        event.marks.addinJson,
      );
    } catch (error) {
      throw outlookProblem(error);
    }
  }
}
