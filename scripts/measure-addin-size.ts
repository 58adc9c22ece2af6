// Prints the gzipped size of the task pane's JavaScript in dist/addin (the scripts taskpane.html loads).
// Run after `npm run build:addin`; exits 1 when the total is over the 300 KB budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(__dirname, '..', 'dist', 'addin');
/** Acceptance budget for the task pane, gzipped. */
const BUDGET_BYTES = 300 * 1024;

function scriptsOf(htmlFile: string): string[] {
  const html = readFileSync(join(DIST, htmlFile), 'utf8');
  // Only our own bundles: Office.js comes from Microsoft's CDN and is not part of the budget.
  return [...html.matchAll(/<script[^>]+src="?([^"\s>]+\.js)"?/g)]
    .map((m) => m[1]!)
    .filter((src) => !/^https?:/.test(src));
}

function main(): void {
  const files = scriptsOf('taskpane.html');
  if (files.length === 0)
    throw new Error(`No bundle referenced by ${join(DIST, 'taskpane.html')}: run npm run build:addin`);
  let total = 0;
  for (const file of files) {
    const raw = readFileSync(join(DIST, file));
    const gz = gzipSync(raw, { level: 9 }).length;
    total += gz;
    console.log(`${file}: ${(raw.length / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzipped`);
  }
  console.log(`task pane total: ${(total / 1024).toFixed(1)} KiB gzipped (budget ${BUDGET_BYTES / 1024} KiB)`);
  if (total > BUDGET_BYTES) process.exitCode = 1;
}

main();
