import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { createProject, openPhase } from './helpers';

// Issue 10 item 10: a table of 3,000 columns. Measured here (and printed): the time to the
// profile on screen, once profiled while stored (a file ≥ 1 MiB) and once from storage after a
// reload, and the main thread's longest task from choosing the file until the profile shows and
// while each phase's views open. Every view that lists columns draws a part of them and says so.
// Tracing is off: Playwright's DOM snapshots cost seconds of main thread on big pages.
test.use({ trace: 'off' });

const COLUMNS = 3000;
const ROWS = 200;
const ALL = `${COLUMNS.toLocaleString('en')} columns`;

/** Number columns, text columns (c % 3 === 0) and a gap every 7th row of every 5th column. */
function wideCsv(): string {
  const lines = [Array.from({ length: COLUMNS }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < ROWS; r++) {
    const cells = Array.from({ length: COLUMNS }, (_, c) =>
      c % 5 === 4 && r % 7 === 3
        ? ''
        : c % 3 === 0
          ? `k${(r * c) % 5}`
          : String(((r * 31 + c * 17) % 997) / 10),
    );
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Records every long task of every page load (PerformanceObserver 'longtask'), so a reload is
 * watched from its first task.
 */
async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: { start: number; end: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * The longest main-thread task since `since` (performance.now()), leaving out Plotly's
 * evaluation and warm-up: one long task each per page, whatever the table (another issue),
 * ending where plotly.ts marks 'plotly-ready' and 'plotly-warm'.
 */
function longestSince(page: Page, since: number): Promise<number> {
  return page.evaluate((from) => {
    const w = window as unknown as { longTasks: { start: number; end: number }[] };
    const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? -1;
    const [ready, warm] = [mark('plotly-ready'), mark('plotly-warm')];
    // From the task that evaluated the bundle to the end of the warm-up draw.
    const evaluated = w.longTasks.find((t) => ready >= t.start && ready <= t.end + 1)?.start ?? ready;
    const plotly = (t: { start: number; end: number }) =>
      ready >= 0 && t.end >= evaluated && t.start <= warm + 1;
    return Math.max(0, ...w.longTasks.filter((t) => t.end > from && !plotly(t)).map((t) => t.end - t.start));
  }, since);
}

/**
 * Plotly's bundle is evaluated once per page while the page is idle. Waiting for it before the
 * file is chosen keeps its long task apart from the ingest.
 */
async function plotlyLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('plotly-warm').length > 0, null, {
    timeout: 60_000,
  });
}

/** CSS locators: role queries compute the accessible name of every row, slower than the app. */
async function profileShown(page: Page): Promise<void> {
  await page.locator('nav button', { hasText: 'Explore' }).click();
  await expect(page.locator('[data-testid="profile-table"] tbody tr').first()).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByTestId('profile-limit')).toContainText(`Columns 1–50 of ${ALL}`);
  await expect(page.locator('[data-testid="profile-table"] tbody tr')).toHaveCount(50);
}

/** Runs `open` and returns the time it took and the longest main-thread task meanwhile. */
async function timed(page: Page, open: () => Promise<void>): Promise<{ ms: number; task: number }> {
  const since = await page.evaluate(() => performance.now());
  const started = Date.now();
  await open();
  const ms = Date.now() - started;
  // A task still running when the view appeared is reported once it ends.
  await page.waitForTimeout(300);
  return { ms, task: await longestSince(page, since) };
}

/** A ColumnPicker's select (its label also names the find box next to it). */
function picker(page: Page, label: string) {
  return page.locator('label', { hasText: label }).locator('select');
}

async function view(page: Page, label: string): Promise<void> {
  await page.locator('[aria-label="Explore views"] button', { hasText: label }).click();
}

test('3,000 columns: profiled quickly, and no view blocks the page for long', async ({ page }, info) => {
  const file = info.outputPath('wide.csv');
  // From a file on disk: a buffer would be decoded from base64 on the page's main thread by the
  // test driver itself (a 0.8 s task that is not the app's).
  writeFileSync(file, wideCsv());
  await recordLongTasks(page);
  await page.goto('/');
  await plotlyLoaded(page);
  await createProject(page, 'Wide', 'A table with thousands of columns.');
  await openPhase(page, 'Data');
  let stored = 0;
  const load = await timed(page, async () => {
    const started = Date.now();
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
    await expect(page.getByTestId('ingest-status')).toContainText(/stored/i, { timeout: 120_000 });
    stored = Date.now() - started;
    await profileShown(page);
  });

  // From storage: a new page, so a new data worker with nothing cached.
  const reloaded = Date.now();
  await page.reload();
  await profileShown(page);
  const reload = { ms: Date.now() - reloaded, task: await longestSince(page, 0) };
  await plotlyLoaded(page);

  const figures: Record<string, { ms: number; task: number }> = {};
  figures.correlations = await timed(page, async () => {
    await view(page, 'Correlations');
    await expect(page.getByTestId('correlation-heatmap').locator('.heatmaplayer')).toHaveCount(1, {
      timeout: 120_000,
    });
    await expect(page.getByTestId('correlation-limit')).toContainText(`Columns 1–40 of ${ALL}`);
  });
  figures['next 40 correlations'] = await timed(page, async () => {
    await page.locator('button', { hasText: 'Next columns' }).click();
    await expect(page.getByTestId('correlation-limit')).toContainText(`Columns 41–80 of ${ALL}`);
    await expect(page.getByTestId('correlation-heatmap').locator('.heatmaplayer')).toHaveCount(1);
  });
  figures.scatter = await timed(page, async () => {
    await view(page, 'Scatter plot');
    await expect(page.getByTestId('scatter-plot').locator('.scatterlayer')).toHaveCount(1, {
      timeout: 60_000,
    });
    await expect(
      page.getByText('Showing 100 of 3,000 columns: type to find the others.').first(),
    ).toBeVisible();
  });
  await expect(page.getByTestId('scatter-status')).toContainText('200 points');
  // Picking a column the list does not show: typing finds it.
  await page.getByLabel('Find a column for Y column').fill('c2999');
  await expect(page.getByText('1 of 3,000 columns match.')).toBeVisible();
  await picker(page, 'Y column').selectOption('c2999');
  await expect(picker(page, 'Y column')).toHaveValue('c2999');
  // c2999 is missing in every 7th row: the points were sampled again for it.
  await expect(page.getByTestId('scatter-status')).toContainText('171 points');
  figures.missing = await timed(page, async () => {
    await view(page, 'Missing values');
    await expect(page.getByTestId('missing-map').locator('.heatmaplayer')).toHaveCount(1, {
      timeout: 60_000,
    });
    await expect(page.getByTestId('missing-map-columns')).toContainText(`Columns 1–50 of ${ALL}`);
    await expect(page.getByTestId('missing-columns')).toContainText('Columns 1–100 of 600 columns');
  });
  figures.rows = await timed(page, async () => {
    await view(page, 'Rows');
    await expect(page.getByTestId('grid-columns')).toContainText(`Columns 1–50 of ${ALL}`, {
      timeout: 60_000,
    });
    await expect(page.locator('[data-testid="row-grid"] thead th')).toHaveCount(51);
  });
  figures['next 50 grid columns'] = await timed(page, async () => {
    await page.getByTestId('grid-columns').locator('button', { hasText: 'Next columns' }).click();
    await expect(page.locator('[data-testid="row-grid"] thead th').nth(1)).toContainText('c50');
  });

  figures.prepare = await timed(page, async () => {
    await page.locator('nav button', { hasText: 'Prepare' }).click();
    await expect(page.locator('h2', { hasText: 'Prepare' })).toBeVisible();
  });
  const stepKind = page.locator('form[aria-label="Preparation step"] select').first();
  figures['prepare: drop columns'] = await timed(page, async () => {
    await stepKind.selectOption('dropColumns');
    await expect(page.locator('fieldset', { hasText: 'Columns to drop' })).toContainText(
      'Showing 100 of 3,000 columns: type to find the others.',
    );
    await expect(
      page.locator('fieldset', { hasText: 'Columns to drop' }).locator('input[type=checkbox]'),
    ).toHaveCount(100);
  });
  figures['prepare: preview'] = await timed(page, async () => {
    await page
      .locator('fieldset', { hasText: 'Columns to drop' })
      .locator('input[type=checkbox]')
      .first()
      .check();
    await expect(page.getByTestId('preview-summary')).toContainText('columns 3000 → 2999', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('step-preview')).toContainText(`Columns 1–50 of ${ALL}`);
  });
  figures['prepare: cast'] = await timed(page, async () => {
    await stepKind.selectOption('cast');
    await expect(page.locator('form[aria-label="Preparation step"]')).toContainText(
      'Showing 100 of 3,000 columns',
    );
  });

  figures.framing = await timed(page, async () => {
    await page.locator('nav button', { hasText: 'Framing & features' }).click();
    await expect(picker(page, 'Target column')).toBeVisible();
  });
  figures['target and features'] = await timed(page, async () => {
    await picker(page, 'Target column').selectOption('c1');
    await expect(page.getByTestId('preview-output')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('preview-output-columns')).toContainText('Columns 1–50 of');
    await expect(page.getByTestId('feature-window')).toContainText('Features 1–100 of');
  });
  // Many columns look like leaks here (every number column is a function of the row number):
  // the guard lists 20 at a time.
  await expect(page.getByTestId('leak-window')).toContainText('Possible leaks 1–20 of');
  await expect(page.getByTestId('leak-warning')).toHaveCount(20);
  figures['against the target'] = await timed(page, async () => {
    await page.locator('nav button', { hasText: 'Explore' }).click();
    await view(page, 'Against the target');
    await expect(picker(page, 'Feature')).toBeVisible();
    await expect(
      page.getByText(/Showing 100 of [\d,]+ columns: type to find the others/).first(),
    ).toBeVisible();
  });
  figures.train = await timed(page, async () => {
    await page.locator('nav button', { hasText: 'Train' }).click();
    await expect(page.locator('h2', { hasText: 'Train' })).toBeVisible();
  });

  const lines = Object.entries(figures).map(
    ([k, v]) => `${k} ${v.ms} ms (longest task ${v.task.toFixed(0)} ms)`,
  );
  console.log(
    `wide table (${COLUMNS} columns × ${ROWS} rows): stored ${stored} ms, profile shown ${load.ms} ms ` +
      `(longest task ${load.task.toFixed(0)} ms); from storage after a reload ${reload.ms} ms ` +
      `(longest task ${reload.task.toFixed(0)} ms); ${lines.join('; ')}`,
  );
  // Profile shown 2.2–3.9 s after the file at load 6–12 (7.3 s before), 1.3–3.8 s from storage.
  expect(load.ms).toBeLessThan(20_000);
  expect(reload.ms).toBeLessThan(10_000);
  // Longest tasks measured at load 6–12 on the shared 2-core machine: 50–170 ms to the profile,
  // 0–140 ms in the phases' lists, 90–340 ms for Plotly's drawing of the windowed charts (before:
  // 0.3 s for the profile table, 3.2 s for the row grid, 0.2–0.4 s for pickers, a crash in the
  // missing-value map). The bounds leave room for a loaded CI machine.
  expect(load.task).toBeLessThan(1000);
  expect(reload.task).toBeLessThan(1000);
  for (const [name, v] of Object.entries(figures)) expect(v.task, name).toBeLessThan(1000);
});
