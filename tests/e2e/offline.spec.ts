import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';
import { serveBuild } from './staticServer';
import { runStartScript } from './startServer';

// After the first load the service worker has cached the app, its workers, the wasm binaries and
// the samples: with the server gone, a reload still opens the workbench and a sample still loads.
test('works offline after the first load', async ({ page }) => {
  const server = await serveBuild(process.env.E2E_DIST ?? 'dist');
  await page.goto(server.url);
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  await createProject(page, 'Offline', 'Work without a network.');

  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await server.close();
  await page.reload();
  await expect(page.getByLabel('Project', { exact: true })).toHaveValue(/.+/);
  // The service worker replays the cached page with its COOP/COEP headers: still isolated, so
  // boosted trees can still use every core offline.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await loadSample(page, 'seattle-weather');
  await expect(page.getByTestId('version-list')).toContainText('1,461');
  await openPhase(page, 'Explore');
  await expect(page.getByTestId('profile-table')).toContainText('temp_max');
});

// `npm start` is what the README tells a newcomer to run: it must serve the production build with
// its service worker (not the dev server, where the worker is off), so the same promise holds.
test('npm start serves the build that works offline', async ({ page }) => {
  const server = await runStartScript(process.env.E2E_DIST ?? 'dist');
  try {
    expect(server.output()).toContain('[start]');
    await page.goto(server.url);
    await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await createProject(page, 'Started', 'Run from npm start, then offline.');
  } finally {
    await server.stop();
  }
  await expect
    .poll(() =>
      fetch(server.url).then(
        () => 'up',
        () => 'down',
      ),
    )
    .toBe('down');
  await page.reload();
  await expect(page.getByLabel('Project', { exact: true })).toHaveValue(/.+/);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await loadSample(page, 'penguins');
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  await expect(page.getByLabel('Task')).toHaveValue('classification');
  await expect(page.getByTestId('recipe-steps')).toContainText(/standardize/i);
});
