/**
 * Calendar suites' set-up: the real emulator (platform + this calendar half) over HTTPS on port 0, and the real
 * `@microsoft/microsoft-graph-client` pointed at it with tokens minted through the control API.
 */
import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import { createCalendarService } from '../../../../sandbox/microsoft365/calendar';
import type { Microsoft365Emulator } from '../../../../sandbox/microsoft365/server';
import { ADELE_ID, ALEX_ID, MEGAN_ID } from '../../../../sandbox/microsoft365/world/seed';
import { startEmulator } from '../helpers';

export { ADELE_ID, ALEX_ID, MEGAN_ID };
export const ADELE = 'adele@contoso.example';
export const MEGAN = 'megan@contoso.example';
export const ALEX = 'alex@contoso.example';

export interface GraphResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export class CalendarHarness {
  private constructor(
    readonly emulator: Microsoft365Emulator,
    readonly adele: Client,
  ) {}

  static async start(): Promise<CalendarHarness> {
    const emulator = await startEmulator({ calendar: createCalendarService });
    const harness = new CalendarHarness(
      emulator,
      await clientFor(emulator, { user: ADELE_ID, scopes: ['Calendars.ReadWrite'] }),
    );
    return harness;
  }

  client(options: { user?: string; scopes?: string[]; roles?: string[] }): Promise<Client> {
    return clientFor(this.emulator, options);
  }

  /** A request through the Graph client that returns status, headers and parsed body (errors included). */
  async raw<T = Record<string, unknown>>(
    client: Client,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<GraphResponse<T>> {
    const request = client.api(path).headers(headers).responseType(ResponseType.RAW);
    const response = (await (method === 'GET'
      ? request.get()
      : method === 'POST'
        ? request.post(body ?? {})
        : method === 'PATCH'
          ? request.patch(body ?? {})
          : request.delete())) as Response;
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
  }

  control<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.emulator.control.call<T>(method, path, body);
  }

  stop(): Promise<void> {
    return this.emulator.stop();
  }
}

async function clientFor(
  emulator: Microsoft365Emulator,
  options: { user?: string; scopes?: string[]; roles?: string[] },
): Promise<Client> {
  const token = await emulator.control.mintGraphToken(options);
  return Client.init({
    baseUrl: emulator.baseUrl,
    defaultVersion: 'v1.0',
    customHosts: new Set(['localhost']),
    authProvider: (done) => done(null, token),
  });
}

/** A Graph event body at the given UTC wall times. */
export function eventBody(subject: string, start: string, end: string, extra: Record<string, unknown> = {}) {
  return {
    subject,
    start: { dateTime: start, timeZone: 'UTC' },
    end: { dateTime: end, timeZone: 'UTC' },
    ...extra,
  };
}
