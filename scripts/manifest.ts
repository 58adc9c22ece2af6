// `npm run manifest -- --host https://sync.example.com --client-id <guid> [--out dist/manifest]`: writes the
// deployable XML manifest and the unified JSON manifest. Validation is `npm run manifest:validate`.
import { resolve } from 'node:path';
import { ManifestOptionError, parseArgs, writeManifests } from './manifest-render';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.host || !args['client-id']) {
    throw new ManifestOptionError(
      'usage: npm run manifest -- --host https://<backend host> --client-id <app id> [--out dir]',
    );
  }
  const out = resolve(args.out ?? 'dist/manifest');
  const written = await writeManifests({ host: args.host, clientId: args['client-id'] }, out);
  console.log(`XML manifest:  ${written.xmlPath}`);
  console.log(`JSON manifest: ${written.jsonPath}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ManifestOptionError ? `manifest: ${error.message}` : error);
  process.exitCode = 1;
});
