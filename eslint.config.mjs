// Lint: typescript-eslint's recommended rules, plus the house rules that server/core stays pure and that the test
// world (emulators, test helpers) imports nothing from the product.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'http', 'https', 'crypto', 'net', 'tls', 'os', 'child_process', 'url'];

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
  {
    files: ['server/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'server/core is pure: no Node built-ins.' },
            {
              group: ['express', 'kysely', 'pg', 'better-sqlite3', '@microsoft/*', '@azure/*', 'undici', 'pino*'],
              message: 'server/core is pure: no I/O libraries.',
            },
            { group: ['../*', '!../core/*'], message: 'server/core imports no adapter.' },
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
