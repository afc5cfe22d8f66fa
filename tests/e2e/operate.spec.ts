import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// Operate, on the shipped drift sample (weather 2012 → later batches): a challenger beside the
// production model, three later batches scored (shadow metrics; drift crosses the act threshold
// on summer 2015 and raises the alert), retraining from the alert, comparison, promotion, and
// everything still there after a reload.

/** Confirms a move the production gate holds back (this goal has no KPIs) with a reason. */
async function giveReason(page: Page, label: string, reason: string) {
  await expect(page.getByTestId('gate-message')).toBeVisible();
  await page.getByTestId('promote-reason').fill(reason);
  await page.getByRole('button', { name: `Move ${label} to production with this reason` }).click();
}

async function train(page: Page, family: 'linear' | 'gbdt', name: string) {
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption(family);
  // The linear model is solved exactly (no epochs to set).
  if (family === 'gbdt') await page.getByLabel('Iterations').fill('30');
  await page.getByLabel('Model name').fill(name);
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText('Training finished', { timeout: 120_000 });
}

test('shadow, drift alert, retraining and promotion on the weather drift sample', async ({ page }) => {
  await page.goto('/?backend=cpu');
  await createProject(page, 'Weather monitoring', 'Say what the weather was from the day’s measurements.');
  await loadSample(page, 'weather-drift-train');
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('weather');
  await expect(page.getByTestId('recipe-steps')).toContainText(/standardize/i);
  await train(page, 'linear', 'weather');
  await train(page, 'gbdt', 'weather trees');

  await openPhase(page, 'Deploy');
  await page.getByRole('button', { name: 'Promote weather v1 to production' }).click();
  await giveReason(page, 'weather v1', 'First model of the monitoring demo.');

  await openPhase(page, 'Monitor');
  await expect(page.getByTestId('monitor-production')).toHaveText('weather v1');
  await page.getByTestId('challenger-picker').getByLabel('weather trees v1').check();

  for (const label of ['2013', '2014', 'summer 2015']) {
    await page.getByRole('button', { name: `Score ${label}` }).click();
    await expect(page.getByTestId('monitor-status')).toContainText(label.replace(' ', '-'), {
      timeout: 60_000,
    });
  }
  // Only production's predictions are downloaded.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: "Download production's predictions" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('weather-drift-batch-3-summer-2015-predictions.csv');
  const predicted = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(predicted).toHaveLength(124);
  expect(predicted[0]).toMatch(/^date,precipitation,temp_max,temp_min,wind,weather,prediction,probability_/);

  // A batch without an input the model needs is refused per column; nothing is stored.
  await page.getByLabel('CSV batch to score').setInputFiles({
    name: 'no-wind.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('date,precipitation,temp_max,temp_min,weather\n2016-01-01,0.0,10.0,2.0,sun\n'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'The batch was not scored' })).toContainText(
    '"wind"',
  );
  const rows = page.getByTestId('batch-row');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('batch-alert')).toHaveText(['watch', 'watch', 'act']);
  await expect(page.getByTestId('shadow-row')).toHaveCount(3);
  await expect(page.getByTestId('shadow-agreement').first()).toHaveText(/^\d+(\.\d)?%$/);
  await expect(page.getByTestId('shadow-table')).toContainText('→');
  const alert = page.getByTestId('monitor-alert');
  await expect(alert).toContainText('weather-drift-batch-3-summer-2015');
  await expect(alert).toContainText(/temp_(max|min)/);

  // Retrain from the alert: 2013 and 2014 appended, compared on summer 2015.
  await alert.getByRole('link', { name: 'Retrain from this alert' }).click();
  await expect(page.getByTestId('retrain-panel')).toContainText('weather-drift-batch-3-summer-2015');
  await page.getByTestId('retrain-button').click();
  await expect(page.getByTestId('retrain-comparison')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('retrain-comparison')).toContainText('weather v2 (retrained)');
  await expect(page.getByTestId('retrain-paired')).toContainText('McNemar p =');
  const lineage = page.getByTestId('retrain-lineage');
  await expect(lineage).toContainText('weather-drift-batch-1-2013.csv, weather-drift-batch-2-2014.csv');
  await expect(lineage).toContainText('weather v2');
  await page.getByTestId('retrain-promote').click();
  await giveReason(page, 'weather v2', 'Retrained after the summer 2015 drift alert.');
  await expect(page.getByTestId('monitor-production')).toHaveText('weather v2');
  const audit = page.getByTestId('audit-log');
  await expect(audit).toContainText('Retrained after the summer 2015 drift alert.');
  await expect(audit).toContainText('First model of the monitoring demo.');

  // Lineage in Data: the batches' versions are parents of the retraining version.
  await openPhase(page, 'Data');
  await expect(page.getByTestId('version-list')).toContainText('batch weather-drift-batch-1-2013');

  await page.reload();
  await openPhase(page, 'Monitor');
  await expect(page.getByTestId('monitor-production')).toHaveText('weather v2');
  await expect(page.getByTestId('batch-row')).toHaveCount(3);
  await expect(page.getByTestId('batch-alert')).toHaveText(['watch', 'watch', 'act']);
  await expect(page.getByTestId('shadow-row')).toHaveCount(3);
  await expect(page.getByTestId('challenger-picker').getByLabel('weather trees v1')).toBeChecked();
  await expect(page.getByTestId('audit-log')).toContainText('Retrained after the summer 2015 drift alert.');

  // A window of the latest labelled batches, without the 2012 training data. 2014 alone has
  // too few snowy days for the split, and the reason says so; 2013 and 2014 train.
  const panel = page.getByTestId('retrain-panel');
  await panel.getByLabel('Only the latest labelled batches').check();
  await panel.getByLabel('Batches in the window').fill('1');
  await expect(panel).toContainText('on only 1 labelled batch (weather-drift-batch-2-2014.csv)');
  await page.getByTestId('retrain-button').click();
  await expect(panel.getByRole('alert')).toContainText('"snow" (2) has fewer than the 3 rows');
  await panel.getByLabel('Batches in the window').fill('2');
  await expect(panel).toContainText(
    'on only 2 labelled batches (weather-drift-batch-1-2013.csv, weather-drift-batch-2-2014.csv)',
  );
  await page.getByTestId('retrain-button').click();
  await expect(page.getByTestId('retrain-comparison')).toContainText('weather v3 (retrained)', {
    timeout: 180_000,
  });
  const windowLineage = page.getByTestId('retrain-lineage');
  await expect(windowLineage).toContainText(
    'Lineage: weather-drift-batch-1-2013.csv, weather-drift-batch-2-2014.csv → batch weather-drift-batch-1-2013 v2 → run',
  );
  await expect(windowLineage).toContainText('→ weather v3');
});
