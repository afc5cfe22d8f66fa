import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

async function chooseStep(page: Page, label: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Step' }).selectOption({ label });
}

async function applyStep(page: Page, saved: string): Promise<void> {
  await expect(page.getByTestId('preview-summary')).toBeVisible();
  await page.getByRole('button', { name: 'Apply and save as a new version' }).click();
  await expect(page.getByTestId('applied-step')).toContainText(`Saved as ${saved}`);
}

// Filter, derive and cast on penguins, each a new version previewed first; an expression error
// shows where it is; Undo returns to the parent in one click; the history lists every step.
test('prepare: filter, derive and cast make versions; undo goes back to the parent', async ({ page }) => {
  await page.goto('/');
  await createProject(page, 'Prepare penguins', 'Clean the penguin data.');
  await loadSample(page, 'penguins');
  await openPhase(page, 'Prepare');
  await expect(page.getByRole('combobox', { name: 'Input version' })).toHaveValue(/.+/);

  // Filter rows: validated as typed, the unknown column underlined where it stands.
  const condition = page.getByLabel('Keep rows where');
  await condition.fill("[Body Mass (g)] > 4000 and Sexx = 'MALE'");
  await expect(page.getByTestId('expression-problem')).toContainText('did you mean "Sex"');
  await expect(page.getByTestId('expression-problem').locator('pre')).toContainText(/\n {27}\^{4}$/);
  await expect(page.getByRole('button', { name: 'Apply and save as a new version' })).toBeDisabled();
  await condition.fill("[Body Mass (g)] > 4000 and Sex = 'MALE'");
  await expect(page.getByTestId('preview-summary')).toContainText('Kept 109 of 344 rows');
  await expect(page.getByTestId('preview-summary')).toContainText('Rows 344 → 109');
  await applyStep(page, 'penguins v2');
  await expect(page.getByRole('combobox', { name: 'Input version' })).toHaveValue(/.+/);
  await expect(page.getByRole('combobox', { name: 'Input version' }).locator('option:checked')).toHaveText(
    /penguins v2 \(109 rows/,
  );

  // Derive a column from a formula.
  await chooseStep(page, 'Derive a column from a formula');
  await page.getByLabel('New column name').fill('Mass (kg)');
  await page.getByRole('textbox', { name: 'Formula' }).fill('[Body Mass (g)] / 1000');
  await expect(page.getByTestId('preview-summary')).toContainText('Added column "Mass (kg)"');
  await expect(page.getByTestId('step-preview')).toContainText('Mass (kg) number');
  await applyStep(page, 'penguins v3');

  // Cast a column.
  await chooseStep(page, "Change a column's type");
  await page.getByRole('combobox', { name: 'Column' }).selectOption('Flipper Length (mm)');
  await page.getByRole('combobox', { name: 'New type' }).selectOption('number');
  await expect(page.getByTestId('preview-summary')).toContainText(
    'Cast "Flipper Length (mm)" from integer to number',
  );
  await applyStep(page, 'penguins v4');

  // Undo: one click back to the parent; v4 stays in the history.
  await page.getByRole('button', { name: 'Undo: go back to penguins v3' }).click();
  await expect(page.getByTestId('applied-step')).toContainText('Back to penguins v3');
  await expect(page.getByRole('combobox', { name: 'Input version' }).locator('option:checked')).toHaveText(
    /^penguins v3/,
  );
  const history = page.getByTestId('version-history').getByRole('listitem');
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText('loaded from the file penguins.csv');
  await expect(history.nth(1)).toContainText('Kept 109 of 344 rows');
  await expect(history.nth(2)).toContainText('Added column "Mass (kg)"');

  // A step whose result is already stored is found by its hash, not stored twice.
  await chooseStep(page, "Change a column's type");
  await page.getByRole('combobox', { name: 'Column' }).selectOption('Flipper Length (mm)');
  await page.getByRole('combobox', { name: 'New type' }).selectOption('number');
  await expect(page.getByTestId('preview-summary')).toBeVisible();
  await page.getByRole('button', { name: 'Apply and save as a new version' }).click();
  await expect(page.getByTestId('applied-step')).toContainText('identical to penguins v4, already stored');
  await openPhase(page, 'Data');
  await expect(page.getByTestId('version-list').getByRole('row')).toHaveCount(5);
});

const ISLANDS = 'Island,Ocean,Area (km2)\nBiscoe,Southern,400\nDream,Southern,150\nTorgersen,Southern,5\n';

// Join penguins with a second dataset, append two filtered versions, then walk the lineage graph
// by keyboard, compare two versions, and reload: every version is still there.
test('join and append, lineage by keyboard, diff, and a reload keeps every version', async ({ page }) => {
  await page.goto('/');
  await createProject(page, 'Join penguins', 'Combine penguins with island facts.');
  await loadSample(page, 'penguins');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({
    name: 'islands.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(ISLANDS),
  });
  await expect(page.getByTestId('ingest-status')).toContainText('Stored as version v1');

  // Join: penguins v1 ⋈ islands v1 on Island (the key is guessed from the shared name).
  await openPhase(page, 'Prepare');
  await page
    .getByRole('combobox', { name: 'Input version' })
    .selectOption({ label: 'penguins v1 (344 rows × 7 columns)' });
  await chooseStep(page, 'Join with another version');
  await page.getByRole('combobox', { name: 'Version to join with' }).selectOption({ label: 'islands v1' });
  await expect(page.getByRole('combobox', { name: 'Key 1 in penguins v1' })).toHaveValue('Island');
  await expect(page.getByRole('combobox', { name: 'Key 1 in islands v1' })).toHaveValue('Island');
  await expect(page.getByTestId('preview-summary')).toContainText(
    'Inner join on "Island": 344 of 344 rows matched',
  );
  await expect(page.getByTestId('preview-summary')).toContainText('columns 7 → 9');
  await applyStep(page, 'penguins v2');

  // Two filtered versions of v1 with the same columns, then one appended to the other.
  await page
    .getByRole('combobox', { name: 'Input version' })
    .selectOption({ label: 'penguins v1 (344 rows × 7 columns)' });
  await chooseStep(page, 'Filter rows');
  await page.getByLabel('Keep rows where').fill("Sex = 'MALE'");
  await applyStep(page, 'penguins v3');
  await page
    .getByRole('combobox', { name: 'Input version' })
    .selectOption({ label: 'penguins v1 (344 rows × 7 columns)' });
  await page.getByLabel('Keep rows where').fill("Sex = 'FEMALE'");
  await applyStep(page, 'penguins v4');
  await chooseStep(page, 'Append versions (same columns)');
  await page.getByRole('checkbox', { name: /^penguins v3 \(/ }).check();
  await expect(page.getByTestId('preview-summary')).toContainText('Appended 1 dataset: 165 → 333 rows');
  await applyStep(page, 'penguins v5');

  // Lineage: the join has two parents, the append two; walk it from the first file by keyboard.
  await openPhase(page, 'Data');
  const graph = page.getByTestId('lineage-graph');
  const node = (label: string) =>
    graph.locator(`[data-testid="lineage-node"][aria-label^="Version ${label},"]`);
  await expect(graph.getByTestId('lineage-node')).toHaveCount(8); // 2 files, 6 versions
  await expect(node('penguins v2')).toHaveAttribute('aria-label', /made from penguins v1 .* and islands v1/);
  await expect(node('penguins v5')).toHaveAttribute('aria-label', /made from penguins v4 .* and penguins v3/);
  await graph.locator('[data-kind="file"]').first().focus();
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^File penguins\.csv/);
  await page.keyboard.press('ArrowRight');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^Version penguins v1,/);
  await page.keyboard.press('ArrowRight');
  const child = await page.locator(':focus').getAttribute('aria-label');
  expect(child).toMatch(/^Version penguins v[234],/);
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^Version penguins v1,/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const chosen = /^Version (penguins v\d)/.exec(child!)![1]!;
  await expect(page.getByRole('radio', { name: `Use ${chosen}` })).toBeChecked();
  await expect(page.locator(':focus')).toHaveAttribute('aria-pressed', 'true');

  // Diff: the selected version against its parent, then the join against v1 on a key.
  await page.getByRole('radio', { name: 'Use penguins v3' }).check();
  await page.getByRole('button', { name: 'Compare versions' }).click();
  await expect(page.getByTestId('diff-rows')).toContainText('Rows 344 → 168: 0 added, 176 removed');
  await page.getByRole('combobox', { name: 'Compare from' }).selectOption({ label: 'penguins v1' });
  await page.getByRole('combobox', { name: 'to', exact: true }).selectOption({ label: 'penguins v2' });
  await page.getByRole('button', { name: 'Compare versions' }).click();
  await expect(page.getByTestId('diff-schema')).toContainText(
    'Columns added: Ocean (category), Area (km2) (integer)',
  );

  // Reload: every version and the graph are still there.
  const versions = page.getByTestId('version-list').getByRole('row');
  await expect(versions).toHaveCount(7);
  await page.reload();
  await openPhase(page, 'Data');
  await expect(versions).toHaveCount(7);
  // 2 file → version edges, 2 into the join, 2 filters from v1, 2 into the append.
  await expect(page.getByTestId('lineage-graph').getByTestId('lineage-edge')).toHaveCount(8);
});

// Every other kind of step builds a valid record from its form and previews what it would do.
test('the other step forms: rename, drop, keep, dedupe, missing values, outliers', async ({ page }) => {
  await page.goto('/');
  await createProject(page, 'Step forms', 'Try every step.');
  await loadSample(page, 'penguins');
  await openPhase(page, 'Prepare');
  const summary = page.getByTestId('preview-summary');

  await chooseStep(page, 'Rename a column');
  await page.getByRole('combobox', { name: 'Column to rename' }).selectOption('Sex');
  await page.getByRole('textbox', { name: 'New name' }).fill('Island');
  await expect(page.getByTestId('step-problems')).toContainText('two columns the name "Island"');
  await page.getByRole('textbox', { name: 'New name' }).fill('Sex of bird');
  await expect(summary).toContainText('Renamed "Sex" to "Sex of bird"');

  await chooseStep(page, 'Drop columns');
  await expect(page.getByTestId('step-problems')).toContainText('Choose at least one column to drop');
  await page.getByRole('checkbox', { name: 'Island (category)' }).check();
  await page.getByRole('checkbox', { name: 'Sex (category)' }).check();
  await expect(summary).toContainText('Dropped columns "Island", "Sex"');
  await expect(summary).toContainText('columns 7 → 5');

  await chooseStep(page, 'Keep only some columns');
  await expect(summary).toContainText('Kept 2 columns ("Island", "Sex"), dropped 5');

  await chooseStep(page, 'Remove duplicate rows');
  await expect(summary).toContainText('Removed 335 duplicate rows (same "Island", "Sex"), keeping the first');

  await chooseStep(page, 'Drop rows with missing values');
  await expect(summary).toContainText('Removed 11 rows with missing values in "Island", "Sex"');

  await chooseStep(page, 'Fill missing values');
  await page.getByRole('combobox', { name: 'Column' }).selectOption('Body Mass (g)');
  await page.getByRole('combobox', { name: 'Fill with' }).selectOption('median');
  await expect(summary).toContainText('Filled 2 missing values in "Body Mass (g)" with the median');
  await page.getByRole('combobox', { name: 'Fill with' }).selectOption('constant');
  await page.getByRole('textbox', { name: 'Constant value' }).fill('heavy');
  await expect(page.getByTestId('step-problems')).toContainText('is not a number');
  await page.getByRole('textbox', { name: 'Constant value' }).fill('4000');
  await expect(summary).toContainText('Filled 2 missing values in "Body Mass (g)" with 4000');

  await chooseStep(page, 'Clip or remove outliers');
  await page.getByRole('combobox', { name: 'Number column' }).selectOption('Beak Length (mm)');
  await page.getByRole('combobox', { name: 'Method' }).selectOption('zscore');
  await page.getByRole('textbox', { name: 'Threshold k' }).fill('2');
  await page.getByRole('combobox', { name: 'Action' }).selectOption('remove');
  await expect(summary).toContainText('with "Beak Length (mm)" outside');
  await expect(summary).toContainText('(z-score, k = 2)');
  await page.getByRole('textbox', { name: 'Threshold k' }).fill('-1');
  await expect(page.getByTestId('step-problems')).toContainText(
    'threshold k must be zero or a positive number',
  );
});
