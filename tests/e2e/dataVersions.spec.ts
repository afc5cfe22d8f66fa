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
