import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, openPhase } from './helpers';

// The frictions a first user met (issue 15), each checked where the user meets it.

/** A seeded semicolon file whose yes/no target follows `usage`, so a model learns it. */
function churnCsv(rows: number, withTarget = true): string {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = [withTarget ? 'usage;tenure;plan;churn' : 'usage;tenure;plan'];
  for (let i = 0; i < rows; i++) {
    const usage = Math.round(rand() * 100);
    const tenure = Math.round(rand() * 60);
    const plan = ['basic', 'plus', 'pro'][i % 3]!;
    const churn = usage + rand() * 20 < 50 ? 'yes' : 'no';
    lines.push([usage, tenure, plan, ...(withTarget ? [churn] : [])].join(';'));
  }
  return lines.join('\n') + '\n';
}

async function upload(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(text),
  });
  await expect(page.getByTestId('ingest-status')).toContainText(/stored/i, { timeout: 60_000 });
}

test('a yes/no target stays yes/no; the reading, the backend rule, the scores and the predictions are in view', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await createProject(page, 'Churn', 'Find the customers about to leave.');
  await page.getByLabel('Metric').selectOption('accuracy');
  await page.getByLabel('Comparison').selectOption('>=');
  await page.getByLabel('Threshold').fill('0.6');
  await page.getByLabel('Judged on').selectOption('test');
  await page.getByRole('button', { name: 'Add KPI' }).click();

  // The sniffing's decisions are shown after ingest.
  await openPhase(page, 'Data');
  await upload(page, 'churn.csv', churnCsv(400));
  await expect(page.getByTestId('ingest-reading')).toHaveText(
    'Read as semicolon (;)-separated, UTF-8, first row as column names.',
  );

  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('churn');
  await expect(page.getByLabel('Task')).toHaveValue('classification');
  await expect(page.getByTestId('recipe-steps')).toContainText(/standardize/i);

  // Automatic backend choice: the reason names the rule that chose (medians), not totals.
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('linear');
  // Minibatch training is what runs on a tfjs backend (the exact solver is plain JavaScript).
  await page.getByLabel('Solver').selectOption('minibatch');
  await page.getByLabel('Epochs').fill('30');
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText('Training finished', { timeout: 120_000 });
  await expect(page.getByTestId('backend-reason')).toHaveText(
    /^(wasm|cpu): median step [\d.]+ ms \(\d steps? of \d+ rows\) vs (cpu|wasm) .*: (the fastest median step wins|within \d+% of the fastest, a tie)/,
  );

  // Evaluate: the confusion matrix speaks the file's words.
  await openPhase(page, 'Evaluate');
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix.getByRole('columnheader')).toContainText(['no', 'yes']);
  await expect(matrix.getByRole('rowheader')).toHaveText(['no', 'yes']);

  // Leaderboard at 1280 px: the primary metric and the KPI verdict beside the run name, on screen.
  await openPhase(page, 'Experiments');
  const row = page.getByTestId('leaderboard').locator('tbody tr').first();
  // The project's primary metric (macro F1 by default for classes) is the first score column.
  const score = row.locator('td').first();
  await expect(score).toHaveAttribute('data-value', /^0\.\d+|^1$/);
  const verdict = row.getByTestId('run-kpi-verdict');
  await expect(verdict).toHaveText(/pass|fail/);
  for (const cell of [score, verdict]) {
    const box = (await cell.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    await expect(cell).toBeInViewport();
  }
  const header = page.getByTestId('leaderboard').locator('thead th');
  // The primary metric is the first KPI's (accuracy).
  await expect(header.nth(1)).toContainText('Accuracy');
  await expect(header.nth(2)).toHaveText('KPIs');

  // Scoring: the predictions lead the preview, in the file's words.
  await openPhase(page, 'Deploy');
  await page.getByLabel('CSV file to score').setInputFiles({
    name: 'new.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(churnCsv(12, false)),
  });
  await expect(page.getByTestId('score-status')).toContainText('12 rows scored');
  const preview = page.getByTestId('score-preview');
  // Each row's "Why?" button comes first, then the prediction and probabilities.
  await expect(preview.locator('thead th').first()).toHaveText('Reasons');
  await expect(preview.locator('thead th').nth(1)).toHaveText('prediction');
  await expect(preview.locator('thead th').nth(2)).toHaveText('probability_no');
  const predicted = await preview.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(predicted).toHaveLength(10);
  expect(new Set(predicted).size).toBeGreaterThan(0);
  for (const p of predicted) expect(['yes', 'no']).toContain(p);
});

test('a halving search explains why its best trial heads the table', async ({ page }) => {
  await page.goto('/?backend=cpu&workers=2');
  await createProject(page, 'Halving', 'Tune a classifier of penguin species.');
  await openPhase(page, 'Data');
  await page.getByLabel('Sample dataset').selectOption('penguins');
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(page.getByTestId('ingest-status')).toContainText(/stored/i, { timeout: 60_000 });
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  await expect(page.getByTestId('recipe-steps')).toContainText(/one-hot/i);
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('mlp');
  await page.getByLabel('Search hyperparameters').check();
  await page.getByLabel('Early stopping').uncheck();
  await page.getByLabel('Epochs', { exact: true }).fill('20');
  await page.getByLabel('Trials').fill('4');
  await page.getByLabel('Smallest budget (epochs)').fill('10');
  await page.getByLabel('Keep 1 in').fill('2');
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByTestId('search-status')).toHaveText('Search finished', { timeout: 240_000 });

  await expect(page.getByTestId('halving-note')).toContainText('only the best 2 of 4 go on to rung 2');
  await expect(page.getByTestId('halving-note')).toContainText('chosen among the last rung');
  const table = page.getByTestId('trial-table');
  await expect(table.locator('caption')).toContainText('last rung first');
  const first = table.locator('tbody tr').first();
  // The registered trial is the first row, from the last rung, and says so.
  await expect(first.getByTestId('trial-best')).toHaveText('best, registered');
  await expect(first.locator('td').nth(1)).toHaveText('2');
  const best = await page.getByTestId('search-best').textContent();
  expect(best).toContain(`trial ${(await first.locator('th').textContent())!.trim()},`);
});
