// Lint: typescript-eslint's recommended rules, plus the house rule that server/core stays pure.
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
);
