/**
 * The pane's Odoo calls for one person (ErpPort.actingFor). `personKey`: with the person's own API key (JSON-2
 * bearer key, JSON-RPC uid + key), so Odoo applies that user's access rights and record rules, as in Odoo's own
 * UI. `personCompanies`: as the integration user with `allowed_company_ids` set to the person's companies (those the
 * integration user has too), so Odoo's multi-company rules narrow what it reads; its other rights stay its own.
 * It does not decide what anybody may see: Odoo does.
 */
import { z } from 'zod';
import { isErpError, PersonRightsError } from '../errors';
import type { ErpUser, PaneRights, PersonErp } from '../port';
import { callParsed } from './answers';
import { OdooClient, type OdooCallParams, type OdooClientOptions } from './client';
import { createContact, createLead, findContacts } from './contacts';
import { isAccessError } from './faults';
import { searchLinkable, type Url } from './linkable';
import { findLinkable } from './linkable-record';
import type { PersonKeys } from './private-events';

export interface ActingDeps {
  /** The integration user's client options (URL, database, retry); the protocol is the one it detected. */
  clientOptions: OdooClientOptions;
  integration: OdooClient;
  personKeys: PersonKeys | null;
  url: Url;
}

/** Clients kept per person and key (JSON-RPC authenticates once per client); a bound, not a cache policy. */
const MAX_CLIENTS = 500;

/** The person's own client: every failure Odoo answers is the person's, worded so. */
class PersonClient extends OdooClient {
  constructor(
    options: OdooClientOptions,
    private readonly onRefused: () => Promise<void>,
  ) {
    super(options);
  }

  override async call<T>(model: string, method: string, params: OdooCallParams): Promise<T> {
    try {
      return await super.call<T>(model, method, params);
    } catch (error) {
      if (!isErpError(error, 'auth')) throw error;
      if (isAccessError(error)) {
        throw new PersonRightsError('not_allowed', `Odoo does not let you do this (${model}.${method}).`, {
          cause: error,
          ...(error.erpMessage ? { erpMessage: error.erpMessage } : {}),
        });
      }
      await this.onRefused();
      throw new PersonRightsError('key_refused', 'Odoo no longer accepts the API key you linked.', { cause: error });
    }
  }
}

/** The integration user, limited to `companies` on every call. */
class CompaniesClient extends OdooClient {
  constructor(
    options: OdooClientOptions,
    private readonly companies: number[],
  ) {
    super(options);
  }

  override call<T>(model: string, method: string, params: OdooCallParams): Promise<T> {
    return super.call<T>(model, method, {
      ...params,
      context: { ...params.context, allowed_company_ids: this.companies },
    });
  }
}

const CompaniesRowSchema = z.array(
  z.looseObject({ id: z.number().int(), company_ids: z.array(z.number().int()), company_id: z.unknown() }),
);

export class ActingPeople {
  private readonly clients = new Map<string, OdooClient>();

  constructor(private readonly deps: ActingDeps) {}

  async actingFor(user: ErpUser, rights: PaneRights): Promise<PersonErp> {
    const client = rights === 'personKey' ? await this.personClient(user) : await this.companiesClient(user);
    const { url } = this.deps;
    return {
      searchLinkable: (query, limit) => searchLinkable(client, query, limit, url),
      findLinkable: (model, id) => findLinkable(client, model, id, url),
      findContacts: (emails) => findContacts(client, emails, url),
      createContact: (contact) => createContact(client, contact, url),
      createLead: (lead, key) => createLead(client, lead, key, url),
    };
  }

  private async personClient(user: ErpUser): Promise<OdooClient> {
    const person = { id: user.id, login: user.login };
    const key = await this.deps.personKeys?.keyFor(person);
    if (!key) {
      throw new PersonRightsError(
        'key_required',
        `${user.login} has linked no Odoo API key, and Odoo shows each person what their own key may see.`,
      );
    }
    const options = await this.options({ login: user.login, apiKey: key });
    return this.kept(`key:${user.id}:${key}`, () => new PersonClient(options, () => this.refused(person)));
  }

  private async refused(person: { id: string; login: string }): Promise<void> {
    await this.deps.personKeys?.refused?.(person);
  }

  private async companiesClient(user: ErpUser): Promise<OdooClient> {
    const { integration } = this.deps;
    const uid = await integration.authenticate();
    const params = { domain: [['id', 'in', [uid, Number(user.id)]]], fields: ['company_ids', 'company_id'] };
    const rows = await callParsed(integration, 'res.users', 'search_read', params, CompaniesRowSchema);
    const mine = new Set(rows.find((r) => r.id === uid)?.company_ids ?? []);
    const theirs = rows.find((r) => r.id === Number(user.id))?.company_ids ?? [];
    // Odoo refuses allowed_company_ids outside the caller's own companies ("Access to unauthorized or invalid
    // companies"), so the person's companies the integration user lacks are left out: it cannot read them anyway.
    const shared = theirs.filter((id) => mine.has(id)).sort((a, b) => a - b);
    if (shared.length === 0) {
      throw new PersonRightsError(
        'not_allowed',
        `Odoo gives ${user.login} no company the integration user works in, so there is nothing to show.`,
      );
    }
    const options = await this.options({});
    return this.kept(`companies:${shared.join(',')}`, () => new CompaniesClient(options, shared));
  }

  /** The integration's options with the protocol it detected, so a new client asks Odoo nothing it knows. */
  private async options(extra: Partial<OdooClientOptions>): Promise<OdooClientOptions> {
    const protocol = await this.deps.integration.protocol();
    return { ...this.deps.clientOptions, ...extra, protocol };
  }

  private kept(key: string, make: () => OdooClient): OdooClient {
    const known = this.clients.get(key);
    if (known) return known;
    // Cast: the map is not empty here (size >= MAX_CLIENTS > 0), so its first key exists.
    if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value as string);
    const client = make();
    this.clients.set(key, client);
    return client;
  }
}
