/**
 * Checks JSON against the contract's component schemas (JSON Schema 2020-12, as OpenAPI 3.1 uses them) with ajv.
 * A failure names the field (`appointment.timing.start: must match format "date-time"`), never crashes later.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Contract } from './contract';

const SCHEMA_ID = 'urn:outlook-erp-sync:erp-contract';

export class ContractViolationError extends Error {
  readonly issues: string[];
  constructor(subject: string, issues: string[]) {
    super(`${subject} does not match the ERP contract: ${issues.join('; ')}`);
    this.name = 'ContractViolationError';
    this.issues = issues;
  }
}

export interface ContractValidator {
  /** The issues, each `label.path: message`; empty when `value` conforms to the named component schema. */
  issues(schemaName: string, value: unknown, label?: string): string[];
  /** The issues as RFC 9457 `errors` members: a JSON pointer into `value` and what is wrong there. */
  pointers(schemaName: string, value: unknown): Array<{ pointer: string; detail: string }>;
  /** Returns `value` typed when it conforms, else throws ContractViolationError. */
  check<T>(schemaName: string, value: unknown, subject: string, label?: string): T;
}

/** `#/components/schemas/X` -> `#/$defs/X`, so the schemas stand alone as one JSON Schema document. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string'
        ? value.replace('#/components/schemas/', '#/$defs/')
        : rewriteRefs(value);
  }
  return out;
}

/** `Appointment` -> `appointment`, `ChangePage` -> `changePage`: the root of a field path. */
function defaultLabel(schemaName: string): string {
  return schemaName.charAt(0).toLowerCase() + schemaName.slice(1);
}

function describe(label: string, error: ErrorObject): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = label;
  for (const segment of segments) path += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`;
  if (error.keyword === 'required') path += `.${String(error.params.missingProperty)}`;
  // A discriminator error is about the tag member, not the object around it.
  if (error.keyword === 'discriminator') path += `.${String(error.params.tag)}`;
  const message = error.keyword === 'required' ? 'is required' : (error.message ?? 'is invalid');
  return `${path}: ${message}`;
}

/** Keeps the most specific errors: oneOf/anyOf/allOf summaries repeat what their branches said. */
function meaningful(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => !['oneOf', 'anyOf', 'allOf', 'if'].includes(e.keyword));
  return specific.length > 0 ? specific : errors;
}

export function createContractValidator(contract: Contract): ContractValidator {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    discriminator: true,
  });
  addFormats(ajv);
  ajv.addSchema({ $id: SCHEMA_ID, $defs: rewriteRefs(contract.schemas) });
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (schemaName: string): ValidateFunction => {
    let validate = compiled.get(schemaName);
    if (!validate) {
      if (!(schemaName in contract.schemas)) throw new Error(`The ERP contract has no schema ${schemaName}`);
      validate = ajv.compile({ $ref: `${SCHEMA_ID}#/$defs/${schemaName}` });
      compiled.set(schemaName, validate);
    }
    return validate;
  };
  const issues = (schemaName: string, value: unknown, label = defaultLabel(schemaName)): string[] => {
    const validate = validatorFor(schemaName);
    if (validate(value)) return [];
    const seen = new Set<string>();
    for (const error of meaningful(validate.errors ?? [])) seen.add(describe(label, error));
    return [...seen];
  };
  const pointers = (schemaName: string, value: unknown): Array<{ pointer: string; detail: string }> => {
    const validate = validatorFor(schemaName);
    if (validate(value)) return [];
    return meaningful(validate.errors ?? []).map((error) => ({
      pointer:
        error.keyword === 'required'
          ? `${error.instancePath}/${String(error.params.missingProperty)}`
          : error.instancePath,
      detail: error.keyword === 'required' ? 'is required' : (error.message ?? 'is invalid'),
    }));
  };
  return {
    issues,
    pointers,
    check<T>(schemaName: string, value: unknown, subject: string, label?: string): T {
      const found = issues(schemaName, value, label);
      if (found.length > 0) throw new ContractViolationError(subject, found);
      // Cast: the value just passed the contract schema that T is written from.
      return value as T;
    },
  };
}
