// Fills manifest.xml's placeholders ({{HOST}}, {{HOST_NAME}}, {{CLIENT_ID}}) and converts the result to the
// unified JSON manifest with office-addin-manifest-converter. No validation here (see manifest-checks.ts).
import { copyFileSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { convert } from 'office-addin-manifest-converter';

export const TEMPLATE_PATH = resolve(__dirname, '..', 'manifest.xml');
export const ASSETS_DIR = resolve(__dirname, '..', 'addin', 'assets');
/** Fluent brand blue, the icons' background. */
const ACCENT_COLOR = '#0F6CBD';

export interface ManifestOptions {
  /** https origin the backend is reachable at, e.g. https://sync.example.com */
  host: string;
  /** Azure app (client) id of the add-in registration. */
  clientId: string;
}

/** Used when no --host/--client-id is given: any https origin and GUID exercise the same template. */
export const SAMPLE_OPTIONS: ManifestOptions = {
  host: 'https://sync.example.com',
  clientId: '3f9d2c1e-8b7a-4c6d-9e5f-0a1b2c3d4e5f',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ManifestOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestOptionError';
  }
}

/** Checks the options and returns the normalised origin (no trailing slash). */
export function checkOptions(options: ManifestOptions): ManifestOptions {
  let url: URL;
  try {
    url = new URL(options.host);
  } catch (error) {
    throw new ManifestOptionError(`--host "${options.host}" is not a URL (${(error as Error).message})`);
  }
  if (url.protocol !== 'https:')
    throw new ManifestOptionError(`--host must be https (Office loads add-ins over https only)`);
  if (url.pathname !== '/' || url.search || url.hash)
    throw new ManifestOptionError('--host must be an origin, without a path');
  if (!GUID.test(options.clientId)) throw new ManifestOptionError(`--client-id "${options.clientId}" is not a GUID`);
  return { host: url.origin, clientId: options.clientId.toLowerCase() };
}

export function renderManifest(options: ManifestOptions, template = readFileSync(TEMPLATE_PATH, 'utf8')): string {
  const { host, clientId } = checkOptions(options);
  return template
    .replaceAll('{{HOST}}', host)
    .replaceAll('{{HOST_NAME}}', new URL(host).host)
    .replaceAll('{{CLIENT_ID}}', clientId);
}

/** Parses `--host x --client-id y --out dir` style arguments. */
export function parseArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!;
    if (!key.startsWith('--')) throw new ManifestOptionError(`unexpected argument "${key}"`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new ManifestOptionError(`${key} needs a value`);
    args[key.slice(2)] = value;
    i++;
  }
  return args;
}

export interface WrittenManifests {
  xmlPath: string;
  jsonPath: string;
}

/**
 * Writes `<outDir>/manifest.xml` and `<outDir>/unified/manifest.json` (plus the converter's icon files).
 * The converter logs problems instead of throwing, so a missing manifest.json is reported as an error here.
 */
export async function writeManifests(options: ManifestOptions, outDir: string): Promise<WrittenManifests> {
  mkdirSync(outDir, { recursive: true });
  const xmlPath = join(outDir, 'manifest.xml');
  writeFileSync(xmlPath, renderManifest(options));
  const unifiedDir = join(outDir, 'unified');
  await convert(xmlPath, unifiedDir, false, undefined, undefined, false);
  const jsonName = readdirSync(unifiedDir).find((f) => f.endsWith('.json') && !f.includes('.loc'));
  if (!jsonName) throw new Error(`office-addin-manifest-converter wrote no JSON manifest into ${unifiedDir}`);
  const jsonPath = join(unifiedDir, 'manifest.json');
  if (jsonName !== 'manifest.json') renameSync(join(unifiedDir, jsonName), jsonPath);
  const unified = tidyUnified(JSON.parse(readFileSync(jsonPath, 'utf8')) as UnifiedManifest);
  writeFileSync(jsonPath, `${JSON.stringify(unified, null, 2)}\n`);
  // The JSON manifest names its two package icons by relative path: ship our PNGs there (no download).
  for (const icon of [unified.icons.color, unified.icons.outline]) {
    mkdirSync(join(unifiedDir, icon, '..'), { recursive: true });
    copyFileSync(join(ASSETS_DIR, icon.split('/').pop()!), join(unifiedDir, icon));
  }
  return { xmlPath, jsonPath };
}

interface Ribbon {
  contexts: string[];
  tabs: { groups: { id: string; controls: { actionId: string }[] }[] }[];
}
interface UnifiedManifest {
  accentColor: string;
  icons: { color: string; outline: string };
  extensions: { ribbons?: Ribbon[]; runtimes?: { actions?: { id: string }[] }[] }[];
}

/**
 * The converter turns both VersionOverrides (V1_0 and its V1_1 copy) into ribbons, so each surface appears twice
 * with the same group ids; keep the first of each and drop the orphaned actions. Also set our accent colour.
 */
export function tidyUnified(manifest: UnifiedManifest): UnifiedManifest {
  manifest.accentColor = ACCENT_COLOR;
  for (const ext of manifest.extensions) {
    const seen = new Set<string>();
    const dropped = new Set<string>();
    ext.ribbons = ext.ribbons?.filter((ribbon) => {
      const key = JSON.stringify([ribbon.contexts, ribbon.tabs.flatMap((t) => t.groups.map((g) => g.id))]);
      const actions = ribbon.tabs.flatMap((t) => t.groups.flatMap((g) => g.controls.map((c) => c.actionId)));
      if (seen.has(key)) actions.forEach((a) => dropped.add(a));
      return !seen.has(key) && seen.add(key);
    });
    for (const runtime of ext.runtimes ?? []) runtime.actions = runtime.actions?.filter((a) => !dropped.has(a.id));
  }
  return manifest;
}
