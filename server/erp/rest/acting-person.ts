/**
 * The pane's calls for one person over the REST contract: each carries `Acting-For: <the person's ERP user id>`
 * and the contract's ERP answers with that person's rights (docs/erp-contract.openapi.yaml). A 403 is the
 * person's refusal, not the integration's (whose refusal is a 401).
 */
import { causeStatus, ErpError, PersonRightsError } from '../errors';
import type { ErpUser, PersonErp } from '../port';
import type { CallInput, RestErpClient } from './client';
import { toContact, toLinkableRecord } from './to-canonical';
import type { WireContact, WireContactList, WireLinkableRecord, WireRecordList } from './wire-types';

export function restActingFor(client: RestErpClient, user: ErpUser): PersonErp {
  const call = async <T>(operationId: string, input: CallInput): Promise<T> => {
    try {
      const headers = { ...input.headers, 'acting-for': user.id };
      return (await client.call<T>(operationId, { ...input, headers })).body;
    } catch (error) {
      if (error instanceof ErpError && error.kind === 'auth' && causeStatus(error.cause) === 403) {
        throw new PersonRightsError('not_allowed', `The ERP does not let ${user.login} do this (${operationId}).`, {
          cause: error,
        });
      }
      throw error;
    }
  };
  return {
    searchLinkable: async (query, limit) => {
      if (query.trim() === '') return [];
      const body = await call<WireRecordList>('searchRecords', { query: { q: query, limit } });
      return body.items.map(toLinkableRecord);
    },
    findContacts: async (emails) => {
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
      if (wanted.length === 0) return [];
      const body = await call<WireContactList>('findContacts', { query: { emails: wanted.join(',') } });
      return body.items.map(toContact);
    },
    createContact: async (contact) => toContact(await call<WireContact>('createContact', { body: contact })),
    createLead: async (lead, idempotencyKey) => {
      const input = { headers: { 'idempotency-key': idempotencyKey }, body: lead };
      return toLinkableRecord(await call<WireLinkableRecord>('createLead', input));
    },
    findLinkable: async (model, id) => {
      try {
        return toLinkableRecord(await call<WireLinkableRecord>('getRecord', { path: { model, id } }));
      } catch (error) {
        // Gone, or not the person's to see: either way not a record they may link.
        if (error instanceof PersonRightsError || (error instanceof ErpError && error.kind === 'not_found')) {
          return null;
        }
        throw error;
      }
    },
  };
}
