import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/**
 * Layer boundaries (ARCHITECTURE.md): imports flow one way,
 *   ui → state → (store, protocol) → core;  workers → core + store + protocol.
 * Each rule below forbids the imports that would point the other way. A forbidden folder is
 * forbidden whole: `folder('store')` matches '../store' (its barrel) as well as '../store/db'.
 * tests/lint/layers/<layer>.ts holds one forbidden import per rule, each under a disable
 * directive: if a rule stops flagging it, the directive is unused, which is an error here, so
 * `npm run check` fails (tests/unit/lint/layers.test.ts says which import got through).
 */
const layer = (files, forbidden, message, allowTypeImports = false) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message, allowTypeImports })) },
    ],
  },
});

// The folder itself (its index barrel) and everything in it, however deep the import path: a
// gitignore-style pattern naming a folder also matches what is inside it. (The rules before
// named only the folder's contents, which let the '../store' barrel through.)
const folder = (name) => [`**/${name}`];

/** A layer's own files and its lint fixture. */
const files = (glob, fixture) => [glob, `tests/lint/layers/${fixture}.ts`];

const coreDeps = [
  'svelte',
  'svelte/*',
  'dexie',
  'plotly.js-dist',
  ...folder('store'),
  ...folder('state'),
  ...folder('ui'),
  ...folder('protocol'),
  ...folder('workers'),
];

export default tseslint.config(
  { ignores: ['dist*/', 'node_modules/', 'dev-dist/', 'bench/out/', 'test-results*/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: tseslint.parser,
        svelteConfig,
      },
    },
  },
  layer(
    files('src/core/**', 'core'),
    coreDeps,
    'src/core is pure TypeScript: no UI, storage, protocol or worker imports.',
  ),
  layer(
    files('src/protocol/**', 'protocol'),
    [
      'svelte',
      'svelte/*',
      'dexie',
      ...folder('store'),
      ...folder('state'),
      ...folder('ui'),
      ...folder('workers'),
    ],
    'protocol depends on core types only.',
  ),
  layer(
    files('src/store/**', 'store'),
    ['svelte', 'svelte/*', ...folder('state'), ...folder('ui'), ...folder('workers')],
    'store may import core only.',
  ),
  layer(files('src/state/**', 'state'), folder('ui'), 'state must not import UI components.'),
  layer(
    files('src/ui/**', 'ui'),
    ['dexie', ...folder('store'), ...folder('workers'), ...folder('protocol')],
    'UI talks to state classes, never to storage or workers directly (types excepted).',
    true,
  ),
  // Workers may use the store: the ingest worker writes chunks straight to IndexedDB so a large
  // dataset never has to cross to the page.
  layer(
    files('workers/**', 'workers'),
    ['svelte', 'svelte/*', ...folder('state'), ...folder('ui'), 'plotly.js-dist'],
    'workers translate messages into core and store calls.',
  ),
);
