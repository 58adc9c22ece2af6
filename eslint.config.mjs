// Lint: typescript-eslint's recommended rules, plus the house rules: server/core stays pure, each SDK and framework
// lives in its own room of server/, folders are entered through their index, the environment is read only by
// server/config.ts, and the test world (emulators, test helpers) imports nothing from the product.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'http', 'https', 'crypto', 'net', 'tls', 'os', 'child_process', 'url'];

// The folders of server/ that other folders enter only through their index.ts.
const serverFolders = ['auth', 'core', 'engine', 'erp', 'http', 'jobs', 'outlook', 'store', 'tls'];

// Each SDK or framework and the one folder of server/ allowed to import it.
const rooms = [
  {
    folder: 'outlook',
    group: [
      '@microsoft/microsoft-graph-client',
      '@microsoft/microsoft-graph-client/*',
      '@microsoft/microsoft-graph-types',
    ],
    what: 'The Graph SDK (and its types)',
  },
  {
    folder: 'http',
    group: ['express', 'express-*', 'helmet', 'cors', 'pino-http'],
    what: 'Express and its middleware',
  },
  { folder: 'auth', group: ['@azure/msal-node', '@azure/msal-node/*'], what: 'msal-node' },
];

// The environment is read only in server/config.ts: `process.env` is caught by no-restricted-properties below, and
// these are the other ways to reach it (an import of `env`, `globalThis.process.env`).
const envMessage = 'Read the environment only in server/config.ts.';
const envImports = ['process', 'node:process'].map((name) => ({ name, importNames: ['env'], message: envMessage }));

/** The import patterns forbidden to files of server/<folder> (undefined: files directly in server/). */
function serverImportRules(folder) {
  const depth = folder === undefined ? '' : '(\\.\\./)+';
  const others = serverFolders.filter((name) => name !== folder);
  return [
    ...rooms
      .filter((room) => room.folder !== folder)
      .map((room) => ({ group: room.group, message: `${room.what} is used only in server/${room.folder}.` })),
    {
      regex: `^${folder === undefined ? '\\./' : depth}(${others.join('|')})/(?!(odoo|rest)$)`,
      message: 'Import another folder of server/ through its index (its public API), not its files.',
    },
  ];
}

const serverRoomConfigs = [
  {
    files: ['server/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: envImports, patterns: serverImportRules(undefined) }] },
  },
  ...serverFolders
    .filter((folder) => folder !== 'core')
    .map((folder) => ({
      files: [`server/${folder}/**/*.ts`],
      rules: { 'no-restricted-imports': ['error', { paths: envImports, patterns: serverImportRules(folder) }] },
    })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-artifacts/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Node scripts (build, start) run outside TypeScript: tell the core rules about Node's globals.
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  ...serverRoomConfigs,
  {
    // Configuration is parsed and validated in one place; everything else receives the parsed Config.
    files: ['server/**/*.ts'],
    ignores: ['server/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: envMessage }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.property.name='process'][property.name='env']", message: envMessage },
      ],
    },
  },
  {
    files: ['server/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: envImports,
          patterns: [
            { group: nodeBuiltins, message: 'server/core is pure: no Node built-ins.' },
            {
              group: ['express', 'kysely', 'pg', 'better-sqlite3', '@microsoft/*', '@azure/*', 'undici', 'pino*'],
              message: 'server/core is pure: no I/O libraries.',
            },
            { group: ['../*', '!../core/*'], message: 'server/core imports no adapter.' },
            ...serverImportRules('core'),
          ],
        },
      ],
    },
  },
  {
    // The test world stays independent of the product, so the two cannot be wrong together (issue 16): nothing in
    // sandbox/ (the Microsoft 365 and Odoo emulators, the reference REST ERP, the Outlook simulator, the sandbox
    // launcher) and no test helper imports server/, not even types. "Test helpers" are the modules that stand in for
    // Microsoft, Odoo or the ERP, or compute what they return: every non-test file under test/sandbox/ (the emulator
    // suites' harnesses, webhook receiver, CA trust), test/outlook/graph-echo.ts (what Graph answers a write with) and
    // test/outlook/replay-server.ts (serves Microsoft's published payloads).
    // Test files (*.test.ts) may import the product: they are what checks it. Harnesses that build the product
    // itself (test/engine/harness.ts, test/outlook/harness.ts, ...) are not helpers in this sense.
    files: ['sandbox/**/*.ts', 'test/sandbox/**/*.ts', 'test/outlook/graph-echo.ts', 'test/outlook/replay-server.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+server(/|$)',
              message:
                'Emulators and test helpers never import product code (server/): use a library or code of their own.',
            },
          ],
        },
      ],
    },
  },
);
