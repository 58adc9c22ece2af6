/**
 * Shared set-up for the emulator suites: an in-process emulator on port 0 over HTTPS, with its CA trusted
 * process-wide (fetch and https, as the product does), and msal-node configured against it.
 */
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startMicrosoft365Emulator,
  type Microsoft365Emulator,
  type Microsoft365EmulatorOptions,
} from '../../../sandbox/microsoft365/server';
import { ADDIN_CLIENT_ID, ADDIN_CLIENT_SECRET, CONTOSO_TENANT_ID } from '../../../sandbox/microsoft365/world/seed';
import { trustInProcess } from '../trust';

export const CERT_DIR = join(tmpdir(), 'outlook-erp-sync-test-certs');

export async function startEmulator(options: Microsoft365EmulatorOptions = {}): Promise<Microsoft365Emulator> {
  const emulator = await startMicrosoft365Emulator({ certificateDir: CERT_DIR, ...options });
  trustInProcess(emulator.ca);
  return emulator;
}

/** msal-node exactly as the backend would configure it for a non-Microsoft host: known authority, no region. */
export function msalApp(
  emulator: Microsoft365Emulator,
  tenant = CONTOSO_TENANT_ID,
  overrides: Partial<Configuration['auth']> = {},
) {
  return new ConfidentialClientApplication({
    auth: {
      clientId: ADDIN_CLIENT_ID,
      clientSecret: ADDIN_CLIENT_SECRET,
      authority: emulator.authority(tenant),
      knownAuthorities: [new URL(emulator.baseUrl).host],
      ...overrides,
    },
  });
}

export const GRAPH_CALENDARS = 'https://graph.microsoft.com/Calendars.ReadWrite';

export interface GraphCall<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A raw Graph request over HTTPS (status, headers and parsed body, errors included). */
export async function graphCall<T = Record<string, unknown>>(
  emulator: Microsoft365Emulator,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<GraphCall<T>> {
  const response = await fetch(`${emulator.graphBaseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
}
