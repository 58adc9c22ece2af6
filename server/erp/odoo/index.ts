/**
 * The Odoo adapter's public face: `createOdooAdapter(config)` returns the ErpPort over Odoo's JSON-RPC or JSON-2
 * API. Wire types and the HTTP client stay inside this folder. Never reads process.env or the store.
 */
import type { CustomerAddressLookup } from '../customer-address';
import type { ErpPort } from '../port';
import type { OdooClientOptions, OdooProtocol } from './client';
import { ActingPeople } from './acting-person';
import { OwnerRoutedClient, type PersonKeys } from './private-events';
import { OdooAdapter } from './adapter';
import { readCustomerAddresses } from './customer-address';
import { DEFAULT_RETRY, type RetryPolicy } from '../../retry';

export interface OdooAdapterConfig {
  /** Base URL of the Odoo server, e.g. https://mycompany.odoo.com */
  url: string;
  database: string;
  /** Login of the integration user the API key belongs to. */
  login: string;
  apiKey: string;
  /** 'auto' reads /web/version: JSON-2 from 19.0 on, JSON-RPC before. */
  protocol: OdooProtocol | 'auto';
  clock: { now(): Date };
  logger?: { warn(object: Record<string, unknown>, message: string): void };
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Overlap of incremental reads, seconds (default 300). */
  overlapSeconds?: number;
  /** Tag marking events that need review (default "Needs review"). */
  reviewTag?: string;
  sleep?: (ms: number) => Promise<void>;
  /**
   * People's own Odoo API keys: for their private events (Odoo lets nobody else read or write them in full;
   * private-events.ts) and, under `paneRights: personKey`, for the pane's calls made for them (acting-person.ts).
   * Without it a person's private events are left out and never written, and the pane's calls need `personCompanies`.
   */
  personKeys?: PersonKeys;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_OVERLAP_SECONDS = 300;

/** The port, with the optional customer lookup (customer-address.ts) beside the adapter's calendar methods. */
export function createOdooAdapter(config: OdooAdapterConfig): ErpPort & CustomerAddressLookup {
  const clientOptions: OdooClientOptions = {
    url: config.url,
    database: config.database,
    login: config.login,
    apiKey: config.apiKey,
    protocol: config.protocol,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY, ...config.retry },
    now: () => config.clock.now(),
    sleep: config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    onRetry: (error, attempt, delayMs) =>
      config.logger?.warn({ err: error.message, attempt, delayMs }, 'Odoo call failed transiently; retrying'),
  };
  const personKeys = config.personKeys ?? null;
  const client = new OwnerRoutedClient(clientOptions, personKeys);
  // Bound late: the adapter (made below) builds the URL of every record the pane is shown.
  const url = (model: string, id: string) => adapter.recordUrl(model, id);
  const acting = new ActingPeople({ clientOptions, integration: client, personKeys, url });
  const adapter: OdooAdapter = new OdooAdapter({
    acting,
    client,
    overlapSeconds: config.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS,
    reviewTag: config.reviewTag ?? 'Needs review',
    clock: config.clock,
    login: config.login,
  });
  const lookup: CustomerAddressLookup = { customerAddress: (link) => readCustomerAddresses(client, link) };
  return Object.assign(adapter, lookup);
}

export { EXTERNAL_ID_MODULE } from './external-ids';
export type { OdooProtocol } from './client';
export type { PersonKeys } from './private-events';
