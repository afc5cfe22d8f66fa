// What every benchmark shares: where the repository is, the Chromium it drives (with the flags of
// tests/e2e/playwright.config.ts), and when the production build was last made stale.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Newest modification time under the paths the production build is made from. */
export function newestSource() {
  let newest = 0;
  const walk = (path) => {
    if (!existsSync(path)) return;
    const s = statSync(path);
    if (s.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of [
    'src',
    'workers',
    'public',
    'index.html',
    'vite.config.ts',
    'svelte.config.js',
    'package.json',
  ])
    walk(join(ROOT, p));
  return newest;
}

/** Collects into `problems` what a user would see go wrong: a crash, a page error, a red console line. */
export function watchProblems(page, problems) {
  page.on('crash', () => problems.push('the tab crashed'));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('worker', (w) =>
    w.on('console', (m) => m.type() === 'error' && problems.push(`worker console error: ${m.text()}`)),
  );
}
