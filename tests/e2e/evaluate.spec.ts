import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// Evaluate and explain on the three small samples: views from kept held-out predictions, a
// confusion cell's rows, a row's reasons adding up, the KPI matrix's small-split warning, the
// decision threshold changing the scored file, and the report, model card and "Open a report".

async function frameAndTrain(
  page: Page,
  target: string,
  family: string,
  split?: (page: Page) => Promise<void>,
) {
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption(target);
  await expect(page.getByTestId('recipe-steps')).toBeVisible();
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption(family);
  if (family === 'mlp') await page.getByLabel('Epochs').fill('30');
  if (split) await split(page);
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText(/finished/i, { timeout: 180_000 });
  await openPhase(page, 'Evaluate');
}

/** The row's reasons: expected value + contributions must equal the model's output. */
async function reasonsAddUp(page: Page) {
  const reasons = page.getByTestId('row-reasons');
  await expect(reasons).toBeVisible({ timeout: 60_000 });
  const text = (await page.getByTestId('reasons-sum').textContent()) ?? '';
  const sum = Number(/=\s*(-?[\d.]+);/.exec(text)?.[1]);
  const output = Number(await page.getByTestId('reasons-output').textContent());
  expect(Number.isFinite(sum)).toBe(true);
  expect(Math.abs(sum - output)).toBeLessThanOrEqual(2e-4);
}

function download(page: Page, button: string) {
  return Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]).then(async ([d]) => ({ name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') }));
}

test('penguins: curves, a confusion cell’s rows, a row’s reasons, and the KPI matrix warns on a small split', async ({
  page,
}) => {
  await page.goto('/');
  await createProject(page, 'Penguins evaluated', 'Tell the species apart.');
  await loadSample(page, 'penguins');
  await frameAndTrain(page, 'Species', 'linear');

  for (const id of ['roc-chart', 'pr-chart', 'calibration-chart', 'gain-chart']) {
    await expect(page.getByTestId(id).locator('svg path').first()).toBeVisible();
  }
  // One curve per class, one against the rest, and the chance line.
  await expect(page.getByTestId('roc-chart').locator('svg title').filter({ hasText: 'Chance' })).toHaveCount(
    1,
  );

  // A confusion cell opens its rows, sortable.
  const cell = page.getByRole('button', { name: /Rows with true Adelie predicted Adelie: \d+/ });
  const count = Number(/: (\d+)$/.exec((await cell.getAttribute('aria-label'))!)![1]);
  await cell.click();
  const rows = page.getByTestId('cell-rows');
  await expect(rows).toContainText(`${count} rows`);
  await expect(rows.locator('tbody tr')).toHaveCount(Math.min(count, 200));
  await rows.getByRole('button', { name: /^Probability/ }).click();
  await expect(rows.getByRole('button', { name: /^Probability ↑/ })).toBeVisible();

  // Why? on a row: exact linear reasons that add up to the model's output.
  await rows.getByRole('button', { name: 'Why?' }).first().click();
  await reasonsAddUp(page);
  await expect(page.getByTestId('row-reasons')).toContainText('exact (linear model)');

  // A KPI just under the test accuracy: 68 test rows cannot settle it, and the matrix says so.
  const accuracy = Number(await page.getByTestId('metric-test-accuracy').getAttribute('data-value'));
  expect(accuracy).toBeGreaterThan(0.5);
  await openPhase(page, 'Goal');
  await page.getByLabel('Metric').selectOption('accuracy');
  await page.getByLabel('Comparison').selectOption('>=');
  await page.getByLabel('Threshold').fill(String(Math.min(0.99, Math.floor((accuracy - 0.01) * 100) / 100)));
  await page.getByLabel('Judged on').selectOption('test');
  await page.getByRole('button', { name: 'Add KPI' }).click();
  await openPhase(page, 'Evaluate');
  await page.getByTestId('load-matrix').click();
  const matrix = page.getByTestId('kpi-matrix');
  await expect(matrix).toContainText('Baseline');
  await expect(matrix).toContainText('[');
  await expect(page.getByTestId('kpi-warnings')).toContainText(/straddles|disagree/);
  await page.getByTestId('pick-best').click();
  await expect(page.getByText(/Picked .* on validation/)).toBeVisible();
});

test('penguins sex: the threshold moves precision, recall and value, and the saved threshold changes the scored file', async ({
  page,
}) => {
  await page.goto('/');
  await createProject(page, 'Penguin sex', 'Tell male from female.');
  await openPhase(page, 'Goal');
  await page.getByTestId('value-tp').fill('100');
  await page.getByTestId('value-fp').fill('-20');
  await page.getByTestId('value-fn').fill('-60');
  await page.getByTestId('value-tn').fill('0');
  await page.getByTestId('save-value-matrix').click();
  await loadSample(page, 'penguins');
  await frameAndTrain(page, 'Sex', 'gbdt');

  const control = page.getByTestId('threshold-control');
  await expect(control).toBeVisible();
  const positive = /for “(.+)”/.exec((await control.getByRole('heading').textContent())!)![1]!;
  await expect(page.getByTestId('best-threshold')).toHaveText(/0\.\d\d|1\.00/);
  const slider = page.getByTestId('threshold-slider');
  await slider.fill('0.5');
  const recallAtHalf = await page.getByTestId('threshold-recall').textContent();
  await slider.fill('0.05');
  await expect(page.getByTestId('threshold-value')).toHaveText('0.05');
  await expect(page.getByTestId('threshold-recall')).not.toHaveText(recallAtHalf!);
  await expect(page.getByTestId('threshold-value-per-row')).not.toBeEmpty();

  // Score 40 rows with the default threshold, then with 0.05 saved: more rows get the positive class.
  const lines = readFileSync('public/samples/penguins.csv', 'utf8').trim().split('\n');
  const sexAt = lines[0]!.split(',').indexOf('Sex');
  const unlabeled = lines
    .slice(0, 41)
    .map((r) =>
      r
        .split(',')
        .filter((_, i) => i !== sexAt)
        .join(','),
    )
    .join('\n');
  const scoreOnce = async () => {
    await openPhase(page, 'Deploy');
    await page
      .getByLabel('CSV file to score')
      .setInputFiles({ name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(unlabeled) });
    await expect(page.getByTestId('score-status')).toContainText('40 rows scored');
    const file = await download(page, 'Download predictions');
    const rows = file.text.trim().split('\n');
    const at = rows[0]!.split(',').indexOf('prediction');
    return rows.slice(1).filter((r) => r.split(',')[at] === positive).length;
  };
  const before = await scoreOnce();
  await openPhase(page, 'Evaluate');
  await page.getByTestId('threshold-slider').fill('0.05');
  await page.getByTestId('save-threshold').click();
  await expect(page.getByText('Threshold 0.05 saved')).toBeVisible();
  const after = await scoreOnce();
  expect(after).toBeGreaterThan(before);

  // Why a row of the scored file got its prediction: exact TreeSHAP against the model's own rows,
  // adding up to the model's output, which is the probability the file shows.
  const preview = page.getByTestId('score-preview');
  await preview.getByRole('button', { name: 'Why row 3' }).click();
  const why = page.getByTestId('row-reasons');
  await expect(why).toContainText('Row 3 of new.csv: exact TreeSHAP, in log-odds');
  const [sum, output] = (await why.getByTestId('reasons-sum').locator('strong').allTextContents()).map(
    Number,
  );
  expect(Math.abs(sum! - output!)).toBeLessThan(1e-3);
  const headers = await preview.locator('thead th').allTextContents();
  const cells = await preview.locator('tbody tr').nth(2).locator('td').allTextContents();
  const probabilities = headers.flatMap((h, i) => (h.startsWith('probability_') ? [Number(cells[i])] : []));
  const p = 1 / (1 + Math.exp(-output!));
  expect(probabilities.some((q) => Math.abs(q - p) < 1e-3)).toBe(true);
});

test('seattle weather out of time and cars regression: views, explanations, report, model card and Open a report', async ({
  page,
}) => {
  await page.goto('/');
  await createProject(page, 'Seattle weather', 'Tell tomorrow’s weather.');
  await loadSample(page, 'seattle-weather');
  await frameAndTrain(page, 'weather', 'mlp', async (p) => {
    await p.getByLabel('Split').selectOption('outOfTime');
  });
  await page.getByRole('radio', { name: /Out of time/ }).check();
  await expect(page.getByTestId('roc-chart').locator('svg path').first()).toBeVisible();
  await page.getByTestId('run-importance').click();
  await expect(page.getByTestId('importance-chart').locator('svg rect').first()).toBeVisible({
    timeout: 120_000,
  });
  await page.getByTestId('reason-row').fill('3');
  await page.getByTestId('run-reasons').click();
  await reasonsAddUp(page);
  await expect(page.getByTestId('row-reasons')).toContainText('sampling estimate');

  await createProject(page, 'Cars', 'Predict fuel use.');
  await loadSample(page, 'cars');
  await frameAndTrain(page, 'Miles_per_Gallon', 'gbdt', async (p) => {
    await p.getByLabel('Split').selectOption('kFold');
    await p.getByLabel('Folds').fill('3');
  });
  await expect(page.getByRole('radio', { name: /Validation \(out-of-fold/ })).toBeVisible();
  for (const id of ['fit-chart', 'residual-chart', 'residual-histogram']) {
    await expect(page.getByTestId(id).locator('svg')).toBeVisible();
  }
  await expect(page.getByTestId('regression-metrics')).toBeVisible();
  await page.getByTestId('segment-column').selectOption('Origin');
  await page.getByTestId('segment-run').click();
  await expect(page.getByTestId('segments-table')).toContainText('USA');
  await page.getByTestId('pd-column').selectOption('Weight_in_lbs');
  await page.getByTestId('run-pd').click();
  await expect(page.getByTestId('pd-chart').locator('svg path').first()).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('reason-row').fill('1');
  await page.getByTestId('run-reasons').click();
  await reasonsAddUp(page);
  await expect(page.getByTestId('row-reasons')).toContainText('exact TreeSHAP');

  const html = await download(page, 'Export report (HTML)');
  expect(html.text).toContain('How the rows were split');
  expect(html.text).toMatch(/3 folds/);
  expect(html.text).toContain('Partial dependence on Weight_in_lbs');
  expect(html.text).not.toMatch(/(src|href)=["']https?:/);
  // The report never embeds the dataset: a car name from the data is not in it.
  expect(html.text).not.toContain('chevrolet chevelle malibu');
  const card = await download(page, 'Export model card (Markdown)');
  expect(card.name).toMatch(/model-card\.md$/);
  expect(card.text).toContain('## Known limits');
  expect(card.text).toContain('## Intended use');
  const json = await download(page, 'Export report (JSON)');
  expect(JSON.parse(json.text).formatVersion).toBe(2);

  await page
    .getByTestId('open-report')
    .setInputFiles({ name: html.name, mimeType: 'text/html', buffer: Buffer.from(html.text) });
  const opened = page.getByTestId('opened-report');
  await expect(opened).toContainText('Cars');
  // The frame is sandboxed without scripts (a locator inside it would need one): read what it shows.
  const frame = page.getByTestId('opened-report-frame');
  await expect(frame).toHaveAttribute('srcdoc', /How the rows were split/);
  expect(await frame.getAttribute('srcdoc')).not.toContain('<script');
  await page
    .getByTestId('open-report')
    .setInputFiles({ name: json.name, mimeType: 'application/json', buffer: Buffer.from(json.text) });
  await expect(opened).toContainText('report format 2');
});
