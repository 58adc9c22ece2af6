/** Renders the configuration schema as documentation: `.env.example` and the README's table. */
import { VARIABLES } from './config';

export function renderEnvExample(): string {
  const lines = [
    '# Outlook ERP Sync configuration. Copy to .env (or set in the environment).',
    '# With nothing set, `npm start` runs the sandbox. Generated from server/config.ts: npm run env:example',
    '',
  ];
  for (const [name, spec] of Object.entries(VARIABLES)) {
    lines.push(`# ${spec.description}`, `# ${name}=${spec.example}`, '');
  }
  return lines.join('\n');
}

export function renderConfigTable(): string {
  const rows = Object.entries(VARIABLES).map(
    ([name, spec]) => `| \`${name}\` | ${spec.description.replace(/\|/g, '\\|')} | \`${spec.example}\` |`,
  );
  return ['| Variable | What it does | Example |', '| --- | --- | --- |', ...rows].join('\n');
}
