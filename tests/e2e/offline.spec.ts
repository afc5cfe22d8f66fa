import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';
import { serveBuild } from './staticServer';

// After the first load the service worker has cached the app, its workers, the wasm binaries and
// the samples: with the server gone, a reload still opens the workbench and a sample still loads.
test('works offline after the first load', async ({ page }) => {
  const server = await serveBuild(process.env.E2E_DIST ?? 'dist');
  await page.goto(server.url);
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  await createProject(page, 'Offline', 'Work without a network.');

  await server.close();
  await page.reload();
  await expect(page.getByLabel('Project', { exact: true })).toHaveValue(/.+/);
  await loadSample(page, 'seattle-weather');
  await expect(page.getByTestId('version-list')).toContainText('1,461');
  await openPhase(page, 'Explore');
  await expect(page.getByTestId('profile-table')).toContainText('temp_max');
});
