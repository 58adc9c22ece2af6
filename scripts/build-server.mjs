// Builds the backend (server/, sandbox/ and contract/, the add-in API contract it shares with the pane) into dist/ with SWC: the same
// transform the test suites run, in a second or two. Types are checked separately by `npm run typecheck` (tsc).
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { transformFile } from '@swc/core';

const ROOTS = ['server', 'sandbox', 'contract'];
const OUT = 'dist';
const SWC = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

async function* files(path) {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => null);
  if (entries === null) {
    yield path;
    return;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    yield* entry.isDirectory() ? files(join(path, entry.name)) : [join(path, entry.name)];
  }
}

async function build(file) {
  const target = join(OUT, file);
  await mkdir(dirname(target), { recursive: true });
  if (file.endsWith('.md') || file.endsWith('.d.ts')) return undefined;
  // Pages, styles and data (the simulator's page, JSON catalogues) travel as they are.
  if (!file.endsWith('.ts')) return copyFile(file, target);
  const js = target.replace(/\.ts$/, '.js');
  const output = await transformFile(file, { ...SWC, filename: file, sourceFileName: relative(dirname(js), file) });
  await writeFile(js, `${output.code}\n//# sourceMappingURL=${js.split('/').pop()}.map\n`);
  return writeFile(`${js}.map`, output.map ?? '');
}

const started = Date.now();
await Promise.all(['server', 'sandbox', 'contract'].map((dir) => rm(join(OUT, dir), { recursive: true, force: true })));
const work = [];
for (const root of ROOTS) for await (const file of files(root)) work.push(build(file));
// The REST ERP adapter validates against the open contract at run time (it looks for docs/ above its module).
await mkdir(join(OUT, 'docs'), { recursive: true });
work.push(copyFile('docs/erp-contract.openapi.yaml', join(OUT, 'docs', 'erp-contract.openapi.yaml')));
await Promise.all(work);
process.stdout.write(`built ${work.length} files into ${OUT}/ in ${Date.now() - started} ms\n`);
