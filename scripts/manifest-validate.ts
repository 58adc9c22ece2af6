// `npm run manifest:validate [-- --host https://h --client-id <guid>]`: renders manifest.xml into a temporary
// folder, runs our offline XML checks, converts it, and validates the JSON manifest against Microsoft's bundled
// schema (office-addin-manifest). `-- --json <file>` validates one JSON manifest only. Exits 1 on any problem.
// The XML web-service validator is not used (offline).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateManifest } from 'office-addin-manifest';
import { builtPages, checkXmlManifest } from './manifest-checks';
import {
  ASSETS_DIR,
  ManifestOptionError,
  SAMPLE_OPTIONS,
  checkOptions,
  parseArgs,
  writeManifests,
} from './manifest-render';

export interface ValidationResult {
  xmlIssues: string[];
  jsonIssues: string[];
}

/** Problems of a unified JSON manifest against the schema bundled with office-addin-manifest (no network). */
export async function jsonSchemaIssues(jsonPath: string): Promise<string[]> {
  const validation = await validateManifest(jsonPath);
  return validation.isValid ? [] : (validation.report?.errors ?? []).map((e) => e.content ?? String(e.title));
}

export async function validateTemplate(options = SAMPLE_OPTIONS): Promise<ValidationResult> {
  const checked = checkOptions(options);
  const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
  try {
    const { xmlPath, jsonPath } = await writeManifests(checked, dir);
    const xmlIssues = checkXmlManifest(readFileSync(xmlPath, 'utf8'), {
      ...checked,
      assetsDir: ASSETS_DIR,
      pages: builtPages(),
    });
    return { xmlIssues, jsonIssues: await jsonSchemaIssues(jsonPath) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.json) {
    const issues = await jsonSchemaIssues(args.json);
    for (const issue of issues) console.error(`JSON: ${issue}`);
    if (issues.length) process.exitCode = 1;
    else console.log(`${args.json}: valid against the bundled schema`);
    return;
  }
  const options =
    args.host || args['client-id'] ? { host: args.host ?? '', clientId: args['client-id'] ?? '' } : SAMPLE_OPTIONS;
  const { xmlIssues, jsonIssues } = await validateTemplate(options);
  for (const issue of xmlIssues) console.error(`XML: ${issue}`);
  for (const issue of jsonIssues) console.error(`JSON: ${issue}`);
  if (xmlIssues.length || jsonIssues.length) {
    process.exitCode = 1;
  } else {
    console.log(
      `manifest.xml: XML checks passed; unified JSON manifest valid against the bundled schema (${options.host})`,
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof ManifestOptionError ? `manifest:validate: ${error.message}` : error);
    process.exitCode = 1;
  });
}
