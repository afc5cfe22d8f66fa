import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// Deleting a version asks first; a version a model was trained on is never deleted, and the
// store's message names the model; a version nothing depends on goes, and its child keeps its data.
test('delete asks for confirmation and refuses a version a model depends on', async ({ page }) => {
  await page.goto('/?backend=cpu');
  await createProject(page, 'Delete versions', 'Keep what models need.');
  await loadSample(page, 'penguins');

  // v2: a filter of v1; v3: a derived column on v2.
  await openPhase(page, 'Prepare');
  await page.getByRole('textbox', { name: 'Keep rows where' }).fill("Island != 'Torgersen'");
  await expect(page.getByTestId('preview-summary')).toContainText('Kept 292 of 344 rows');
  await page.getByRole('button', { name: 'Apply and save as a new version' }).click();
  await expect(page.getByTestId('applied-step')).toContainText('Saved as penguins v2');
  await page
    .getByRole('combobox', { name: 'Step' })
    .selectOption({ label: 'Derive a column from a formula' });
  await page.getByRole('textbox', { name: 'New column name' }).fill('Beak ratio');
  await page.getByRole('textbox', { name: 'Formula' }).fill('[Beak Length (mm)] / [Beak Depth (mm)]');
  await expect(page.getByTestId('preview-summary')).toContainText('Added column "Beak ratio"');
  await page.getByRole('button', { name: 'Apply and save as a new version' }).click();
  await expect(page.getByTestId('applied-step')).toContainText('Saved as penguins v3');

  // A quick baseline model on v1.
  await openPhase(page, 'Data');
  await page.getByRole('radio', { name: 'Use penguins v1' }).check();
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('baseline');
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText(/finished/i, { timeout: 60_000 });

  // The model shows in the lineage, right of the version it was trained on.
  await openPhase(page, 'Data');
  const model = page.getByTestId('lineage-graph').locator('[data-kind="model"]');
  await expect(model).toHaveCount(1);
  await expect(model).toHaveAttribute('aria-label', /^Model .* v1, made from penguins v1 \(trained\)/);

  // Refused: a model was trained on v1. Nothing is deleted.
  const versions = page.getByTestId('version-list').getByRole('row');
  await expect(versions).toHaveCount(4);
  await page.getByRole('button', { name: 'Delete penguins v1' }).click();
  const confirm = page.getByTestId('confirm-delete');
  await expect(confirm).toContainText('cannot be restored');
  await expect(confirm.getByRole('button', { name: 'No, keep it' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Yes, delete penguins v1' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The version was not deleted');
  await expect(alert).toContainText(
    /Version 1 of dataset "penguins" cannot be deleted: the model version ".+ v1" was trained on it/,
  );
  await expect(versions).toHaveCount(4);

  // "No, keep it" keeps it.
  await page.getByRole('button', { name: 'Delete penguins v2' }).click();
  await confirm.getByRole('button', { name: 'No, keep it' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(versions).toHaveCount(4);

  // Confirmed: v2 goes; v3, made from it, keeps its data and its record of where it came from.
  await page.getByRole('button', { name: 'Delete penguins v2' }).click();
  await confirm.getByRole('button', { name: 'Yes, delete penguins v2' }).click();
  await expect(page.getByTestId('delete-status')).toHaveText('penguins v2 was deleted.');
  await expect(versions).toHaveCount(3);
  await page.reload();
  await openPhase(page, 'Data');
  await expect(versions).toHaveCount(3);
  await page.getByRole('radio', { name: 'Use penguins v3' }).check();
  await openPhase(page, 'Explore');
  await expect(page.getByTestId('profile-table')).toContainText('Beak ratio');
  await expect(page.getByText('penguins v3: 292 rows × 8 columns')).toBeVisible();
});

// The data worker asks /__test-quota for its storage estimate: the test answers with a nearly
// full quota when it wants one, and with 404 (the real estimate) otherwise. Service workers are
// blocked so that the worker script is fetched through the route that adds this.
const QUOTA_PROBE = `
const realEstimate = StorageManager.prototype.estimate;
StorageManager.prototype.estimate = async function () {
  const fake = await fetch('/__test-quota').then((r) => (r.ok ? r.json() : null), () => null);
  return fake ?? realEstimate.call(this);
};
`;

test.describe('storage quota', () => {
  test.use({ serviceWorkers: 'block' });

  // When the browser's storage cannot hold the new version, Apply says so, names what was being
  // saved, stores nothing, and points to the version list where space can be freed.
  test('a step that does not fit in browser storage is refused and stores nothing', async ({ page }) => {
    let full = false;
    await page.route(/\/assets\/data\.worker-[^/]+\.js$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: QUOTA_PROBE + (await response.text()) });
    });
    await page.route('**/__test-quota', (route) =>
      full ? route.fulfill({ json: { usage: 1_000_000, quota: 1_002_000 } }) : route.fulfill({ status: 404 }),
    );
    await page.goto('/');
    await createProject(page, 'Full storage', 'See the quota message.');
    await loadSample(page, 'cars');

    full = true;
    await openPhase(page, 'Prepare');
    await page
      .getByRole('combobox', { name: 'Step' })
      .selectOption({ label: 'Derive a column from a formula' });
    await page.getByRole('textbox', { name: 'New column name' }).fill('Km per litre');
    await page.getByRole('textbox', { name: 'Formula' }).fill('Miles_per_Gallon * 0.425');
    await expect(page.getByTestId('preview-summary')).toContainText('Added column "Km per litre"');
    await page.getByRole('button', { name: 'Apply and save as a new version' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Browser storage is full');
    await expect(alert).toContainText('Not enough browser storage to save a version of dataset "cars"');
    await expect(alert).toContainText('(about 2.0 kB free). Nothing was saved.');
    await page.getByRole('button', { name: 'Open the version list to delete versions' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Data' })).toBeVisible();
    await expect(page.getByTestId('version-list').getByRole('row')).toHaveCount(2);
  });
});
