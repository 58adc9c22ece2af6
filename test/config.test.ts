import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig, VARIABLES } from '../server/config';
import { renderEnvExample } from '../server/config-docs';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const production = {
  SYNC_MODE: 'production',
  AUTH_ALLOWED_TENANTS: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  AUTH_CLIENT_ID: '6731de76-14a6-49ae-97bc-6eba6914391e',
  AUTH_CLIENT_SECRET: 's3cret-value',
  ENCRYPTION_KEYS: 'k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
  ADMIN_API_KEY: 'admin-key-that-is-long-enough-123',
  PUBLIC_URL: 'https://sync.example.com/',
  ODOO_URL: 'https://erp.example.com',
  ODOO_DATABASE: 'prod',
  ODOO_LOGIN: 'sync@example.com',
  ODOO_API_KEY: 'odoo-key',
};

describe('configuration', () => {
  it('when ADDIN_MANIFEST_ID is unset, then it is the <Id> of manifest.xml (the compose-time mark is named after it)', () => {
    const manifestId = /<Id>([0-9a-f-]{36})<\/Id>/i.exec(readFileSync('manifest.xml', 'utf8'))?.[1];
    expect(parseConfig({}).ADDIN_MANIFEST_ID).toBe(manifestId?.toLowerCase());
    expect(problemsOf({ ADDIN_MANIFEST_ID: 'not-a-guid' }).join()).toMatch(/ADDIN_MANIFEST_ID/);
  });

  it('when nothing is set, then it runs the sandbox on SQLite at port 3000', () => {
    const config = parseConfig({});
    expect(config.SYNC_MODE).toBe('sandbox');
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('file:./data/sync.db');
    expect(config.PUBLIC_URL).toBe('https://localhost:3000');
    expect(config.AUTH_ALLOWED_TENANTS).toEqual(['*']);
    // The sandbox answers this machine only.
    expect(config.HOST).toBe('127.0.0.1');
  });

  it('when DATA_DIR is set and DATABASE_URL is not, then the database lives inside DATA_DIR', () => {
    expect(parseConfig({ DATA_DIR: '/srv/sync-b/' }).DATABASE_URL).toBe('file:/srv/sync-b/sync.db');
    expect(parseConfig({ DATA_DIR: './other' }).DATABASE_URL).toBe('file:./other/sync.db');
    expect(parseConfig({ DATA_DIR: '/srv/b', DATABASE_URL: 'file:/var/db/x.db' }).DATABASE_URL).toBe(
      'file:/var/db/x.db',
    );
  });

  it('when production variables are set without SYNC_MODE (here all but AUTH_CLIENT_ID), then one line names SYNC_MODE and them', () => {
    const { SYNC_MODE: _mode, AUTH_CLIENT_ID: _id, ...rest } = production;
    const problems = problemsOf(rest);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SYNC_MODE: is not set but production variables are \(AUTH_CLIENT_SECRET, /);
    expect(problems[0]).toContain('ODOO_API_KEY');
    expect(problems[0]).not.toContain('s3cret-value');
    expect(problemsOf({ ODOO_URL: 'https://erp.example.com' })[0]).toMatch(/^SYNC_MODE: .*\(ODOO_URL\)/);
  });

  it("when SYNC_MODE=sandbox is explicit, then production variables are the person's own and allowed", () => {
    expect(parseConfig({ SYNC_MODE: 'sandbox', ODOO_URL: 'https://erp.example.com' }).SYNC_MODE).toBe('sandbox');
  });

  it('when production has no AUTH_ALLOWED_TENANTS, then it refuses (no default *); * must be explicit', () => {
    const { AUTH_ALLOWED_TENANTS: _tenants, ...rest } = production;
    expect(problemsOf(rest).map((line) => line.split(':')[0])).toEqual(['AUTH_ALLOWED_TENANTS']);
    expect(parseConfig({ ...production, AUTH_ALLOWED_TENANTS: '*' }).AUTH_ALLOWED_TENANTS).toEqual(['*']);
    expect(problemsOf({ ...production, AUTH_ALLOWED_TENANTS: 'contoso' })[0]).toMatch(
      /^AUTH_ALLOWED_TENANTS: must be tenant GUIDs/,
    );
  });

  it('when DATABASE_URL is nonsense, then exactly one line names it with an example', () => {
    const problems = problemsOf({ DATABASE_URL: 'nonsense' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DATABASE_URL: .+; example: DATABASE_URL=/);
  });

  it('when several variables are bad, then each gets its own line', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', PUBLIC_URL: 'http://insecure.example.com' });
    expect(problems.map((line) => line.split(':')[0])).toEqual(['PORT', 'PUBLIC_URL', 'LOG_LEVEL']);
  });

  it('when SYNC_MODE=production, then production mode requires its companions', () => {
    const problems = problemsOf({ SYNC_MODE: 'production', AUTH_CLIENT_ID: production.AUTH_CLIENT_ID });
    const names = problems.map((line) => line.split(':')[0]);
    expect(names).toEqual([
      'AUTH_ALLOWED_TENANTS',
      'ENCRYPTION_KEYS',
      'ADMIN_API_KEY',
      'PUBLIC_URL',
      'ODOO_URL',
      'ODOO_DATABASE',
      'ODOO_LOGIN',
      'ODOO_API_KEY',
      'AUTH_CLIENT_SECRET',
    ]);
    expect(problems.every((line) => line.includes('is required in production mode'))).toBe(true);
  });

  it('when production is fully configured, then it parses and trims the public URL', () => {
    const config = parseConfig(production);
    expect(config.SYNC_MODE).toBe('production');
    expect(config.PUBLIC_URL).toBe('https://sync.example.com');
    expect(config.HOST).toBe('0.0.0.0');
  });

  it('when a secret is invalid, then its value is never echoed', () => {
    const problems = problemsOf({ ADMIN_API_KEY: 'short-secret' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('(value hidden)');
    expect(problems[0]).not.toContain('short-secret');
  });

  it('when only one of the TLS pair is set, then the missing one is named', () => {
    expect(problemsOf({ TLS_CERT_FILE: '/etc/cert.pem' })[0]).toMatch(/^TLS_KEY_FILE: must be set together/);
  });

  it('when .env.example is read, then it matches the schema exactly', () => {
    expect(readFileSync('.env.example', 'utf8')).toBe(renderEnvExample());
  });

  it('when the README is read, then it documents every variable', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const name of Object.keys(VARIABLES)) expect(readme).toContain(`\`${name}\``);
  });

  it('when the process starts with DATABASE_URL=nonsense, then it prints one line naming it and exits 2', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'nonsense' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^config error: DATABASE_URL: /);
    expect(result.stderr).not.toMatch(/\bat \w+ \(/); // no stack trace
  });

  it('when a production environment lacks only AUTH_CLIENT_ID and SYNC_MODE, then the process exits 2 with one line naming SYNC_MODE', () => {
    const { SYNC_MODE: _mode, AUTH_CLIENT_ID: _id, ...rest } = production;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH, ...rest },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^config error: SYNC_MODE: is not set but production variables are/);
    expect(result.stdout).not.toMatch(/emulator|sandbox/i);
  });

  it('when the worker starts in production without AUTH_ALLOWED_TENANTS, then it exits 2 naming it', () => {
    const { AUTH_ALLOWED_TENANTS: _tenants, ...rest } = production;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/worker.ts'], {
      env: { PATH: process.env.PATH, ...rest },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^config error: AUTH_ALLOWED_TENANTS: is required in production mode/),
    ]);
  });
});
