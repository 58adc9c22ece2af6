/**
 * Request bodies checked against the open contract's component schemas, as the reference ERP's own 422s: ajv (JSON
 * Schema 2020-12, as OpenAPI 3.1 uses it) compiles `#/components/schemas/X` straight out of the OpenAPI document.
 * The product's adapter has its own validator; the reference ERP shares none of its code.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const CONTRACT = join('docs', 'erp-contract.openapi.yaml');
const DOCUMENT_ID = 'https://reference-erp.sandbox/erp-contract';

/** docs/erp-contract.openapi.yaml, found from this file upwards (source tree and built dist alike). */
function contractPath(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, CONTRACT);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`The reference ERP cannot find ${CONTRACT} above ${__dirname}.`);
  }
}

export interface BodyProblem {
  pointer: string;
  detail: string;
}

export class ContractSchemas {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: unknown = parse(readFileSync(contractPath(), 'utf8'))) {
    // The OpenAPI document is not itself a JSON Schema: not strict, so its other keys are ignored.
    this.ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true });
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, DOCUMENT_ID);
  }

  /** One RFC 9457 `errors` entry per problem: a JSON pointer into `body` and what is wrong there. */
  problems(schema: string, body: unknown): BodyProblem[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/${schema}`);
      if (!validate) throw new Error(`The contract has no schema ${schema}.`);
      this.compiled.set(schema, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(toProblem);
  }
}

function toProblem(error: ErrorObject): BodyProblem {
  const missing = error.keyword === 'required' ? `/${String(error.params.missingProperty)}` : '';
  const tag = error.keyword === 'discriminator' ? `/${String(error.params.tag)}` : '';
  return {
    pointer: `${error.instancePath}${missing}${tag}` || '/',
    detail: error.keyword === 'required' ? 'is required' : (error.message ?? 'is invalid'),
  };
}
