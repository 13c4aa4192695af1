// ESLint 9 flat config (issue 10 §3): typescript-eslint's recommended rules WITHOUT type information
// (type-aware linting re-checks every program and is too slow on this machine's 2 cores; `tsc` already
// type-checks), the React hooks rules, and the import boundaries between packages.
// typescript-eslint needs TypeScript's JavaScript API, which TypeScript 7 no longer ships: `typescript`
// is therefore @typescript/typescript6 (the API) and `tsc` comes from @typescript/native (TypeScript 7),
// see docs/decisions.md.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_MESSAGE = 'Moduli Node non ammessi qui: shared/ è puro, il riquadro gira nel browser.';
const NODE_BUILTINS = ['fs', 'fs/*', 'path', 'os', 'net', 'http', 'https', 'crypto', 'stream', 'child_process', 'worker_threads', 'url'];
const SERVER_MODULES = { group: ['ws', 'pg', 'pg-*', 'better-sqlite3', '@y/websocket-server'], message: 'Rete e archiviazione appartengono a sync-server/.' };
const SERVER_CODE = { group: ['**/sync-server/**', '@piao/sync-server', '@piao/sync-server/*'], message: 'Codice del server non ammesso qui.' };
const PANE_CODE = {
  group: ['**/addin/**', '@piao/addin', '@piao/addin/*', 'react', 'react-dom', '@fluentui/*', 'y-websocket'],
  message: 'shared/ non dipende dal riquadro, dal DOM né dalla rete.',
};

/** `shared/` is pure (docs/style.md): no Node, no server, no pane. */
const SHARED_BOUNDARY = [{ group: ['node:*', ...NODE_BUILTINS], message: NODE_MESSAGE }, SERVER_MODULES, SERVER_CODE, PANE_CODE];
/** The pane runs in a browser (or Excel's webview): no Node, no server code. */
const ADDIN_BOUNDARY = [{ group: ['node:*', ...NODE_BUILTINS], message: NODE_MESSAGE }, SERVER_MODULES, SERVER_CODE];

/** Browser and Office host globals: `shared/` must run the same in Node, the server and the pane. */
const SHARED_FORBIDDEN_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'Office', 'Excel', 'fetch', 'XMLHttpRequest', 'WebSocket', 'process', 'Buffer', 'require', '__dirname'].map(
  (name) => ({ name, message: 'shared/ è puro: niente DOM, Office.js, rete né processo Node.' }),
);

/** Test files and test doubles may start real servers and use Node (common brief: tests go through real parts). */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/testing/**', '**/*.bench.ts'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'bench/results.json', 'test-results/**', 'playwright-report/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (callback positions, destructuring to omit a key).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['addin/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, Office: 'readonly', Excel: 'readonly' } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: SHARED_BOUNDARY }],
      'no-restricted-globals': ['error', ...SHARED_FORBIDDEN_GLOBALS],
    },
  },
  {
    // These three write a workbook into a caller's stream (ExcelJS' streaming writer needs a Node
    // Writable). They only name the type: the stream itself is created by sync-server/ or a test, so
    // shared/ still runs no Node code. Type-only imports of node:stream are allowed here, nothing else.
    files: ['shared/src/workbook/plan-workbook.ts', 'shared/src/workbook/stream-book.ts', 'shared/src/workbook/sector-template.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:stream'], allowTypeImports: true, message: 'Solo il tipo Writable: lo stream lo crea il chiamante.' },
            { group: ['node:*', '!node:stream', ...NODE_BUILTINS], message: NODE_MESSAGE },
            SERVER_MODULES,
            SERVER_CODE,
            PANE_CODE,
          ],
        },
      ],
    },
  },
  {
    files: ['addin/src/**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: ADDIN_BOUNDARY }],
    },
  },
);
