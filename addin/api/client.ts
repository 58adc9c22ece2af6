// Typed client of the backend add-in API: bearer token on every call, one retry on a claims challenge,
// RFC 9457 problems turned into ApiProblem. It does not decide what the UI shows for a problem.
import type {
  ConflictChoicesRequest,
  ContactLookupRequest,
  ContactMatchesResponse,
  CreateContactRequest,
  CreateLeadRequest,
  ErpContactView,
  LinkableRecord,
  EventStatus,
  HistoryResponse,
  LinkableRecordsResponse,
  MeResponse,
  PrivateKeyResponse,
  ProblemBody,
  SyncAccepted,
  TrackingRequest,
} from '../../contract/addin-api';
import { PROBLEM_TYPES } from '../../contract/addin-api/problems';

export interface TokenRequest {
  /** Claims (JSON string) from a claims challenge: the token provider must re-ask with them. */
  authChallenge?: string;
  /** Skip cached tokens (used before `POST /api/connect`, so the backend gets a fresh assertion). */
  forceRefresh?: boolean;
}

export type TokenProvider = (request?: TokenRequest) => Promise<string>;

/** A problem answered by the backend (or synthesised from a non-problem error response). */
export class ApiProblem extends Error {
  constructor(
    readonly problem: ProblemBody,
    /** Seconds from Retry-After on 429/503, when present. */
    readonly retryAfterSeconds: number | null = null,
    cause?: unknown,
  ) {
    super(problem.detail ?? problem.title, { cause });
    this.name = 'ApiProblem';
  }

  is(type: string): boolean {
    return this.problem.type === type;
  }
}

/** The backend could not be reached at all (offline, DNS, TLS, CORS). */
export class ApiUnreachable extends Error {
  constructor(cause: unknown) {
    super('The sync service cannot be reached. Check your connection and try again.', { cause });
    this.name = 'ApiUnreachable';
  }
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Reads `claims="<base64>"` from a WWW-Authenticate header and decodes it to the claims JSON string. */
export function claimsFromWwwAuthenticate(header: string | null): string | null {
  const match = header ? /claims="([^"]+)"/i.exec(header) : null;
  if (!match?.[1]) return null;
  // Some servers send the claims JSON raw rather than base64.
  if (match[1].startsWith('{')) return match[1];
  try {
    return atob(match[1]);
  } catch (error) {
    throw new ApiProblem(
      { type: 'about:blank', title: 'The service sent an unreadable sign-in challenge.', status: 401 },
      null,
      error,
    );
  }
}

async function problemOf(response: Response): Promise<ApiProblem> {
  const text = await response.text();
  let body: ProblemBody | null = null;
  try {
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (parsed && typeof parsed === 'object' && 'type' in parsed && 'title' in parsed) body = parsed as ProblemBody;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  const fallback: ProblemBody = {
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
  };
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiProblem(body ?? fallback, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
}

export class ApiClient {
  private readonly fetch: FetchLike;

  constructor(
    private readonly origin: string,
    private readonly getToken: TokenProvider,
    fetchImpl?: FetchLike,
  ) {
    this.fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  }

  me(): Promise<MeResponse> {
    return this.call('GET', '/api/me');
  }

  /** After a fresh interactive token: the backend runs on-behalf-of and stores the token cache. */
  connect(): Promise<MeResponse> {
    return this.call('POST', '/api/connect', {});
  }

  firstRunDone(): Promise<void> {
    return this.call('POST', '/api/me/first-run-done', {});
  }

  /** `withErp`: also read the ERP's review flag now (on open and after a run, not on every poll). */
  eventStatus(outlookId: string, withErp = false): Promise<EventStatus> {
    return this.call('GET', `/api/events/${encodeURIComponent(outlookId)}${withErp ? '?erp=1' : ''}`);
  }

  setTracking(outlookId: string, request: TrackingRequest): Promise<EventStatus> {
    return this.call('PUT', `/api/events/${encodeURIComponent(outlookId)}/tracking`, request);
  }

  syncNow(outlookId: string): Promise<SyncAccepted> {
    return this.call('POST', `/api/events/${encodeURIComponent(outlookId)}/sync`, {});
  }

  resolveConflicts(outlookId: string, request: ConflictChoicesRequest): Promise<EventStatus> {
    return this.call('POST', `/api/events/${encodeURIComponent(outlookId)}/conflicts`, request);
  }

  history(outlookId: string): Promise<HistoryResponse> {
    return this.call('GET', `/api/events/${encodeURIComponent(outlookId)}/history`);
  }

  searchRecords(query: string, signal?: AbortSignal): Promise<LinkableRecordsResponse> {
    return this.call('GET', `/api/erp/records?q=${encodeURIComponent(query)}`, undefined, signal);
  }

  lookupContacts(request: ContactLookupRequest): Promise<ContactMatchesResponse> {
    return this.call('POST', '/api/erp/contacts/lookup', request);
  }

  createContact(request: CreateContactRequest): Promise<ErpContactView> {
    return this.call('POST', '/api/erp/contacts', request);
  }

  createLead(request: CreateLeadRequest): Promise<LinkableRecord> {
    return this.call('POST', '/api/erp/leads', request);
  }

  /** Whether the person's private appointments can sync (their own ERP key: not needed, missing, linked, refused). */
  privateKey(): Promise<PrivateKeyResponse> {
    return this.call('GET', '/api/erp/private-key');
  }

  /** Links the person's own ERP API key; the backend keeps it only when the ERP says it is theirs. */
  linkPrivateKey(apiKey: string): Promise<PrivateKeyResponse> {
    return this.call('PUT', '/api/erp/private-key', { apiKey });
  }

  unlinkPrivateKey(): Promise<PrivateKeyResponse> {
    return this.call('DELETE', '/api/erp/private-key');
  }

  private async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let response = await this.send(method, path, await this.getToken(), body, signal);
    if (response.status === 401) {
      const claims = claimsFromWwwAuthenticate(response.headers.get('www-authenticate'));
      if (claims) {
        // Exactly one retry: a second challenge means the new token did not satisfy it either.
        await response.body?.cancel();
        response = await this.send(method, path, await this.getToken({ authChallenge: claims }), body, signal);
      }
    }
    if (!response.ok) throw await problemOf(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, token: string, body: unknown, signal?: AbortSignal) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetch(`${this.origin}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      // Cross-realm safe (jsdom vs Node DOMException): compare the name, not the class.
      if ((error as { name?: unknown } | null)?.name === 'AbortError') throw error;
      throw new ApiUnreachable(error);
    }
  }
}

/** True for problems that mean "the backend lost its delegated access: show the reconnect banner". */
export function isReconnectProblem(error: unknown): boolean {
  return error instanceof ApiProblem && error.is(PROBLEM_TYPES.needsReconnect);
}
