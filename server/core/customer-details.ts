/**
 * System Five's customer block: the linked customer's address (and a map link) rendered at the end of an Outlook
 * body, and stripped again when Outlook is read, so the block never travels back to the ERP. Pure; no I/O.
 */
import { escapeHtml } from './html';

/** A postal address as the ERP holds it; `country` is the ISO 3166-1 alpha-2 code or a name. */
export interface CustomerAddress {
  street: string;
  postalCode: string;
  city: string;
  region?: string;
  country: string;
}

/** A customer's addresses; `shipTo` absent means visits happen at the bill-to address. */
export interface CustomerAddresses {
  name: string;
  billTo?: CustomerAddress;
  shipTo?: CustomerAddress;
}

/**
 * `off`: no block; `address`: the address alone; `addressAndMap`: the address and a map link. `address` picks
 * which one: `shipTo` (where visits happen; falls back to bill-to) or `billTo`.
 */
export interface CustomerDetailsPolicy {
  show: 'off' | 'address' | 'addressAndMap';
  address: 'shipTo' | 'billTo';
}

export const DEFAULT_CUSTOMER_DETAILS: CustomerDetailsPolicy = { show: 'off', address: 'shipTo' };

/** Plain-text markers, like quiet mode's: plain text survives Exchange and ERPs rewriting the HTML around it. */
export const CUSTOMER_BLOCK_START = '[ERP Sync: customer]';
export const CUSTOMER_BLOCK_END = '[/ERP Sync: customer]';

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The block (every occurrence), with an optional wrapping element around each marker. */
const BLOCK = new RegExp(
  `(?:<(?:div|p)\\b[^>]*>\\s*)?${escapeForRegExp(CUSTOMER_BLOCK_START)}[\\s\\S]*?${escapeForRegExp(CUSTOMER_BLOCK_END)}(?:\\s*</(?:div|p)>)?`,
  'g',
);

/** The address on one line, as a person would type it into a map search: "street, postal code city, region, country". */
export function addressLine(address: CustomerAddress): string {
  const cityLine = [address.postalCode, address.city]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');
  return [address.street, cityLine, address.region ?? '', address.country]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(', ');
}

/**
 * A map link for the address. OpenStreetMap's search page: it needs no API key or account, opens in any browser
 * (desktop, phone, Outlook on the web), geocodes free text in any script, and sends the address to no ad network.
 */
export function mapLink(address: CustomerAddress): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(addressLine(address))}`;
}

/** The address the policy asks for: ship-to falls back to bill-to (the contract's "null: same as bill-to"). */
export function chosenAddress(customer: CustomerAddresses, policy: CustomerDetailsPolicy): CustomerAddress | null {
  if (policy.address === 'billTo') return customer.billTo ?? customer.shipTo ?? null;
  return customer.shipTo ?? customer.billTo ?? null;
}

/** The block alone; an empty string when the policy is off or the customer has no address. */
export function renderCustomerBlock(customer: CustomerAddresses, policy: CustomerDetailsPolicy): string {
  if (policy.show === 'off') return '';
  const address = chosenAddress(customer, policy);
  if (!address) return '';
  const parts = [
    `<div>${CUSTOMER_BLOCK_START}</div>`,
    `<div><b>${escapeHtml(customer.name)}</b></div>`,
    `<div>${escapeHtml(addressLine(address))}</div>`,
  ];
  if (policy.show === 'addressAndMap') {
    parts.push(`<div><a href="${escapeHtml(mapLink(address))}">Open in map</a></div>`);
  }
  parts.push(`<div>${CUSTOMER_BLOCK_END}</div>`);
  return parts.join('');
}

/** True when the body carries a customer block. */
export function hasCustomerBlock(bodyHtml: string): boolean {
  return stripCustomerBlock(bodyHtml) !== bodyHtml;
}

/** The body without any customer block (unchanged when there is none). */
export function stripCustomerBlock(bodyHtml: string): string {
  return bodyHtml.replace(BLOCK, '');
}

/** `bodyHtml` with any existing block replaced by the customer's (or only removed when there is nothing to show). */
export function withCustomerBlock(
  bodyHtml: string,
  customer: CustomerAddresses | null,
  policy: CustomerDetailsPolicy,
): string {
  const stripped = stripCustomerBlock(bodyHtml);
  return customer ? `${stripped}${renderCustomerBlock(customer, policy)}` : stripped;
}
