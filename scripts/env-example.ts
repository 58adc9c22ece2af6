/**
 * Writes `.env.example` from the configuration schema, so every variable is documented exactly once
 * (server/config.ts). `--check` fails when the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderEnvExample } from '../server/config-docs';

const text = renderEnvExample();
if (process.argv.includes('--check')) {
  if (readFileSync('.env.example', 'utf8') !== text) {
    process.stderr.write('.env.example is out of date: run npm run env:example\n');
    process.exit(1);
  }
} else {
  writeFileSync('.env.example', text);
}
