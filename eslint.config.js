import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/**
 * Layer boundaries (ARCHITECTURE.md): imports flow one way,
 *   ui → state → (store, protocol) → core;  workers → core + protocol.
 * Each rule below forbids the imports that would point the other way.
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

const coreDeps = [
  'svelte',
  'svelte/*',
  'dexie',
  'plotly.js-dist',
  '**/store/**',
  '**/state/**',
  '**/ui/**',
  '**/protocol/**',
  '**/workers/**',
];

export default tseslint.config(
  { ignores: ['dist*/', 'node_modules/', 'dev-dist/', 'bench/out/', 'test-results*/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
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
    ['src/core/**'],
    coreDeps,
    'src/core is pure TypeScript: no UI, storage, protocol or worker imports.',
  ),
  layer(
    ['src/protocol/**'],
    ['svelte', 'svelte/*', 'dexie', '**/store/**', '**/state/**', '**/ui/**', '**/workers/**'],
    'protocol depends on core types only.',
  ),
  layer(
    ['src/store/**'],
    ['svelte', 'svelte/*', '**/state/**', '**/ui/**', '**/workers/**'],
    'store may import core only.',
  ),
  layer(['src/state/**'], ['**/ui/**'], 'state must not import UI components.'),
  layer(
    ['src/ui/**'],
    ['dexie', '**/store/**', '**/workers/**', '**/protocol/**'],
    'UI talks to state classes, never to storage or workers directly (types excepted).',
    true,
  ),
  // Workers may use the store: the ingest worker writes chunks straight to IndexedDB so a large
  // dataset never has to cross to the page.
  layer(
    ['workers/**'],
    ['svelte', 'svelte/*', '**/state/**', '**/ui/**', 'plotly.js-dist'],
    'workers translate messages into core and store calls.',
  ),
);
