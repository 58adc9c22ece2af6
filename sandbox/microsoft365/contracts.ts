/**
 * The seams inside the Microsoft 365 emulator: what the identity/platform half (server shell, tokens, directory,
 * throttling, faults, $batch, subscriptions) and the Graph calendar half (events, recurrence, delta) give each other.
 * Types only. The emulator imports nothing from server/ (it must stay an independent implementation; lint checks it).
 */
import type { Request } from 'express';

export interface Clock {
  now(): Date;
}

/** A person in the emulated directory. */
export interface DirectoryUser {
  /** Object id (GUID). */
  id: string;
  tenantId: string;
  userPrincipalName: string;
  mail: string;
  displayName: string;
}

/** Provided by identity: who exists. Lookups by id or UPN are case-insensitive for UPN, exact for id. */
export interface Directory {
  findUser(idOrUpn: string): DirectoryUser | undefined;
  listUsers(tenantId?: string): DirectoryUser[];
}

/** Who is calling Graph, from a verified access token. */
export interface GraphCaller {
  tenantId: string;
  /** Client id of the calling app (`azp`/`appid`). */
  appId: string;
  /** Delegated tokens: the signed-in person's object id; app-only tokens: null. */
  userId: string | null;
  /** Delegated scopes (`scp`), e.g. Calendars.ReadWrite. */
  scopes: string[];
  /** Application permissions (`roles`), e.g. Calendars.ReadWrite. */
  roles: string[];
}

/**
 * Provided by identity: verifies `Authorization: Bearer ...` for Graph (signature, audience
 * https://graph.microsoft.com or 00000003-0000-0000-c000-000000000000, expiry). Throws GraphError 401
 * `InvalidAuthenticationToken` when it is not acceptable.
 */
export interface GraphTokenVerifier {
  verify(authorization: string | undefined): Promise<GraphCaller>;
}

/** A Graph error as Graph shapes it: `{"error":{"code","message","innerError":{...}}}` with this status. */
export interface GraphErrorSpec {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/** What the calendar half reports on every change, for subscriptions (change notifications). */
export interface CalendarChange {
  tenantId: string;
  userId: string;
  eventId: string;
  changeType: 'created' | 'updated' | 'deleted';
  /** The event's `@odata.etag` after the change (absent for deletes). */
  etag?: string;
  /**
   * The event's default (per-folder) REST id, for subscriptions created without `Prefer: IdType="ImmutableId"`.
   * `eventId` is the immutable id. When absent, notifications of such subscriptions carry `eventId`.
   */
  restId?: string;
}

/** Provided by the calendar half. */
export interface CalendarChangeFeed {
  onChange(listener: (change: CalendarChange) => void): () => void;
}

/** Set on `res.locals` by the platform middleware before any Graph route runs. */
export interface GraphRequestLocals {
  caller: GraphCaller;
  requestId: string;
}

/** Helper type for handlers that read the caller. */
export type GraphRequest = Request;

/** An e-mail Exchange would have sent (invitation, update, cancellation, response). */
export interface MailRecord {
  at: string;
  tenantId: string;
  /** Mailbox (user id) that sent it. */
  fromUserId: string;
  to: string[];
  kind: 'invitation' | 'update' | 'cancellation' | 'response';
  subject: string;
  eventId: string;
}

/**
 * Provided by the calendar half (sandbox/microsoft365/calendar/index.ts exports
 * `createCalendarService(deps: CalendarDeps): CalendarService`), mounted by the server shell.
 */
export interface CalendarDeps {
  directory: Directory;
  clock: Clock;
}

export interface CalendarService extends CalendarChangeFeed {
  /** Graph routes (`/me/...`, `/users/{id}/...`), mounted at `/v1.0` after the platform middleware set GraphRequestLocals. */
  router: import('express').Router;
  /** Control routes (act as a person in Outlook, mail log), mounted at `/_control`. */
  control: import('express').Router;
  mailLog(): MailRecord[];
  /** Fault: every delta token issued so far answers 410 SyncStateNotFound. */
  expireDeltaTokens(): void;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  reset(): void;
}
