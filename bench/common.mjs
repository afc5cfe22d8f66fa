// What every benchmark shares: where the repository is, the Chromium it drives (with the flags of
// tests/e2e/playwright.config.ts), and when the production build was last made stale.
// The staleness check lives in scripts/buildFresh.mjs, shared with `npm start`.
export { newestSource, ROOT } from '../scripts/buildFresh.mjs';
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

/** Collects into `problems` what a user would see go wrong: a crash, a page error, a red console line. */
export function watchProblems(page, problems) {
  page.on('crash', () => problems.push('the tab crashed'));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('worker', (w) =>
    w.on('console', (m) => m.type() === 'error' && problems.push(`worker console error: ${m.text()}`)),
  );
}
