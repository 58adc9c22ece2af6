// `npm run manifest:validate [-- --host https://h --client-id <guid>]`: renders manifest.xml into a temporary
// folder, runs our offline XML checks, converts it, and validates the JSON manifest against Microsoft's bundled
// schema (office-addin-manifest). Exits 1 on any problem. The XML web-service validator is not used (offline).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { validateManifest } from 'office-addin-manifest';
import { builtPages, checkXmlManifest } from './manifest-checks';
import { ASSETS_DIR, ManifestOptionError, checkOptions, parseArgs, writeManifests } from './manifest-render';

/** Used when no --host/--client-id is given: any https origin and GUID exercise the same template. */
export const SAMPLE_OPTIONS = { host: 'https://sync.example.com', clientId: '3f9d2c1e-8b7a-4c6d-9e5f-0a1b2c3d4e5f' };

export interface ValidationResult {
  xmlIssues: string[];
  jsonIssues: string[];
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
    const validation = await validateManifest(jsonPath);
    const jsonIssues = validation.isValid ? [] : (validation.report?.errors ?? []).map((e) => e.content ?? String(e.title));
    return { xmlIssues, jsonIssues };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const options = args.host || args['client-id'] ? { host: args.host ?? '', clientId: args['client-id'] ?? '' } : SAMPLE_OPTIONS;
  const { xmlIssues, jsonIssues } = await validateTemplate(options);
  for (const issue of xmlIssues) console.error(`XML: ${issue}`);
  for (const issue of jsonIssues) console.error(`JSON: ${issue}`);
  if (xmlIssues.length || jsonIssues.length) {
    process.exitCode = 1;
  } else {
    console.log(`manifest.xml: XML checks passed; unified JSON manifest valid against the bundled schema (${options.host})`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof ManifestOptionError ? `manifest:validate: ${error.message}` : error);
    process.exitCode = 1;
  });
}
