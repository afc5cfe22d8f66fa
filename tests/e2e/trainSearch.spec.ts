import type { Page, Worker } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// Hyperparameter search in Chromium on two train workers (?workers=2), on the cpu backend for speed:
// parallel trials, cancel, and a worker that dies in the middle of a search.

async function frame(page: Page, name: string): Promise<void> {
  await page.goto('/?backend=cpu&workers=2');
  await createProject(page, name, 'Tune a classifier of penguin species.');
  await loadSample(page, 'penguins');
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  await expect(page.getByTestId('recipe-steps')).toContainText(/one-hot/i);
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('mlp');
  await page.getByLabel('Search hyperparameters').check();
  await page.getByLabel('Early stopping').uncheck();
}

interface RunRow {
  started: number;
  ended: number;
  status: string;
  backend: string;
}

async function runRows(page: Page): Promise<RunRow[]> {
  const rows = page.getByTestId('leaderboard').locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => ({
      started: Number(tr.getAttribute('data-started')),
      ended: Number(tr.getAttribute('data-ended')),
      status: tr.getAttribute('data-status') ?? '',
      backend: tr.querySelector('[data-testid="run-backend"]')?.textContent?.trim() ?? '',
    })),
  );
}

test('a small search trains trials side by side on two workers and registers the best', async ({ page }) => {
  await frame(page, 'Search');
  await page.getByLabel('Epochs', { exact: true }).fill('40');
  await page.getByLabel('Trials').fill('4');
  await page.getByLabel('Smallest budget (epochs)').fill('20');
  await page.getByLabel('Keep 1 in').fill('2');
  await page.getByLabel('Parallel workers').fill('2');
  // 4 settings on 20 epochs, the best 2 again on 40.
  await expect(page.getByTestId('search-plan')).toContainText('4 settings; trials × epochs: 4 × 20 → 2 × 40');
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('progressbar', { name: 'Search progress' })).toBeVisible();
  await expect(page.getByTestId('search-status')).toHaveText('Search finished', { timeout: 240_000 });
  await expect(page.getByTestId('search-best')).toContainText('registered as model version v1');
  const trials = page.getByTestId('trial-table').locator('tbody tr');
  await expect(trials).toHaveCount(6);
  await expect(page.getByTestId('trial-table').locator('tbody tr[data-status="done"]')).toHaveCount(6);

  // Every trial is a run of the search; at least two of them trained at the same time.
  await openPhase(page, 'Experiments');
  await expect(page.getByTestId('leaderboard').locator('tbody tr')).toHaveCount(6);
  const runs = await runRows(page);
  expect(runs.every((r) => r.status === 'done' && r.ended > r.started)).toBe(true);
  const overlapping = runs.some((a, i) =>
    runs.some((b, j) => i !== j && a.started < b.ended && b.started < a.ended),
  );
  expect(overlapping).toBe(true);
  // The backend is recorded for every run.
  expect(runs.map((r) => r.backend)).toEqual(Array(6).fill('cpu'));

  await openPhase(page, 'Deploy');
  await expect(page.getByTestId('model-list').locator('tbody tr')).toHaveCount(1);
});

test('a cancelled search registers nothing and leaves no run running', async ({ page }) => {
  await frame(page, 'Cancelled search');
  await page.getByLabel('Epochs', { exact: true }).fill('3000');
  await page.getByLabel('Successive halving').uncheck();
  await page.getByLabel('Trials').fill('3');
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(
    page.getByTestId('trial-table').locator('tbody tr[data-status="running"]').first(),
  ).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('trial-curves').locator('path[d^="M"]').first()).toBeVisible();
  await page.getByRole('button', { name: 'Cancel search' }).click();
  await expect(page.getByTestId('search-status')).toHaveText('Search cancelled: no model was registered');

  await openPhase(page, 'Experiments');
  await expect(page.getByTestId('leaderboard').locator('tbody tr').first()).toBeVisible();
  // The trials that had started are runs, each closed as cancelled.
  await expect
    .poll(async () => [...new Set((await runRows(page)).map((r) => r.status))])
    .toEqual(['cancelled']);
  await openPhase(page, 'Deploy');
  await expect(page.getByText(/No model yet: train one first/)).toBeVisible();
});

test('a train worker that dies fails its own trial only: the others go on and the best is registered', async ({
  page,
}) => {
  const trainWorkers: Worker[] = [];
  page.on('worker', (w) => {
    if (/train\.worker/.test(w.url())) trainWorkers.push(w);
  });
  await frame(page, 'Crashed trial');
  await page.getByLabel('Epochs', { exact: true }).fill('300');
  await page.getByLabel('Successive halving').uncheck();
  await page.getByLabel('Trials').fill('3');
  await page.getByLabel('Parallel workers').fill('2');
  await page.getByRole('button', { name: 'Start search' }).click();
  const trials = (status: string) =>
    page.getByTestId('trial-table').locator(`tbody tr[data-status="${status}"]`);
  await expect(trials('running')).toHaveCount(2, { timeout: 60_000 });

  // One worker runs out of memory: from now on every typed array it allocates fails, as when the
  // browser refuses an ArrayBuffer. Whatever it runs next (the rest of its trial, or the next
  // trial when the poison lands between two) stops with that RangeError, and it is replaced.
  expect(trainWorkers.length).toBeGreaterThanOrEqual(2);
  await trainWorkers[0]!.evaluate(() => {
    const fail = () => {
      throw new RangeError('Array buffer allocation failed');
    };
    for (const name of ['Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array'] as const) {
      const Base = self[name] as unknown as new (...args: unknown[]) => object;
      (self as unknown as Record<string, unknown>)[name] = class extends Base {
        constructor(...args: unknown[]) {
          fail();
          super(...args);
        }
      };
    }
  });

  await expect(page.getByTestId('search-status')).toHaveText('Search finished', { timeout: 240_000 });
  const failed = trials('failed');
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('The training ran out of memory (Array buffer allocation failed)');
  await expect(trials('done')).toHaveCount(2);
  await expect(page.getByTestId('search-best')).toContainText('registered as model version v1');

  // The two finished trials are done runs; if the worker died inside a trial (not between two),
  // that run is closed as failed with the reason. No run is left running; one model is stored.
  await openPhase(page, 'Experiments');
  const board = page.getByTestId('leaderboard');
  await expect(board.locator('tbody tr[data-status="done"]')).toHaveCount(2);
  await expect.poll(async () => (await runRows(page)).map((r) => r.status).sort()).not.toContain('running');
  for (const row of await board.locator('tbody tr[data-status="failed"]').all()) {
    await expect(row).toContainText('Array buffer allocation failed');
  }
  await openPhase(page, 'Deploy');
  await expect(page.getByTestId('model-list').locator('tbody tr')).toHaveCount(1);
});
