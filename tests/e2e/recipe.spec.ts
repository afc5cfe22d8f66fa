import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// The feature recipe editor on penguins: edit, preview, train, and score a file the training data
// never showed (an unseen island, missing values); bad recipes stop training before it starts.

const steps = (page: Page): Locator => page.getByTestId('recipe-step');

async function frame(page: Page, name: string): Promise<void> {
  await page.goto('/?backend=cpu');
  await createProject(page, name, 'Identify the species of a penguin from its measurements.');
  await loadSample(page, 'penguins');
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  await expect(page.getByTestId('recipe-steps')).toContainText('Standardize');
  await expect(page.getByTestId('preview-output')).toBeVisible();
}

async function addStep(page: Page, kind: string, fill: (form: Locator) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: 'Add a step' }).click();
  const form = page.getByRole('form', { name: 'Add a step' });
  await form.getByLabel('Step kind').selectOption(kind);
  await fill(form);
  await form.getByRole('button', { name: 'Add step' }).click();
  await expect(form).toBeHidden();
}

/** Imports `json` as a recipe file, stamped with the recipe file format unless it has a `format`. */
async function importRecipe(page: Page, json: object, name = 'recipe.json'): Promise<void> {
  await page.getByLabel('Import recipe (JSON)').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'lifecycle-workbench/recipe', ...json })),
  });
}

test('edits the recipe, previews it, trains, and scores unseen categories and missing values', async ({
  page,
}) => {
  await frame(page, 'Recipe editing');
  await expect(steps(page)).toHaveCount(3);
  await expect(page.getByTestId('recipe-version')).toHaveText('Recipe version 1');
  await expect(page.getByTestId('preview-note')).toContainText(/training rows/);
  const output = page.getByTestId('preview-output');
  await expect(output.locator('thead')).not.toContainText('mass_per_flipper');

  // A formula step, added at the end, then moved to the top: by button and by keyboard (Alt+↑).
  await addStep(page, 'formula', async (form) => {
    await form.getByLabel('New column name').fill('mass_per_flipper');
    await form.getByLabel('Formula', { exact: true }).fill('[Body Mass (g)] / [Flipper Length (mm)]');
  });
  await expect(steps(page)).toHaveCount(4);
  await expect(steps(page).nth(3)).toContainText('New column mass_per_flipper');
  await expect(output.locator('thead')).toContainText('mass_per_flipper');
  await steps(page).nth(3).getByRole('button', { name: 'Move up' }).click();
  await expect(steps(page).nth(2)).toContainText('mass_per_flipper');
  const upButton = steps(page).nth(2).getByRole('button', { name: 'Move up' });
  await expect(upButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(steps(page).nth(1)).toContainText('mass_per_flipper');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(steps(page).nth(0)).toContainText('mass_per_flipper');
  await expect(page.getByTestId('recipe-version')).toHaveText('Recipe version 5');

  // Impute the new column too, with a missing indicator; then robust scaling for all of them.
  await steps(page).nth(1).getByRole('button', { name: 'Edit' }).click();
  let form = page.getByRole('form', { name: 'Edit step 2' });
  await form.getByRole('checkbox', { name: /^mass_per_flipper \(/ }).check();
  await form.getByLabel('Add a missing-indicator column').check();
  await form.getByRole('button', { name: 'Save step' }).click();
  await expect(steps(page).nth(1)).toContainText('(+ missing indicator)');
  await expect(steps(page).nth(1).getByRole('button', { name: 'Edit' })).toBeFocused();
  await expect(output.locator('thead')).toContainText('Body Mass (g)_missing');

  const before = await output.innerText();
  await steps(page).nth(2).getByRole('button', { name: 'Edit' }).click();
  form = page.getByRole('form', { name: 'Edit step 3' });
  await form.getByLabel('Scaling').selectOption('robust');
  await form.getByRole('checkbox', { name: /^mass_per_flipper \(/ }).check();
  await form.getByRole('button', { name: 'Save step' }).click();
  await expect(steps(page).nth(2)).toContainText('Robust scale');
  await expect(output).not.toHaveText(before);

  // Remove a step; Undo brings it back; remove it again.
  await addStep(page, 'clipQuantiles', async (f) => {
    await f.getByRole('checkbox', { name: /^Body Mass \(g\) \(/ }).check();
  });
  await expect(steps(page)).toHaveCount(5);
  await steps(page).nth(4).getByRole('button', { name: 'Remove' }).click();
  await expect(steps(page)).toHaveCount(4);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(steps(page)).toHaveCount(5);
  await steps(page).nth(4).getByRole('button', { name: 'Remove' }).click();
  await expect(steps(page)).toHaveCount(4);
  await expect(page.getByTestId('train-blocked')).toHaveCount(0);

  // Each step's effect on one column, and where every feature comes from.
  await page.getByLabel('Column to follow').selectOption('Body Mass (g)');
  const traces = page.getByTestId('step-trace');
  await expect(traces).toHaveCount(3); // formula reads it, impute and scale change it
  await expect(traces.nth(2)).toContainText('Robust scale');
  await expect(traces.nth(2).locator('[data-testid="distribution-chart"] rect').first()).toBeVisible();
  const featureRow = page.getByTestId('feature-list').getByRole('row', { name: /^\d+ mass_per_flipper / });
  await expect(featureRow).toContainText('Body Mass (g), Flipper Length (mm)');
  await expect(featureRow).toContainText('step 3: Robust scale');

  // Export: the file carries the format version and the four steps.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export recipe (JSON)' }).click(),
  ]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    formatVersion: number;
    steps: { kind: string }[];
  };
  expect(exported.formatVersion).toBe(1);
  expect(exported.steps.map((s) => s.kind)).toEqual(['formula', 'impute', 'scale', 'oneHot']);

  // Train a small model with the edited recipe.
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('linear');
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText(/finished/i, { timeout: 120_000 });

  // Score rows with an unseen island, an unseen sex and missing values: no error, one prediction each.
  await openPhase(page, 'Deploy');
  const csv = [
    'Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex',
    'Atlantis,40.1,18.2,190,3700,MALE',
    'Biscoe,,,,,',
    'Dream,46.5,17.9,195,,FEMALE',
    ',50.2,15.1,220,5400,',
    'Torgersen,38.9,17.8,181,3625,UNKNOWN',
  ].join('\n');
  await page.getByLabel('CSV file to score').setInputFiles({
    name: 'unseen-penguins.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await expect(page.getByTestId('score-status')).toContainText('5 rows scored');
  const [predictions] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download predictions' }).click(),
  ]);
  const lines = readFileSync((await predictions.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(lines).toHaveLength(6);
  expect(lines[0]).toContain('prediction');
  for (const line of lines.slice(1)) expect(line).toMatch(/Adelie|Gentoo|Chinstrap/);
  expect(lines[1]).toContain('Atlantis');
});

test('a bad recipe names its step and column and blocks training; a wrong format version is refused', async ({
  page,
}) => {
  await frame(page, 'Bad recipes');
  const train = async () => {
    await openPhase(page, 'Train');
    return page.getByRole('button', { name: 'Train model' });
  };

  // A formula with a syntax error: the form warns before saving, the step shows it after.
  await page.getByRole('button', { name: 'Add a step' }).click();
  const form = page.getByRole('form', { name: 'Add a step' });
  await form.getByLabel('Step kind').selectOption('formula');
  await form.getByLabel('New column name').fill('broken');
  await form.getByLabel('Formula', { exact: true }).fill('[Body Mass (g)] / ');
  await expect(form.getByRole('list', { name: 'Problems with this step' })).toContainText('Step 4');
  await form.getByRole('button', { name: 'Add step' }).click();
  const bad = steps(page).nth(3);
  await expect(bad).toContainText(/Step 4 \(New column broken = .*\):/);
  await expect(page.getByTestId('train-blocked')).toContainText('Training is blocked');
  await expect(page.getByText('The preview appears once the recipe has no problems.')).toBeVisible();
  await expect(await train()).toBeDisabled();

  // Undo: the recipe is valid again and can be trained.
  await openPhase(page, 'Framing & features');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(steps(page)).toHaveCount(3);
  await expect(page.getByTestId('train-blocked')).toHaveCount(0);
  await expect(await train()).toBeEnabled();

  // A recipe naming a column the data does not have is refused before anything is stored.
  await openPhase(page, 'Framing & features');
  const before = await page.getByTestId('recipe-version').innerText();
  await importRecipe(page, {
    formatVersion: 1,
    steps: [{ kind: 'formula', name: 'ratio', expression: '[Beak Length (mm)] / [Wing Span]' }],
  });
  await expect(page.getByRole('alert')).toContainText('"recipe.json" was not imported');
  await expect(page.getByRole('alert')).toContainText('"Wing Span", which is not a column of the data');
  await expect(page.getByTestId('recipe-version')).toHaveText(before);

  // An imported recipe that scales a category column is stored, and its problem shown.
  await importRecipe(page, {
    formatVersion: 1,
    steps: [
      { kind: 'scale', columns: ['Island'], method: 'standard' },
      { kind: 'formula', name: 'ratio', expression: '[Beak Length (mm)] / [Flipper Length (mm)]' },
      { kind: 'oneHot', columns: ['Island', 'Sex'] },
      { kind: 'impute', columns: ['ratio'], strategy: 'median' },
    ],
  });
  await expect(page.getByTestId('recipe-status')).toContainText('Imported "recipe.json"');
  await expect(steps(page).nth(0)).toContainText('cannot apply to category column "Island"');
  await expect(page.getByTestId('train-blocked')).toBeVisible();
  await expect(await train()).toBeDisabled();

  // A file from a newer workbench is refused, naming the version; nothing changes.
  await openPhase(page, 'Framing & features');
  const version = await page.getByTestId('recipe-version').innerText();
  await importRecipe(page, { formatVersion: 99, steps: [] }, 'future.json');
  await expect(page.getByRole('alert')).toContainText('"future.json" was not imported');
  await expect(page.getByRole('alert')).toContainText('format version 99');
  await expect(page.getByTestId('recipe-version')).toHaveText(version);

  // A step with a bad option is refused with its step number.
  await importRecipe(
    page,
    { formatVersion: 1, steps: [{ kind: 'bin', columns: ['Sex'], nBins: 1 }] },
    'bins.json',
  );
  await expect(page.getByRole('alert')).toContainText('Step 1 (bin)');
  await expect(page.getByTestId('recipe-version')).toHaveText(version);

  // Reset to default (after confirming) gives a valid recipe again.
  await page.getByRole('button', { name: 'Reset to default' }).click();
  await expect(page.getByRole('button', { name: 'Keep my recipe' })).toBeFocused();
  await page.getByRole('button', { name: 'Yes, reset' }).click();
  await expect(page.getByTestId('recipe-status')).toContainText('Reset to the default recipe');
  await expect(page.getByTestId('train-blocked')).toHaveCount(0);
  await expect(page.getByTestId('preview-output')).toBeVisible();
});

test('a column that gives the target away is flagged and dropped in one click', async ({ page }) => {
  await page.goto('/?backend=cpu');
  await createProject(page, 'Leaky penguins', 'Identify the species of a penguin.');
  const rows = readFileSync('public/samples/penguins.csv', 'utf8').trim().split(/\r?\n/);
  const codes: Record<string, string> = { Adelie: 'A1', Gentoo: 'G2', Chinstrap: 'C3' };
  const leaky = [
    `${rows[0]},species_code`,
    ...rows.slice(1).map((r) => `${r},${codes[r.split(',')[0]!]}`),
  ].join('\n');
  await openPhase(page, 'Data');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({
    name: 'leaky-penguins.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(leaky),
  });
  await expect(page.getByTestId('ingest-status')).toContainText(/stored/i, { timeout: 60_000 });

  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  const guard = page.getByTestId('leakage-guard');
  await expect(guard).toContainText('fit on the training split only');
  await expect(guard.getByTestId('leak-warning')).toContainText('species_code');
  await expect(guard.locator('mark')).toHaveText('species_code');
  await expect(page.getByTestId('recipe-steps')).toContainText('a possible leak of the target');
  await guard.getByRole('button', { name: 'Drop species_code' }).click();
  await expect(steps(page).nth(0)).toContainText('Drop species_code');
  await expect(guard).toContainText('Dropped by step 1');
  await expect(page.getByTestId('recipe-steps')).not.toContainText('a possible leak of the target');
  await expect(page.getByTestId('feature-list')).not.toContainText('species_code');
});
