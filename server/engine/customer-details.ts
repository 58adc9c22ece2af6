/**
 * System Five's customer block as a wrapper around a mailbox's Outlook side: writes of customer-linked events get
 * the customer's address (fetched from the ERP, once per customer per batch) in the body; every read has the
 * block stripped, so it never reaches the ERP or a diff. Rendering and stripping are core's (customer-details.ts).
 */
import {
  type CanonicalEvent,
  type CustomerAddresses,
  type CustomerDetailsPolicy,
  type ErpLink,
  stripCustomerBlock,
  type SyncPolicy,
  withCustomerBlock,
} from '../core';
import { customerAddressesOf, type CustomerAddressLookup } from '../erp';
import type { Mailbox } from '../store';
import type { LoadedSeries, Mapped, OutlookEventRecord, WriteOperation } from '../outlook';
import type { EngineDeps, OutlookSide } from './ports';

function stripEvent(event: Mapped<CanonicalEvent>): Mapped<CanonicalEvent> {
  if (!event.ok) return event;
  const value = event.value;
  const bodyHtml = stripCustomerBlock(value.bodyHtml);
  return bodyHtml === value.bodyHtml ? event : { ok: true, value: { ...value, bodyHtml } };
}

function stripRecord(record: OutlookEventRecord): OutlookEventRecord {
  return { ...record, event: stripEvent(record.event) };
}

function stripSeries(series: LoadedSeries): LoadedSeries {
  return { master: stripRecord(series.master), event: stripEvent(series.event) };
}

/** Whether this write puts a body into Outlook (a create, or an update of the body or of the link). */
function writesBody(operation: WriteOperation): operation is Exclude<WriteOperation, { kind: 'delete' }> {
  if (operation.kind === 'delete') return false;
  if (operation.kind === 'create') return true;
  return operation.fields.includes('bodyHtml') || operation.fields.includes('erpLink');
}

/** The customers of this batch's links, each asked for once. */
async function customersOf(
  lookup: CustomerAddressLookup,
  links: readonly ErpLink[],
): Promise<Map<string, CustomerAddresses | null>> {
  const found = new Map<string, CustomerAddresses | null>();
  for (const link of links) {
    const key = `${link.model}\u0000${link.id}`;
    if (!found.has(key)) found.set(key, await lookup.customerAddress(link));
  }
  return found;
}

/** The operations with the block rendered into each written body (and the body written when only the link moved). */
async function withBlocks(
  operations: readonly WriteOperation[],
  lookup: CustomerAddressLookup,
  policy: CustomerDetailsPolicy,
): Promise<WriteOperation[]> {
  const links = operations.flatMap((op) => (writesBody(op) && op.event.erpLink ? [op.event.erpLink] : []));
  const customers = await customersOf(lookup, links);
  return operations.map((op) => {
    if (!writesBody(op)) return op;
    const link = op.event.erpLink;
    const customer = link ? (customers.get(`${link.model}\u0000${link.id}`) ?? null) : null;
    const event = { ...op.event, bodyHtml: withCustomerBlock(op.event.bodyHtml, customer, policy) };
    if (op.kind === 'create') return { ...op, event };
    const fields = op.fields.includes('bodyHtml') ? op.fields : [...op.fields, 'bodyHtml' as const];
    return { ...op, event, fields };
  });
}

/**
 * An Outlook side that shows customer details. Reads are stripped whatever the policy (a block written under an
 * earlier policy must not travel either); writes get a block only when the policy is on and the ERP has a lookup.
 * A failing lookup fails the batch like a failing Graph call would: the engine reports it and retries next run.
 */
export function withCustomerDetails(
  side: OutlookSide,
  lookup: CustomerAddressLookup | null,
  policy: CustomerDetailsPolicy,
): OutlookSide {
  const enabled = lookup !== null && policy.show !== 'off';
  return {
    readChanges: async (request) => {
      const result = await side.readChanges(request);
      return { ...result, items: result.items.map(stripRecord) };
    },
    loadSeries: async (ids, window) => {
      const loaded = await side.loadSeries(ids, window);
      return new Map([...loaded].map(([id, series]) => [id, stripSeries(series)]));
    },
    getEvents: async (ids) => {
      const found = await side.getEvents(ids);
      return new Map([...found].map(([id, record]) => [id, stripRecord(record)]));
    },
    findByMappingId: async (mappingId) => (await side.findByMappingId(mappingId)).map(stripRecord),
    applyWrites: async (operations) =>
      side.applyWrites(enabled ? await withBlocks(operations, lookup, policy) : operations),
  };
}

/** The mailbox's Outlook side as every engine path uses it: under the tenant's customer-details policy. */
export function outlookSideFor(deps: EngineDeps, mailbox: Mailbox, policy: SyncPolicy): OutlookSide {
  return withCustomerDetails(deps.outlook(mailbox), customerAddressesOf(deps.erp), policy.customerDetails);
}
