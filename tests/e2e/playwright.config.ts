import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// Debian's chromium, launched directly (the /usr/bin/chromium wrapper prints a shell error on
// these machines). Playwright's browser download does not work here, so we never rely on it.
const chromium =
  [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].find(
    (p): p is string => !!p && existsSync(p),
  ) ?? '/usr/lib/chromium/chromium';

// E2E_PORT and E2E_DIST let several checkouts' builds be tested side by side on one machine.
const port = Number(process.env.E2E_PORT ?? 4173);
const dist = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: `../../test-results${process.env.E2E_PORT ? `-${port}` : ''}`,
  // WebGPU on SwiftShader is slow; the whole-lifecycle test trains a model on it.
  timeout: 300_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--enable-unsafe-webgpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // The production build is what users get; `npm test` builds it before this runs.
    command: `npx vite preview --port ${port} --strictPort --outDir ${dist}`,
    cwd: '../..',
    url: `http://localhost:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
