/**
 * Configuration: the environment (and `.env` when present), validated once at start-up with zod.
 * Each bad variable yields one line naming it, what is wrong and an example. No secret has a default here.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { clientCredentialProblem } from './config-credentials';
import { parseDatabaseUrl } from './store';

/** One documented variable: the schema, what it is for, and an example value for error messages and `.env.example`. */
interface Variable<T extends z.ZodType> {
  schema: T;
  description: string;
  example: string;
  secret?: boolean;
}

const variable = <T extends z.ZodType>(v: Variable<T>): Variable<T> => v;

const port = z.coerce.number().int().min(0).max(65535);
const httpsUrl = z
  .string()
  .url()
  .refine((u) => u.startsWith('https://'), 'must be an https:// URL')
  .transform((u) => u.replace(/\/+$/, ''));
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

const databaseUrl = z.string().superRefine((value, ctx) => {
  try {
    parseDatabaseUrl(value);
  } catch (error) {
    // The store's message names the variable and quotes the value; describeProblem adds both itself.
    // Cast: parseDatabaseUrl throws only Errors of its own.
    const message = (error as Error).message.replace(/^DATABASE_URL "[^"]*" /, '').replace(/\.$/, '');
    ctx.addIssue({ code: 'custom', message });
  }
});

/** Every variable the product reads. Order is the order of `.env.example` and the README table. */
export const VARIABLES = {
  SYNC_MODE: variable({
    schema: z.enum(['sandbox', 'production']).optional(),
    description:
      'sandbox runs the emulators and a demo; production talks to Microsoft and the ERP (and sets NODE_ENV=production). Unset: sandbox, unless a production variable is set: then the process refuses to start.',
    example: 'production',
  }),
  PORT: variable({ schema: port.default(3000), description: 'HTTPS port of the backend.', example: '3000' }),
  HOST: variable({
    schema: z.string().min(1).optional(),
    description: 'Interface to listen on. Default: 127.0.0.1 in sandbox mode, 0.0.0.0 in production.',
    example: '127.0.0.1',
  }),
  PUBLIC_URL: variable({
    schema: httpsUrl.optional(),
    description:
      'Public https origin of the backend (serves the task pane; Graph notifications are sent here). Default: https://localhost:PORT.',
    example: 'https://sync.example.com',
  }),
  DATABASE_URL: variable({
    schema: databaseUrl.optional(),
    description:
      'SQLite file (file:...) for one process, or PostgreSQL (postgres://...) for several. Default: file:<DATA_DIR>/sync.db.',
    example: 'postgres://sync@db.internal:5432/sync',
  }),
  LOG_LEVEL: variable({
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'pino log level.',
    example: 'info',
  }),
  DATA_DIR: variable({
    schema: z.string().min(1).default('./data'),
    description: 'Folder for local state: the SQLite database by default, the development certificate, sandbox state.',
    example: './data',
  }),
  TLS_CERT_FILE: variable({
    schema: z.string().min(1).optional(),
    description: 'PEM certificate chain for HTTPS. Default: a locally generated development certificate.',
    example: '/etc/sync/tls/fullchain.pem',
  }),
  TLS_KEY_FILE: variable({
    schema: z.string().min(1).optional(),
    description: 'PEM private key for TLS_CERT_FILE.',
    example: '/etc/sync/tls/privkey.pem',
    secret: true,
  }),
  EXTRA_CA_CERTS_FILE: variable({
    schema: z.string().min(1).optional(),
    description: 'Extra certificate authorities to trust for outbound HTTPS (e.g. a TLS-inspecting proxy), PEM.',
    example: '/etc/ssl/corporate-ca.pem',
  }),
  AUTH_AUTHORITY_HOST: variable({
    schema: httpsUrl.default('https://login.microsoftonline.com'),
    description: 'Microsoft identity platform host.',
    example: 'https://login.microsoftonline.com',
  }),
  AUTH_CLIENT_ID: variable({
    schema: z.string().uuid().optional(),
    description: 'Application (client) id of the Entra app registration.',
    example: '6731de76-14a6-49ae-97bc-6eba6914391e',
  }),
  AUTH_CLIENT_SECRET: variable({
    schema: z.string().min(1).optional(),
    description:
      'Client secret of the app registration (on-behalf-of and app-only tokens). Set it or AUTH_CLIENT_CERTIFICATE_FILE, not both.',
    example: '<secret from Entra>',
    secret: true,
  }),
  AUTH_CLIENT_SECRET_EXPIRES: variable({
    schema: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}/, 'must be a date, YYYY-MM-DD')
      .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date, YYYY-MM-DD')
      .transform((v) => new Date(Date.parse(v)).toISOString())
      .optional(),
    description:
      "When the client secret expires, as Entra shows it under Certificates & secrets: the admin console warns 30 days before (a secret's expiry cannot be read from it).",
    example: '2028-06-30',
  }),
  AUTH_CLIENT_CERTIFICATE_FILE: variable({
    schema: z.string().min(1).optional(),
    description:
      'Instead of a secret: the PEM certificate uploaded to the app registration; its private key in AUTH_CLIENT_CERTIFICATE_KEY_FILE. msal signs a client assertion with it.',
    example: '/etc/sync/entra/app-cert.pem',
  }),
  AUTH_CLIENT_CERTIFICATE_KEY_FILE: variable({
    schema: z.string().min(1).optional(),
    description: 'PEM private key (PKCS#8 or PKCS#1, unencrypted) of AUTH_CLIENT_CERTIFICATE_FILE.',
    example: '/etc/sync/entra/app-cert.key',
  }),
  AUTH_ALLOWED_TENANTS: variable({
    schema: z
      .string()
      .pipe(csv)
      .refine((list) => list.length > 0, 'must name at least one tenant id, or *')
      .refine(
        (list) =>
          list.every((t) => t === '*' || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t)),
        'must be tenant GUIDs separated by commas, or *',
      )
      .optional(),
    description:
      'Tenant ids allowed to use the add-in: one, a comma-separated list, or * for any. Required in production (no default); sandbox: any.',
    example: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  }),
  GRAPH_BASE_URL: variable({
    schema: httpsUrl.default('https://graph.microsoft.com'),
    description: 'Microsoft Graph host (the version path is added by the client).',
    example: 'https://graph.microsoft.com',
  }),
  ADDIN_MANIFEST_ID: variable({
    schema: z
      .string()
      .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID')
      .transform((id) => id.toLowerCase())
      .default('ca0635ee-d2d7-4144-b6dc-db172ca57e40'),
    description:
      "The add-in manifest's <Id>: Outlook keeps the pane's compose-time mark in a property named after it (cecp-<id>).",
    example: 'ca0635ee-d2d7-4144-b6dc-db172ca57e40',
  }),
  ENCRYPTION_KEYS: variable({
    schema: z.string().min(1).optional(),
    description:
      'Keys that encrypt stored tokens and ERP secrets: id:base64(32 bytes), comma-separated, newest first (older ones still decrypt).',
    example: '2026-11:q8wJ3...base64...=',
    secret: true,
  }),
  ADMIN_API_KEY: variable({
    schema: z.string().min(24, 'must be at least 24 characters').optional(),
    description: 'Bearer key for the admin API (/admin/...).',
    example: '<random, 32+ characters>',
    secret: true,
  }),
  ERP_KIND: variable({
    schema: z.enum(['odoo', 'rest']).default('odoo'),
    description: 'Which ERP adapter to use.',
    example: 'odoo',
  }),
  ODOO_URL: variable({
    schema: z.string().url().optional(),
    description: 'Odoo base URL.',
    example: 'https://erp.example.com',
  }),
  ODOO_DATABASE: variable({
    schema: z.string().min(1).optional(),
    description: 'Odoo database name.',
    example: 'production',
  }),
  ODOO_LOGIN: variable({
    schema: z.string().min(1).optional(),
    description: 'Odoo login of the integration user.',
    example: 'sync@example.com',
  }),
  ODOO_API_KEY: variable({
    schema: z.string().min(1).optional(),
    description: 'Odoo API key of that user.',
    example: '<api key>',
    secret: true,
  }),
  ODOO_PROTOCOL: variable({
    schema: z.enum(['auto', 'jsonrpc', 'json2']).default('auto'),
    description: 'Odoo external API: JSON-2 (Odoo 19+), JSON-RPC, or auto-detect from the server version.',
    example: 'auto',
  }),
  REST_ERP_URL: variable({
    schema: z.string().url().optional(),
    description: 'Base URL of an ERP implementing the open REST contract.',
    example: 'https://erp.example.com/api/sync/v1',
  }),
  REST_ERP_TOKEN: variable({
    schema: z.string().min(1).optional(),
    description: 'Bearer token for REST_ERP_URL.',
    example: '<token>',
    secret: true,
  }),
  ERP_WEBHOOK_SECRET: variable({
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
    description:
      'Shared secret of the ERP change webhook (POST /webhooks/erp, HMAC-SHA256 ERP-Signature). Unset: the endpoint is off.',
    example: '<random, 32+ characters>',
    secret: true,
  }),
  ERP_POLL_SECONDS: variable({
    schema: z.coerce.number().positive().default(60),
    description: 'How often each connected mailbox is synced to pick up ERP changes (the ERP poll), in seconds.',
    example: '60',
  }),
  SWEEP_HOURS: variable({
    schema: z.coerce.number().positive().default(6),
    description: 'How often the safety sweep fully reconciles each mailbox (repairs drift), in hours.',
    example: '6',
  }),
  GRAPH_NOTIFICATIONS: variable({
    schema: z.enum(['on', 'off']).default('on'),
    description:
      'Subscribe to Graph change notifications (needs PUBLIC_URL reachable by Microsoft); off relies on the polls and sweep.',
    example: 'on',
  }),
  SYNC_CONCURRENCY: variable({
    schema: z.coerce.number().int().min(0).default(4),
    description: 'Mailbox syncs run at once by this process; 0 makes a web-only process that only queues work.',
    example: '4',
  }),
  GRAPH_MAX_CONCURRENT_PER_MAILBOX: variable({
    schema: z.coerce.number().int().positive().default(4),
    description: 'Graph requests in flight per mailbox (Graph allows 4).',
    example: '4',
  }),
  GRAPH_MAX_REQUESTS_PER_10_MINUTES: variable({
    schema: z.coerce.number().int().positive().default(10_000),
    description: 'Graph requests started per mailbox per 10 minutes (Graph allows 10,000).',
    example: '10000',
  }),
} as const;

type Variables = typeof VARIABLES;
type Parsed = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

export interface Config extends Omit<
  Parsed,
  'SYNC_MODE' | 'PUBLIC_URL' | 'HOST' | 'DATABASE_URL' | 'AUTH_ALLOWED_TENANTS'
> {
  SYNC_MODE: 'sandbox' | 'production';
  PUBLIC_URL: string;
  HOST: string;
  DATABASE_URL: string;
  AUTH_ALLOWED_TENANTS: string[];
}

/** Raised for bad configuration; `problems` holds one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const PRODUCTION_REQUIRED: Array<keyof Variables> = [
  'AUTH_CLIENT_ID',
  'AUTH_ALLOWED_TENANTS',
  'ENCRYPTION_KEYS',
  'ADMIN_API_KEY',
  'PUBLIC_URL',
];
/** Variables only a production deployment sets: with any of them and no SYNC_MODE, the process refuses to guess. */
const PRODUCTION_SIGNS: Array<keyof Variables> = [
  'AUTH_CLIENT_ID',
  'AUTH_CLIENT_SECRET',
  'AUTH_CLIENT_CERTIFICATE_FILE',
  'AUTH_ALLOWED_TENANTS',
  'ENCRYPTION_KEYS',
  'ADMIN_API_KEY',
  'PUBLIC_URL',
  'ODOO_URL',
  'ODOO_DATABASE',
  'ODOO_LOGIN',
  'ODOO_API_KEY',
  'REST_ERP_URL',
  'REST_ERP_TOKEN',
  'ERP_WEBHOOK_SECRET',
];

/**
 * The mode: as set, or sandbox when nothing of production is set. A production variable without SYNC_MODE is a
 * deployment that lost a line of its configuration: it must not quietly become the sandbox (emulators, real ERP
 * credentials, every interface), so that is one problem naming the variables found.
 */
function modeOf(values: Record<string, unknown>): Config['SYNC_MODE'] | string {
  // Cast: SYNC_MODE's value is its schema's output (an enum member) or unset.
  const mode = values.SYNC_MODE as Config['SYNC_MODE'] | undefined;
  if (mode !== undefined) return mode;
  const signs = PRODUCTION_SIGNS.filter((name) => values[name] !== undefined);
  if (signs.length === 0) return 'sandbox';
  return describeProblem(
    'SYNC_MODE',
    undefined,
    VARIABLES.SYNC_MODE,
    `is not set but production variables are (${signs.join(', ')}): set SYNC_MODE=production, or SYNC_MODE=sandbox for the emulators`,
  );
}
const ERP_REQUIRED: Record<'odoo' | 'rest', Array<keyof Variables>> = {
  odoo: ['ODOO_URL', 'ODOO_DATABASE', 'ODOO_LOGIN', 'ODOO_API_KEY'],
  rest: ['REST_ERP_URL', 'REST_ERP_TOKEN'],
};

/** Parses `env` (empty strings count as unset). Throws ConfigError listing every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  // Cast: Object.entries types keys as string; VARIABLES is keyed by Variables.
  for (const [name, spec] of Object.entries(VARIABLES) as Array<[keyof Variables, Variable<z.ZodType>]>) {
    const raw = env[name] === '' ? undefined : env[name];
    const result = spec.schema.safeParse(raw);
    if (result.success) values[name] = result.data;
    else problems.push(describeProblem(name, raw, spec, result.error.issues[0]?.message ?? 'is invalid'));
  }
  const mode = modeOf(values);
  if (mode !== 'production' && mode !== 'sandbox') throw new ConfigError([...problems, mode]);
  if (mode === 'production' && problems.length === 0) {
    // Cast: ERP_KIND's value is its schema's output, an enum member with a default.
    const required = [...PRODUCTION_REQUIRED, ...ERP_REQUIRED[values.ERP_KIND as 'odoo' | 'rest']];
    for (const name of required) {
      if (values[name] === undefined)
        problems.push(describeProblem(name, undefined, VARIABLES[name], 'is required in production mode'));
    }
  }
  problems.push(...clientCredentialProblems(values, mode));
  if ((values.TLS_CERT_FILE === undefined) !== (values.TLS_KEY_FILE === undefined)) {
    const missing = values.TLS_CERT_FILE === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE';
    problems.push(describeProblem(missing, undefined, VARIABLES[missing], 'must be set together with its pair'));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  // Cast: every variable was parsed by its own schema above, and none failed.
  const parsed = values as Parsed;
  return {
    ...parsed,
    SYNC_MODE: mode,
    PUBLIC_URL: parsed.PUBLIC_URL ?? `https://localhost:${parsed.PORT}`,
    // The sandbox answers only this machine unless told otherwise; production listens where its proxy reaches it.
    HOST: parsed.HOST ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0'),
    // A second DATA_DIR is a second installation: its database lives inside it.
    DATABASE_URL: parsed.DATABASE_URL ?? `file:${parsed.DATA_DIR.replace(/\/+$/, '')}/sync.db`,
    AUTH_ALLOWED_TENANTS: parsed.AUTH_ALLOWED_TENANTS ?? ['*'],
  };
}

/** The client credential's problem (config-credentials.ts), worded as every other configuration problem. */
function clientCredentialProblems(values: Record<string, unknown>, mode: string): string[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const credential = {
    secret: text(values.AUTH_CLIENT_SECRET),
    certFile: text(values.AUTH_CLIENT_CERTIFICATE_FILE),
    keyFile: text(values.AUTH_CLIENT_CERTIFICATE_KEY_FILE),
  };
  const problem = clientCredentialProblem(credential, mode);
  return problem === null ? [] : [describeProblem(problem.name, undefined, VARIABLES[problem.name], problem.message)];
}

function describeProblem(name: string, raw: string | undefined, spec: Variable<z.ZodType>, message: string): string {
  const echoed = raw !== undefined && !spec.secret && message.includes(raw);
  const got = raw === undefined || echoed ? '' : spec.secret ? ' (value hidden)' : ` (got ${JSON.stringify(raw)})`;
  const why = raw === undefined && message.startsWith('Invalid input') ? 'is required' : message;
  return `${name}: ${why}${got}; example: ${name}=${spec.example}`;
}

/** Reads `.env` from the working directory when present, without overriding variables already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

const EXIT_CONFIG = 2;

/**
 * The process's configuration, the one place the environment is read: `.env` loaded, then the environment parsed
 * over `defaults` (the sandbox's settings; a person's own non-empty variables win). A bad variable fails closed:
 * one line each on stderr, exit 2.
 */
export function configOfProcess(defaults: Record<string, string> = {}): Config {
  loadDotEnv();
  const own = Object.fromEntries(
    Object.entries(process.env).filter(([, value]) => value !== undefined && value !== ''),
  );
  try {
    const config = parseConfig({ ...defaults, ...own });
    // Express and its dependencies read NODE_ENV: production never runs with development behaviour.
    if (config.SYNC_MODE === 'production') process.env.NODE_ENV = 'production';
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.problems) process.stderr.write(`config error: ${line}\n`);
    process.exit(EXIT_CONFIG);
  }
}
