/**
 * Loads the open ERP contract (docs/erp-contract.openapi.yaml) and answers questions about it: an operation's
 * method and path, the schema a response status declares. It does not validate; validate.ts does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

export const CONTRACT_FILE = join('docs', 'erp-contract.openapi.yaml');

type Json = Record<string, unknown>;

export interface ContractOperation {
  operationId: string;
  method: string;
  /** Path template, e.g. `/appointments/{id}`. */
  path: string;
  /** Declared statuses, e.g. `['200', '401', '404']`. */
  statuses: string[];
}

export interface Contract {
  document: Json;
  schemas: Record<string, unknown>;
  operations: Map<string, ContractOperation>;
  /** The component schema name a response declares (`Appointment`, `Problem`), or null for no body. */
  responseSchema(operationId: string, status: number): string | null;
}

/** Walks up from this module to the repository root, so the same code works from source and from dist/. */
export function findContractFile(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, CONTRACT_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`The ERP contract ${CONTRACT_FILE} was not found above ${start}`);
  }
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const REF_PREFIX = '#/components/';

export function loadContract(file: string = findContractFile()): Contract {
  // Cast: the lines below: our own OpenAPI document (docs/erp-contract.openapi.yaml, linted by redocly) read as loose JSON objects.
  const document = parse(readFileSync(file, 'utf8')) as Json;
  const components = (document.components ?? {}) as Json;
  const schemas = (components.schemas ?? {}) as Record<string, unknown>;
  // Cast: the same document, object by object.
  const responses = (components.responses ?? {}) as Record<string, Json>;
  const operations = new Map<string, ContractOperation>();
  const responseMaps = new Map<string, Record<string, Json>>();
  // Cast: the same document: its paths and their operations.
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const operationId = String(operation.operationId);
      // Cast: the same document: an operation's responses.
      const declared = (operation.responses ?? {}) as Record<string, Json>;
      operations.set(operationId, { operationId, method: method.toUpperCase(), path, statuses: Object.keys(declared) });
      responseMaps.set(operationId, declared);
    }
  }
  const responseSchema = (operationId: string, status: number): string | null => {
    const declared = responseMaps.get(operationId);
    let response = declared?.[String(status)];
    if (!response) return null;
    if (typeof response.$ref === 'string') response = responses[refName(response.$ref)] ?? {};
    // Cast: the same document: a response's media types and schema.
    const content = (response.content ?? {}) as Record<string, Json>;
    const media = content['application/json'] ?? content['application/problem+json'];
    const schema = media?.schema as Json | undefined;
    return schema && typeof schema.$ref === 'string' ? refName(schema.$ref) : null;
  };
  return { document, schemas, operations, responseSchema };
}

/** `#/components/responses/NotFound` -> `NotFound`. */
export function refName(ref: string): string {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`Unsupported $ref ${ref} in the ERP contract`);
  return ref.slice(ref.lastIndexOf('/') + 1);
}
