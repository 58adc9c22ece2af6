/**
 * `npm run erp:conformance -- --url <base URL> (--token <t> | --key-id <id> --secret <s>) [--email <person>]
 * [--search <text>] [--control]`: runs the ERP contract conformance checks against an ERP, prints pass/fail per
 * check, exits 1 when any check fails.
 */
import { parseArgs } from 'node:util';
import type { RestErpAuth } from '../../server/erp/rest';
import { referenceErpHooks, runConformance, type ConformanceOptions } from '.';

function authFrom(values: { token?: string; 'key-id'?: string; secret?: string }): RestErpAuth {
  if (values.token) return { kind: 'bearer', token: values.token };
  if (values['key-id'] && values.secret) return { kind: 'hmac', keyId: values['key-id'], secret: values.secret };
  throw new Error('Give --token <bearer token>, or --key-id <id> and --secret <shared secret>.');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      'key-id': { type: 'string' },
      secret: { type: 'string' },
      email: { type: 'string', default: 'adele@contoso.example' },
      search: { type: 'string', default: 'a' },
      control: { type: 'boolean', default: false },
    },
  });
  if (!values.url) throw new Error('Give --url <the ERP base URL>.');
  const options: ConformanceOptions = {
    baseUrl: values.url,
    auth: authFrom(values),
    personEmail: values.email,
    searchText: values.search,
  };
  if (values.control) options.hooks = referenceErpHooks(values.url);
  const report = await runConformance(options);
  for (const result of report.results) {
    console.log(
      `${result.outcome.toUpperCase().padEnd(4)}  ${result.name}${result.detail ? `\n      ${result.detail}` : ''}`,
    );
  }
  const count = (outcome: string) => report.results.filter((r) => r.outcome === outcome).length;
  const untested = report.declared.filter((pair) => !report.covered.includes(pair));
  console.log(`\n${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
  if (untested.length > 0) console.log(`Contract responses not exercised: ${untested.join(', ')}`);
  return count('fail') > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
