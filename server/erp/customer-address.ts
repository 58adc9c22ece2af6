/**
 * The optional ERP port method behind System Five's customer block: a linked customer's bill-to and ship-to
 * addresses. Adapters that can answer implement it; `customerAddressesOf` finds it on any port.
 */
import { type CustomerAddresses, type ErpLink } from '../core';
import type { ErpPort } from './port';

export interface CustomerAddressLookup {
  /**
   * The addresses of the customer `link` points at; null when the link is not a customer (or a record the ERP can
   * trace to one) or the customer no longer exists. Fails with ErpError like any other port call.
   */
  customerAddress(link: ErpLink): Promise<CustomerAddresses | null>;
}

/** The port's customer lookup, or null when this ERP has none. */
export function customerAddressesOf(erp: ErpPort): CustomerAddressLookup | null {
  // Cast: an optional method of the port, returned as a lookup only once it is checked to be a function.
  const candidate = erp as ErpPort & Partial<CustomerAddressLookup>;
  return typeof candidate.customerAddress === 'function' ? (candidate as CustomerAddressLookup) : null;
}
