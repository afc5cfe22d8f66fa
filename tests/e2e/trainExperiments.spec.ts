import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// Tracked experiments on the cpu backend: every training a run beside its baseline, a leaderboard
// sorted by any metric (mouse and keyboard), runs compared, re-run and deleted; out-of-time and
// cross-validated splits; bad input refused before any work.

async function frame(page: Page, sample: string, target: string): Promise<void> {
  await page.goto('/?backend=cpu');
  await createProject(page, `${sample} experiments`, `Predict ${target}.`);
  await loadSample(page, sample);
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption(target);
  await expect(page.getByTestId('recipe-steps')).toContainText(/one-hot|standardize/i);
  await openPhase(page, 'Train');
}

async function train(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText('Training finished', { timeout: 120_000 });
}

const board = (page: Page) => page.getByTestId('leaderboard');

async function column(page: Page, metric: string): Promise<number[]> {
  return board(page)
    .locator(`tbody td[data-metric="${metric}"]`)
    .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
}

test('runs are compared, sorted by any metric, re-run with the same result and deleted', async ({ page }) => {
  await frame(page, 'penguins', 'Species');
  await page.getByLabel('Model family').selectOption('linear');
  await train(page);
  // Every training is measured against the baseline fit on the same rows.
  const result = page.getByTestId('train-result');
  await expect(result.getByTestId('vs-baseline')).toContainText('better than the baseline');
  await expect(page.getByTestId('split-description')).toContainText('Holdout (stratified, seed 42)');

  await page.getByLabel('Model family').selectOption('gbdt');
  await page.getByLabel('Iterations').fill('20');
  await train(page);

  await page.getByLabel('Split').selectOption('kFold');
  await page.getByLabel('Folds').fill('3');
  await expect(page.getByTestId('split-note')).toContainText('fit inside each fold');
  await train(page);
  await expect(result.getByTestId('vs-baseline')).toContainText('Validation (3-fold mean)');
  await expect(result.getByTestId('model-validation')).toContainText('±');

  await openPhase(page, 'Experiments');
  await expect(board(page).locator('tbody tr')).toHaveCount(3);
  await expect(board(page).getByTestId('run-backend')).toHaveText(['cpu', 'cpu', 'cpu']);

  // Sort by accuracy with the mouse (best first), then with the keyboard (worst first).
  const accuracy = board(page).getByRole('button', { name: 'Accuracy', exact: true });
  await accuracy.click();
  await expect(board(page).getByRole('columnheader', { name: 'Accuracy', exact: true })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  const best = await column(page, 'accuracy');
  expect(best).toEqual([...best].sort((a, b) => b - a));
  await accuracy.focus();
  await page.keyboard.press('Enter');
  await expect(board(page).getByRole('columnheader', { name: 'Accuracy', exact: true })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  const worst = await column(page, 'accuracy');
  expect(worst).toEqual([...best].reverse());
  await expect(board(page).locator('tbody td[data-metric="accuracy"]').filter({ hasText: '±' })).toHaveCount(
    1,
  );

  // Compare the linear and the boosted run: what differs, metrics side by side, curves overlaid.
  await page.getByLabel('Run 1', { exact: true }).check();
  await page.getByLabel('Run 2', { exact: true }).check();
  const compare = page.getByTestId('compare');
  await expect(compare.getByRole('heading', { name: 'Comparing Run 1, Run 2' })).toBeVisible();
  await expect(
    compare.getByTestId('compare-settings').getByRole('row', { name: /Model family/ }),
  ).toContainText(/linear.*gbdt|gbdt.*linear/);
  await expect(compare.getByTestId('compare-settings')).not.toContainText('Seed');
  await expect(compare.getByTestId('compare-metrics')).toContainText('Accuracy');
  await expect(compare.getByTestId('compare-curves').locator('.main-svg').first()).toBeVisible();

  // Re-run run 1: a new run with the same settings and, on the same backend, the same scores.
  await board(page).getByRole('button', { name: 'Re-run run 1' }).click();
  await expect(board(page).locator('tbody tr')).toHaveCount(4, { timeout: 60_000 });
  const row = (n: number) =>
    board(page)
      .locator('tbody tr')
      .filter({ has: page.getByLabel(`Run ${n}`, { exact: true }) });
  await expect(row(4)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(row(4)).toContainText('re-run of run 1');
  const scoreOf = (n: number) => row(n).locator('td[data-metric="accuracy"]').getAttribute('data-value');
  expect(await scoreOf(4)).toBe(await scoreOf(1));

  // Delete asks first.
  await board(page).getByRole('button', { name: 'Delete run 4' }).click();
  await board(page).getByRole('button', { name: 'Keep run 4' }).click();
  await expect(board(page).locator('tbody tr')).toHaveCount(4);
  await board(page).getByRole('button', { name: 'Delete run 4' }).click();
  await board(page).getByRole('button', { name: 'Confirm delete of run 4' }).click();
  await expect(board(page).locator('tbody tr')).toHaveCount(3);
});

test('an out-of-time split scores the latest rows apart from the random test rows', async ({ page }) => {
  await frame(page, 'seattle-weather', 'weather');
  await page.getByLabel('Model family').selectOption('gbdt');
  await page.getByLabel('Iterations').fill('20');
  await page.getByLabel('Split').selectOption('outOfTime');
  await expect(page.getByLabel('Time column')).toHaveValue('date');
  await train(page);
  await expect(page.getByTestId('split-description')).toContainText('Out of time on "date"');
  const table = page.getByTestId('train-result').getByTestId('vs-baseline');
  await expect(table.getByRole('row', { name: /Out of time/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /^Test/ })).toBeVisible();
  await openPhase(page, 'Evaluate');
  await expect(page.getByTestId('metric-outOfTime-accuracy')).not.toBeEmpty();
  await expect(page.getByTestId('metric-test-accuracy')).not.toBeEmpty();
});

test('bad input is refused with a clear message before any work starts', async ({ page }) => {
  await page.goto('/?backend=cpu');
  await createProject(page, 'Bad training input', 'Refuse what cannot be trained.');
  await openPhase(page, 'Data');
  const lines = ['quarter,x,label'];
  for (let i = 0; i < 40; i++)
    lines.push(`Q${(i % 4) + 1} ${2020 + Math.floor(i / 4)},${i},${i < 2 ? 'rare' : i % 2 ? 'odd' : 'even'}`);
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({
    name: 'quarters.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(lines.join('\n')),
  });
  await expect(page.getByTestId('ingest-status')).toContainText(/stored/i);
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('label');
  await expect(page.getByTestId('recipe-steps')).toBeVisible();
  await openPhase(page, 'Train');

  // A time column whose values are not dates.
  await page.getByLabel('Split').selectOption('outOfTime');
  await page.getByLabel('Time column').selectOption('quarter');
  await page.getByRole('button', { name: 'Train model' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    'The time column "quarter" cannot be read as dates: "Q1 2020" is not a date',
  );

  // A class too rare for the folds.
  await page.getByLabel('Split').selectOption('kFold');
  await page.getByLabel('Folds').fill('5');
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(alert).toContainText('"rare" (2) has fewer than the 5 rows 5-fold cross-validation needs');

  // Nothing was trained: no run was recorded.
  await openPhase(page, 'Experiments');
  await expect(page.getByText('No run yet')).toBeVisible();
});

test('a training cut short by a reload is closed as failed, with no model', async ({ page }) => {
  await frame(page, 'penguins', 'Species');
  await page.getByLabel('Model family').selectOption('mlp');
  await page.getByLabel('Epochs').fill('5000');
  await page.getByLabel('Early stopping').uncheck();
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toBeVisible();
  await expect(page.getByTestId('backend-name')).toHaveText('cpu');
  await page.reload();
  await openPhase(page, 'Experiments');
  const row = board(page).locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'failed');
  await expect(row).toContainText('The training stopped with its tab or browser before it finished');
  await openPhase(page, 'Deploy');
  await expect(page.getByText(/No model yet: train one first/)).toBeVisible();
});

test('the Train form keeps its settings when the phase is left and after a reload', async ({ page }) => {
  await frame(page, 'seattle-weather', 'weather');
  await page.getByLabel('Model family').selectOption('gbdt');
  await page.getByLabel('Iterations').fill('37');
  await page.getByLabel('Split').selectOption('outOfTime');
  await page.getByLabel('Out-of-time share').fill('0.25');
  await page.getByLabel('Seed').fill('7');
  await page.getByLabel('Model name').fill('late trees');
  await page.getByLabel('Search hyperparameters').check();

  const expectKept = async () => {
    await expect(page.getByLabel('Model family')).toHaveValue('gbdt');
    // The model's own setting (the search space below lists Iterations too).
    await expect(page.getByLabel('Iterations').first()).toHaveValue('37');
    await expect(page.getByLabel('Split')).toHaveValue('outOfTime');
    await expect(page.getByLabel('Time column')).toHaveValue('date');
    await expect(page.getByLabel('Out-of-time share')).toHaveValue('0.25');
    await expect(page.getByLabel('Seed')).toHaveValue('7');
    await expect(page.getByLabel('Model name')).toHaveValue('late trees');
    await expect(page.getByLabel('Search hyperparameters')).toBeChecked();
  };
  await openPhase(page, 'Evaluate');
  await openPhase(page, 'Train');
  await expectKept();
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Train' })).toBeVisible();
  await expectKept();

  // The kept settings are the ones that train: one model, 37 iterations at most, out of time.
  await page.getByLabel('Train one model').check();
  await train(page);
  await expect(page.getByTestId('split-description')).toContainText('Out of time on "date"');
  await openPhase(page, 'Experiments');
  await expect(board(page).locator('tbody tr').first()).toContainText('late trees');
});

test('the recipe preview fits on the training rows of the split set in Train', async ({ page }) => {
  await frame(page, 'seattle-weather', 'weather');
  await openPhase(page, 'Framing & features');
  // The default holdout: 1,461 rows less 20% test and 10% validation.
  await expect(page.getByTestId('preview-note')).toContainText('holdout split (seed 42');
  await expect(page.getByTestId('preview-note')).toContainText('fit on all 1,023 training rows');

  await openPhase(page, 'Train');
  await page.getByLabel('Split').selectOption('outOfTime');
  await expect(page.getByLabel('Time column')).toHaveValue('date');
  await train(page);
  // The training period's training rows, as the run itself reports them.
  await expect(page.getByTestId('split-description')).toContainText(
    'training period before 2014-10-20 (819 rows)',
  );

  await openPhase(page, 'Framing & features');
  await expect(page.getByTestId('preview-note')).toContainText('out-of-time split on “date”');
  await expect(page.getByTestId('preview-note')).toContainText('fit on all 819 training rows');
});
