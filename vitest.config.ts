import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

/** Tests of the page's rune classes (src/state): compiled and run with Svelte's client runtime. */
const PAGE_STATE = [
  'tests/unit/state/openProject.test.ts',
  'tests/unit/state/evaluation.test.ts',
  'tests/unit/state/wideProfile.test.ts',
];

// Node only: src/core and src/store are tested here; anything that needs a real browser
// (workers, IndexedDB quota, WebGPU, downloads) lives in tests/e2e and runs in Chromium.
export default defineConfig({
  // The rune classes of src/state are compiled as the page compiles them.
  plugins: [svelte()],
  define: { __APP_VERSION__: JSON.stringify('test') },
  test: {
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/store/**/*.test.ts'],
          exclude: PAGE_STATE,
        },
      },
      {
        extends: true,
        // Svelte's client runtime, where $effect runs (Node's resolution picks the server one).
        resolve: {
          alias: [
            {
              find: /^svelte$/,
              replacement: fileURLToPath(new URL('node_modules/svelte/src/index-client.js', import.meta.url)),
            },
          ],
        },
        test: {
          name: 'page state',
          environment: './tests/unit/state/clientEnvironment.ts',
          include: PAGE_STATE,
        },
      },
    ],
  },
});
