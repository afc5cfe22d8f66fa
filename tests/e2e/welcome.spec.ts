import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openPhase } from './helpers';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Lifecycle phases' });

// Done when (issue 15): a newcomer who opens the page can, without reading anything else, open a
// sample, see what the phases are, and reach a trained, evaluated model in under two minutes.
test('a newcomer opens a sample and reaches a trained, evaluated model in under two minutes', async ({
  page,
}) => {
  const started = Date.now();
  await page.goto('/');
  // What the phases are, before any project exists.
  const phases = page.getByRole('region', { name: 'The phases' });
  await expect(phases.getByRole('listitem')).toHaveCount(10);
  await expect(phases).toContainText('Deploy');
  await expect(page.getByTestId('storage-used')).toContainText('never leaves this device');

  await page.getByRole('button', { name: 'Open the Penguin species sample' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Train' })).toBeVisible({ timeout: 60_000 });
  // The navigator says where the project stands and who takes part.
  await expect(page.getByTestId('phase-status-goal')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('phase-status-data')).toContainText('1 dataset version');
  await expect(page.getByTestId('phase-status-framing')).toContainText('predicting Species');
  await expect(page.getByTestId('phase-status-train')).toContainText('ready to train');
  await expect(page.getByTestId('phase-people')).toHaveText('Usually: data scientist');

  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText('Training finished', { timeout: 100_000 });
  await nav(page).getByRole('button', { name: 'Evaluate' }).click();
  await expect(page.getByTestId('overall-verdict')).toHaveText(/pass|fail/);
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  const accuracy = Number(await page.getByTestId('metric-test-accuracy').getAttribute('data-value'));
  expect(accuracy).toBeGreaterThan(0.8);
  expect(Date.now() - started).toBeLessThan(120_000);

  await expect(page.getByTestId('phase-status-train')).toContainText('1 model version');
  await expect(page.getByTestId('phase-status-evaluate')).toHaveAttribute('data-state', /done|attention/);

  // Back on the welcome screen, the project list says how far it got.
  await page.getByRole('button', { name: 'New project' }).click();
  const list = page.getByTestId('project-list');
  await expect(list.getByRole('row', { name: /Penguin species/ })).toContainText(/evaluated|trained/);
  await expect(page.getByTestId('storage-used')).toContainText(/Storage used in this browser: [\d.]+ MB/);
});

test('the regression and out-of-time samples open ready; a failing KPI loops back', async ({ page }) => {
  await page.goto('/?backend=cpu');
  await page.getByRole('button', { name: 'Open the Fuel economy sample' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Train' })).toBeVisible({ timeout: 60_000 });
  await openPhase(page, 'Goal');
  await expect(page.getByTestId('kpi-list')).toContainText('R²');
  await openPhase(page, 'Framing & features');
  await expect(page.getByLabel('Task')).toHaveValue('regression');

  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByRole('button', { name: 'Open the Seattle weather sample' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Train' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Split')).toHaveValue('outOfTime');
  await expect(page.getByLabel('Time column')).toHaveValue('date');
  // A KPI no model meets: Evaluate needs attention and offers the way back.
  await openPhase(page, 'Goal');
  await page.getByLabel('Metric').selectOption('accuracy');
  await page.getByLabel('Threshold').fill('0.999');
  await page.getByLabel('Judged on').selectOption('test');
  await page.getByRole('button', { name: 'Add KPI' }).click();
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('baseline');
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText('Training finished', { timeout: 100_000 });
  const evaluate = page.getByTestId('phase-status-evaluate');
  await expect(evaluate).toHaveAttribute('data-state', 'attention');
  await expect(evaluate).toContainText('best model fails the KPI');
  await nav(page)
    .getByRole('link', { name: /performance poor/ })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: 'Data' })).toBeVisible();

  // A zip given to "Open a shared project" goes to the import, which refuses a broken archive
  // with its reason and writes nothing.
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByLabel('Project bundle or report file').setInputFiles({
    name: 'shared.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from('PK'),
  });
  await expect(page.getByRole('heading', { name: 'Import a project' })).toBeVisible();
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText('This archive was not imported');
  await expect(refusal).toContainText('not a readable project archive: it is too short');
  await expect(page.getByTestId('project-list').getByRole('row')).toHaveCount(3);
});

test('the monitoring sample opens ready to train, and says what comes after', async ({ page }) => {
  await page.goto('/?backend=cpu');
  await expect(page.getByRole('listitem').filter({ hasText: 'Weather drift' })).toContainText(
    'score the 2013, 2014 and summer 2015 batches',
  );
  await page.getByRole('button', { name: 'Open the Weather drift sample' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Train' })).toBeVisible({ timeout: 60_000 });
  await openPhase(page, 'Framing & features');
  await expect(page.getByLabel('Target column')).toHaveValue('weather');
  await openPhase(page, 'Data');
  await expect(page.getByTestId('version-list')).toContainText('weather-drift-train');
});
