import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { createProject, openPhase } from './helpers';
import { serveBuild } from './staticServer';

// Boosted trees on a table large enough for helper workers (60,000 rows × 24 numbers: 42,000
// training rows × 24 features ≥ 1,000,000 cells): the page is cross-origin isolated (the server's
// COOP/COEP headers), so the train worker starts nested helper workers sharing its memory from
// the production build, the run says how many grew each tree, and the model is sound. That
// the trees are the single-worker ones bit for bit is tested in Node (gbdtParallel.test.ts) and,
// on the benchmark table in this browser, by bench:train.

function table(rows: number): Buffer {
  const cols = 24;
  const header = [...Array.from({ length: cols }, (_, j) => `x${j}`), 'label'].join(',');
  const lines = [header];
  let s = 12345;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: cols }, () => Math.round(rand() * 1000) / 100);
    const z = x[0]! - x[1]! + (x[2]! > 5 ? 3 : -1) + x[3]! * x[4]! * 0.05 - 2 + (rand() - 0.5) * 4;
    lines.push([...x, z > 0 ? 'yes' : 'no'].join(','));
  }
  return Buffer.from(lines.join('\n'));
}

/** Loads the table, frames it and starts a 30-iteration boosted-tree fit. */
async function trainLargeTable(page: Page): Promise<void> {
  await createProject(page, 'Many workers', 'Predict the label.');
  await openPhase(page, 'Data');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({
    name: 'wide.csv',
    mimeType: 'text/csv',
    buffer: table(60_000),
  });
  await expect(page.getByTestId('ingest-status')).toContainText('Stored as version v1', { timeout: 120_000 });
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('label');
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('gbdt');
  await page.getByLabel('Iterations').fill('30');
  await page.getByRole('button', { name: 'Train model' }).click();
}

test('a large table grows each boosted tree on several workers', async ({ page }) => {
  await page.goto('/');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  // SharedArrayBuffer needs it; without it the run would say "not cross-origin isolated".
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await trainLargeTable(page);
  const workers = Math.min(cores, 4);
  await expect(page.getByTestId('backend-reason')).toContainText(
    workers > 1 ? `on ${workers} workers, each partitioning its share of the rows` : 'on one worker',
    { timeout: 120_000 },
  );
  await expect(page.getByTestId('backend-reason')).toContainText('42,000 rows × 24 features');
  await expect(page.getByTestId('train-status')).toHaveText('Training finished', { timeout: 240_000 });
  // The project's metric on the test rows (accuracy or AUC): far above chance.
  const score = Number(await page.getByTestId('model-test').getAttribute('data-value'));
  expect(score).toBeGreaterThan(0.75);
});

test('hosted without cross-origin isolation, the trees grow on one worker and the run says why', async ({
  page,
}) => {
  const server = await serveBuild(process.env.E2E_DIST ?? 'dist', { isolated: false });
  try {
    await page.goto(server.url);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await trainLargeTable(page);
    await expect(page.getByTestId('backend-reason')).toContainText(
      cores > 1 ? 'on one worker (this page is not cross-origin isolated' : 'on one worker',
      { timeout: 120_000 },
    );
    await expect(page.getByTestId('train-status')).toHaveText('Training finished', { timeout: 240_000 });
    const score = Number(await page.getByTestId('model-test').getAttribute('data-value'));
    expect(score).toBeGreaterThan(0.75);
  } finally {
    await server.close();
  }
});
