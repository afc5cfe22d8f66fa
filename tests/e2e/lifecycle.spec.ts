import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// The whole lifecycle on the penguins sample, on the WebGPU backend (SwiftShader here): goal →
// data → explore → framing → train → evaluate → deploy → report → reload.
test('walks every lifecycle phase on penguins with WebGPU', async ({ page, context }) => {
  await page.goto('/?backend=webgpu');
  await createProject(page, 'Penguin species', 'Identify the species of a penguin from its measurements.');

  // Goal: one KPI, accuracy ≥ 0.90 on the test set.
  await openPhase(page, 'Goal');
  await page.getByLabel('Metric').selectOption('accuracy');
  await page.getByLabel('Comparison').selectOption('>=');
  await page.getByLabel('Threshold').fill('0.9');
  await page.getByLabel('Judged on').selectOption('test');
  await page.getByRole('button', { name: 'Add KPI' }).click();
  await expect(page.getByTestId('kpi-list')).toContainText('Accuracy ≥ 0.9');

  // Data: the shipped sample becomes dataset version 1 with a SHA-256 hash.
  await loadSample(page, 'penguins');
  const versionRow = page.getByTestId('version-list').getByRole('row').nth(1);
  await expect(versionRow).toContainText('v1');
  await expect(versionRow).toContainText('344');
  await expect(page.getByTestId('version-hash').first()).toHaveText(/^[0-9a-f]{64}$/);

  // Explore: the profile table and a chart for a chosen column.
  await openPhase(page, 'Explore');
  const profile = page.getByTestId('profile-table');
  await expect(profile).toContainText('Beak Length (mm)');
  await expect(profile.getByRole('row', { name: /Body Mass/ })).toContainText('integer');
  await page.getByLabel('Chart column').selectOption('Body Mass (g)');
  const chart = page.getByTestId('column-chart').getByRole('img', { name: 'Distribution of Body Mass (g)' });
  await expect(chart).toBeVisible();
  expect(await chart.locator('rect').count()).toBeGreaterThan(5);

  // Framing: target → task inferred; the default recipe is shown.
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  await expect(page.getByLabel('Task')).toHaveValue('classification');
  await expect(page.getByTestId('recipe-steps')).toContainText(/standardize/i);
  await expect(page.getByTestId('recipe-steps')).toContainText(/one-hot/i);

  // Train: softmax regression on WebGPU, live curve, finished.
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('linear');
  // Minibatch: an exact fit needs no backend; this proves tfjs training on WebGPU.
  await page.getByLabel('Solver').selectOption('minibatch');
  await page.getByLabel('Epochs').fill('40');
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('backend-name')).toHaveText('webgpu', { timeout: 60_000 });
  await expect(page.getByTestId('backend-reason')).not.toBeEmpty();
  await expect(page.getByTestId('train-status')).toHaveText(/finished/i, { timeout: 180_000 });
  await expect(page.getByTestId('loss-chart').locator('path[d^="M"]').first()).toBeVisible();

  // Evaluate: test accuracy ≥ 0.90 and the KPI verdict.
  await openPhase(page, 'Evaluate');
  const accuracy = Number(await page.getByTestId('metric-test-accuracy').getAttribute('data-value'));
  expect(accuracy).toBeGreaterThanOrEqual(0.9);
  await expect(page.getByTestId('kpi-verdict').first()).toHaveText('pass');
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();

  // Report: one self-contained HTML file that opens offline.
  const [reportDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export report (HTML)' }).click(),
  ]);
  expect(reportDownload.suggestedFilename()).toMatch(/\.html$/);
  const reportHtml = readFileSync((await reportDownload.path())!, 'utf8');
  expect(reportHtml).not.toMatch(/(src|href)=["']https?:/);
  const reportPage = await context.newPage();
  await context.setOffline(true);
  await reportPage.setContent(reportHtml);
  await expect(reportPage.getByRole('heading', { level: 1 })).toContainText('Penguin species');
  await expect(reportPage.locator('body')).toContainText(/pass/i);
  await reportPage.close();
  await context.setOffline(false);

  // Deploy: score a new CSV (no target column) and download the predictions.
  await openPhase(page, 'Deploy');
  await expect(page.getByTestId('model-list')).toContainText('v1');
  const rows = readFileSync('public/samples/penguins.csv', 'utf8').trim().split('\n');
  const header = rows[0]!.split(',');
  const speciesAt = header.indexOf('Species');
  const unlabeled = rows
    .slice(0, 21)
    .map((r) =>
      r
        .split(',')
        .filter((_, i) => i !== speciesAt)
        .join(','),
    )
    .join('\n');
  await page.getByLabel('CSV file to score').setInputFiles({
    name: 'new-penguins.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(unlabeled),
  });
  await expect(page.getByTestId('score-status')).toContainText('20 rows scored');
  const [predictions] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download predictions' }).click(),
  ]);
  const predicted = readFileSync((await predictions.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(predicted).toHaveLength(21);
  expect(predicted[0]).toContain('prediction');
  expect(predicted[1]).toMatch(/Adelie|Gentoo|Chinstrap/);

  // Reload: the project, its dataset version and its model version are still there.
  await page.reload();
  await expect(page.getByLabel('Project', { exact: true })).toHaveValue(/.+/);
  await openPhase(page, 'Data');
  await expect(page.getByTestId('version-list')).toContainText('v1');
  await openPhase(page, 'Deploy');
  await expect(page.getByTestId('model-list')).toContainText('v1');
});
