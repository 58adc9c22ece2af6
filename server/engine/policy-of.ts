/**
 * The tenant's stored policy, parsed (StoredPolicySchema) and read over the product defaults part by part. A stored
 * policy that does not parse (written by hand, or by an older version) falls back to the defaults part by part:
 * each part that parses is kept, each that does not is dropped and reported, never cast into the engine.
 */
import { DEFAULT_POLICY, type SyncPolicy } from '../core';
import { StoredPolicySchema, type StoredPolicy } from './policy-schema';

export interface ParsedPolicy {
  policy: SyncPolicy;
  /** Stored parts that did not parse and were replaced by the defaults, in plain words (empty when all parsed). */
  ignored: string[];
}

/** The stored policy's valid parts; an invalid part is left out and named in `ignored`. */
export function parseStoredPolicy(stored: unknown): { parts: StoredPolicy; ignored: string[] } {
  const whole = StoredPolicySchema.safeParse(stored ?? {});
  if (whole.success) return { parts: whole.data, ignored: [] };
  const parts: Record<string, unknown> = {};
  const ignored: string[] = [];
  // Cast: a non-null object (checked), read by its own keys.
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(record)) {
    const one = StoredPolicySchema.safeParse({ [key]: value });
    if (one.success) Object.assign(parts, one.data);
    else ignored.push(`${key}: ${one.error.issues[0]?.message ?? 'invalid'}`);
  }
  // Cast: each key of `parts` was parsed by its own field schema of StoredPolicySchema above.
  return { parts: parts as StoredPolicy, ignored };
}

/** The effective policy and what of the stored one was ignored. */
export function readPolicy(stored: unknown): ParsedPolicy {
  const { parts, ignored } = parseStoredPolicy(stored);
  const policy: SyncPolicy = {
    ...DEFAULT_POLICY,
    ...parts,
    marking: { ...DEFAULT_POLICY.marking, ...parts.marking },
    erpScope: { ...DEFAULT_POLICY.erpScope, ...parts.erpScope },
    massDelete: { ...DEFAULT_POLICY.massDelete, ...parts.massDelete },
    customerDetails: { ...DEFAULT_POLICY.customerDetails, ...parts.customerDetails },
  };
  return { policy, ignored };
}

/** The effective policy for a tenant whose stored policy is `stored` (possibly partial, possibly empty). */
export function policyOf(stored: unknown): SyncPolicy {
  return readPolicy(stored).policy;
}
