import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, openPhase } from './helpers';

// Issue 10 item 10: a table of 3,000 columns. Measured here (and printed): the time to the
// profile on screen, once profiled while stored (a file ≥ 1 MiB) and once from storage after a
// reload, and the main thread's longest task meanwhile and while the correlation view opens.
// Tracing is off: Playwright's DOM snapshots of a 3,000-row table cost seconds of main thread.
test.use({ trace: 'off' });

const COLUMNS = 3000;
const ROWS = 200;

function wideCsv(): string {
  const lines = [Array.from({ length: COLUMNS }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < ROWS; r++) {
    const cells = Array.from({ length: COLUMNS }, (_, c) =>
      c % 3 === 0 ? `k${(r * c) % 5}` : String(((r * 31 + c * 17) % 997) / 10),
    );
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Starts recording the main thread's longest task (PerformanceObserver 'longtask'). */
async function watchLongTasks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { longest: number };
    w.longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
    }).observe({ type: 'longtask' });
  });
  return () => page.evaluate(() => (window as unknown as { longest: number }).longest);
}

/** CSS locators: role queries compute the accessible name of every row, slower than the app. */
async function profileShown(page: Page): Promise<void> {
  await page.locator('nav button', { hasText: 'Explore' }).click();
  await expect(page.locator('[data-testid="profile-table"] tbody tr').first()).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByTestId('profile-limit')).toContainText(`of ${COLUMNS.toLocaleString('en')} columns`);
}

test('3,000 columns: profiled quickly, and no view blocks the page for long', async ({ page }) => {
  await page.goto('/');
  await createProject(page, 'Wide', 'A table with thousands of columns.');
  await openPhase(page, 'Data');
  let longest = await watchLongTasks(page);
  const started = Date.now();
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({
    name: 'wide.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(wideCsv()),
  });
  await expect(page.getByTestId('ingest-status')).toContainText(/stored/i, { timeout: 120_000 });
  const stored = Date.now() - started;
  await profileShown(page);
  const profiled = Date.now() - started;
  const longestProfile = await longest();

  // From storage: a new page, so a new data worker with nothing cached.
  await page.reload();
  longest = await watchLongTasks(page);
  const again = Date.now();
  await profileShown(page);
  const reprofiled = Date.now() - again;
  const longestReprofile = await longest();

  longest = await watchLongTasks(page);
  const opened = Date.now();
  await page.locator('button', { hasText: 'Correlations' }).click();
  await expect(page.getByTestId('correlation-heatmap').locator('.heatmaplayer')).toHaveCount(1, {
    timeout: 120_000,
  });
  const correlated = Date.now() - opened;
  const longestCorrelation = await longest();
  // The views say they show a part, and move through the rest. The next window is timed too: the
  // first opening includes Plotly's first load (one long task of script evaluation, any table).
  await expect(page.getByTestId('correlation-limit')).toContainText('Columns 1–40 of 3,000 columns');
  longest = await watchLongTasks(page);
  const paged = Date.now();
  await page.locator('button', { hasText: 'Next columns' }).click();
  await expect(page.getByTestId('correlation-limit')).toContainText('Columns 41–80 of 3,000 columns');
  await expect(page.getByTestId('correlation-heatmap').locator('.heatmaplayer')).toHaveCount(1);
  const nextWindow = Date.now() - paged;
  const longestNext = await longest();
  console.log(
    `wide table (${COLUMNS} columns × ${ROWS} rows): stored ${stored} ms, profile shown ${profiled} ms ` +
      `(longest task ${longestProfile.toFixed(0)} ms); from storage after a reload ${reprofiled} ms ` +
      `(longest task ${longestReprofile.toFixed(0)} ms); correlations ${correlated} ms ` +
      `(longest task ${longestCorrelation.toFixed(0)} ms, Plotly's first load included); ` +
      `next 40 columns ${nextWindow} ms (longest task ${longestNext.toFixed(0)} ms)`,
  );
  expect(reprofiled).toBeLessThan(10_000);
  // Measured on this shared 2-core machine: before the fix 2.2 s and 3.7 s for the first two,
  // after it 0.4–1.2 s and 0.06–0.4 s depending on the load, 60–340 ms for the next window.
  expect(longestProfile).toBeLessThan(2000);
  expect(Math.max(longestReprofile, longestNext)).toBeLessThan(1000);
});
