import { defineConfig } from 'vitest/config';

// Node only: src/core and src/store are tested here; anything that needs a real browser
// (workers, IndexedDB quota, WebGPU, downloads) lives in tests/e2e and runs in Chromium.
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('test') },
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts', 'tests/store/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
