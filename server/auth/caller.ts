/**
 * Who is calling the add-in API, as proven by a validated token. Every query a request makes is scoped by it:
 * tenant id + object id pick the mailbox; nothing from the URL or body may widen that.
 */
export interface Caller {
  /** Entra tenant id (`tid`), lower case. */
  tenantId: string;
  /** The person's object id (`oid`), lower case. */
  objectId: string;
  /** preferred_username (v2) or upn (v1); may be empty for guests without one. */
  upn: string;
  name: string;
  /** App roles assigned to the person for this app (`roles` claim), e.g. `Sync.Admin`; empty when none. */
  roles: readonly string[];
  /** The add-in token as received: the on-behalf-of assertion. Not enumerable (a spread copy drops it); never log it. */
  rawToken: string;
}

/** The token cache partition of one person. */
export function partitionKeyOf(person: { tenantId: string; objectId: string }): string {
  return `${person.tenantId}.${person.objectId}`;
}
