import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// Explore on penguins (344 rows): column details, correlations, scatter, missing values and the
// raw-rows grid, every computation in the data worker.
test('explore: details, heat map, scatter, missing map, grid sorted and filtered', async ({ page }) => {
  await page.goto('/');
  await createProject(page, 'Explore penguins', 'Look at the penguin measurements.');
  await loadSample(page, 'penguins');
  await openPhase(page, 'Explore');

  // Per-column details: outlier counts in the table, quantiles and top values in the details.
  const profile = page.getByTestId('profile-table');
  await expect(profile.getByRole('row', { name: /Body Mass/ })).toContainText('342');
  await page.getByRole('button', { name: 'Details of Sex' }).click();
  const details = page.getByTestId('column-details');
  await expect(details).toContainText('Most frequent values');
  await expect(details).toContainText('MALE');
  await page.getByRole('button', { name: 'Details of Body Mass (g)' }).click();
  await expect(details).toContainText('Quantiles');
  await expect(details).toContainText('Outliers by z-score');
  await expect(
    details.getByRole('img', { name: 'Distribution of Body Mass (g)' }).locator('rect').first(),
  ).toBeVisible();

  // Correlations: a heat map and the strongest pairs in words.
  await page.getByRole('button', { name: 'Correlations' }).click();
  await expect(page.getByTestId('correlation-heatmap').locator('.main-svg').first()).toBeVisible();
  await expect(page.getByTestId('correlation-heatmap').locator('.heatmaplayer')).toHaveCount(1);
  const pairs = page.getByTestId('strongest-pairs').getByRole('listitem');
  await expect(pairs).toHaveCount(8);
  await expect(page.getByTestId('strongest-pairs')).toContainText(
    'Flipper Length (mm) – Body Mass (g): 0.87 (Pearson r)',
  );

  // Scatter: any two columns, coloured by a category; rows missing either value are left out.
  await page.getByRole('button', { name: 'Scatter plot' }).click();
  await page.getByLabel('X column').selectOption('Beak Length (mm)');
  await page.getByLabel('Y column').selectOption('Body Mass (g)');
  await page.getByLabel('Colour by').selectOption('Species');
  await expect(page.getByTestId('scatter-status')).toHaveText(/^342 points/);
  const scatter = page.getByTestId('scatter-plot');
  await expect(scatter.locator('.scatterlayer .trace')).toHaveCount(3);
  await expect(scatter.locator('.legend')).toContainText('Gentoo');

  // Against the target (once the project has one): boxes per class for a number, grouped bars
  // for a category.
  await page.getByRole('button', { name: 'Against the target' }).click();
  await expect(page.getByText('Choose a target in Framing & features first')).toBeVisible();
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  await openPhase(page, 'Explore');
  await page.getByRole('button', { name: 'Against the target' }).click();
  await page.getByRole('combobox', { name: 'Feature' }).selectOption('Body Mass (g)');
  const byTarget = page.getByTestId('target-plot');
  await expect(byTarget.locator('.boxlayer .trace')).toHaveCount(3);
  await expect(page.getByRole('row', { name: /^Gentoo/ })).toContainText('5,000');
  await page.getByRole('combobox', { name: 'Feature' }).selectOption('Island');
  await expect(byTarget.locator('.barlayer .trace')).toHaveCount(3);

  // Missing values: the map and the columns with gaps.
  await page.getByRole('button', { name: 'Missing values' }).click();
  await expect(page.getByTestId('missing-map').locator('.heatmaplayer')).toHaveCount(1);
  await expect(page.getByTestId('missing-summary')).toContainText('Sex');

  // Rows: paged, sorted by a header click, filtered by an expression with its error position.
  await page.getByRole('button', { name: 'Rows', exact: true }).click();
  const status = page.getByTestId('grid-status');
  await expect(status).toHaveText('Rows 1–25 of 344.');
  const grid = page.getByTestId('row-grid');
  const massHeader = grid.getByRole('columnheader', { name: /Body Mass/ });
  await massHeader.getByRole('button').click();
  await expect(massHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(grid.getByRole('row').nth(1)).toContainText('2700');
  await massHeader.getByRole('button').click();
  await expect(massHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(grid.getByRole('row').nth(1)).toContainText('6300');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(status).toHaveText('Rows 26–50 of 344, sorted by Body Mass (g) (descending).');

  const filter = page.getByLabel('Filter rows (expression)');
  await filter.fill("Island = 'Dream' and [Body Mas (g)] > 4000");
  const problem = page.getByTestId('expression-problem');
  await expect(problem).toContainText('did you mean "Body Mass (g)"');
  await expect(problem.locator('pre')).toContainText(/\n {21}\^{14}$/);
  await expect(page.getByRole('button', { name: 'Apply filter' })).toBeDisabled();
  await filter.fill("Island = 'Dream' and [Body Mass (g)] > 4000");
  await expect(problem).toHaveCount(0);
  await page.getByRole('button', { name: 'Apply filter' }).click();
  await expect(status).toHaveText(
    'Rows 1–25 of 28 matching the filter (344 in total), sorted by Body Mass (g) (descending).',
  );
  await expect(grid.getByRole('row')).toHaveCount(26);
  for (const row of await grid.getByRole('row').all()) await expect(row).not.toContainText('Biscoe');
});

// A type override is a cast step: the values that would not convert are counted first, and
// applying it makes a new version that Undo leaves for the previous one.
test('a type change is checked, applied as a new version, and undone in one click', async ({ page }) => {
  await page.goto('/');
  await createProject(page, 'Types', 'Change a column type.');
  await loadSample(page, 'penguins');
  await openPhase(page, 'Explore');

  await page.getByLabel('Type of Island').selectOption('number');
  await expect(page.getByTestId('cast-check')).toHaveText(/344 of 344 present values do not convert/);
  await page.getByRole('button', { name: 'Keep category' }).click();
  await expect(page.getByLabel('Type of Island')).toHaveValue('category');

  await page.getByLabel('Type of Body Mass (g)').selectOption('number');
  await expect(page.getByTestId('cast-check')).toHaveText(
    /All 342 present values convert from integer to number/,
  );
  await page.getByRole('button', { name: 'Apply the cast as a new version' }).click();
  await expect(page.getByTestId('applied-step')).toContainText('Saved as penguins v2');
  await expect(page.getByText('penguins v2: 344 rows × 7 columns')).toBeVisible();
  await expect(page.getByLabel('Type of Body Mass (g)')).toHaveValue('number');

  await page.getByRole('button', { name: 'Undo: go back to penguins v1' }).click();
  await expect(page.getByTestId('applied-step')).toContainText('Back to penguins v1. penguins v2 stays');
  await expect(page.getByLabel('Type of Body Mass (g)')).toHaveValue('integer');
  await openPhase(page, 'Data');
  await expect(page.getByTestId('version-list')).toContainText('Cast "Body Mass (g)" from integer to number');
});
