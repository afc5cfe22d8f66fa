import type { Page, Worker } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, openPhase } from './helpers';

// A file of 1 MiB or more is profiled by a profile worker of its own while the data worker writes
// it (each column handed over as soon as it is written, the table handed back with the profile).
// This checks that path against the plain one: the profile Explore opens on must be the one the
// data worker computes from the stored version after a reload.
const ROWS = 50_000;

function bigCsv(): string {
  const lines = ['id,level,city,flag,amount'];
  const cities = ['Oslo', 'Lyon', 'Porto'];
  for (let i = 0; i < ROWS; i++) {
    const amount = i % 10 === 0 ? '' : (i * 0.25).toFixed(2);
    lines.push(`${i + 1},${i % 100},${cities[i % 3]},${i % 2 === 0},${amount}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Profile workers started by the page, and whether each has closed. */
function watchProfileWorkers(page: Page): { started: () => number; closed: () => number } {
  const workers: { worker: Worker; closed: boolean }[] = [];
  page.on('worker', (worker) => {
    if (!/profile\.worker/.test(worker.url())) return;
    const entry = { worker, closed: false };
    workers.push(entry);
    worker.on('close', () => (entry.closed = true));
  });
  return {
    started: () => workers.length,
    closed: () => workers.filter((w) => w.closed).length,
  };
}

async function profileText(page: Page): Promise<string[]> {
  const table = page.getByTestId('profile-table');
  await expect(table.getByRole('row', { name: /^amount/ })).toBeVisible();
  return table.getByRole('row').allInnerTexts();
}

test('a large file is profiled while it is stored, the same as from storage', async ({ page }) => {
  const csv = Buffer.from(bigCsv());
  expect(csv.length).toBeGreaterThan(1 << 20);
  const profilers = watchProfileWorkers(page);
  await page.goto('/');
  await createProject(page, 'Profile aside', 'Profile a large file while it is stored.');
  await openPhase(page, 'Data');
  const file = { name: 'big.csv', mimeType: 'text/csv', buffer: csv };
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
  await expect(page.getByTestId('ingest-status')).toContainText('Stored as version v1', { timeout: 60_000 });
  expect(profilers.started()).toBe(1);

  await openPhase(page, 'Explore');
  const aside = await profileText(page);
  const level = page.getByTestId('profile-table').getByRole('row', { name: /^level/ });
  await expect(level).toContainText('50,000');
  await expect(level).toContainText('49.5');
  await expect(page.getByTestId('profile-table').getByRole('row', { name: /^amount/ })).toContainText(
    '5,000',
  );
  // Its work done, the profile worker has closed (which frees what it held).
  await expect.poll(profilers.closed).toBe(1);

  // The table came back from the profile worker: the grid sorts and pages it.
  await page.getByRole('button', { name: 'Rows' }).click();
  await expect(page.getByTestId('grid-status')).toContainText('50,000');
  const sortByAmount = page.getByTestId('row-grid').getByRole('button', { name: 'amount', exact: true });
  await sortByAmount.click();
  await expect(page.getByTestId('grid-status')).toContainText('sorted by amount (ascending)');
  await sortByAmount.click();
  await expect(page.getByTestId('grid-status')).toContainText('sorted by amount (descending)');
  await expect(page.getByTestId('row-grid').getByRole('row').nth(1)).toContainText('12499.75');

  // The same file again is found as a twin: the unused profile worker closes too.
  await openPhase(page, 'Data');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
  await expect(page.getByTestId('ingest-status')).toContainText('already stored', { timeout: 60_000 });
  expect(profilers.started()).toBe(2);
  await expect.poll(profilers.closed).toBe(2);

  // After a reload the data worker profiles the stored version itself: the same figures.
  await page.reload();
  await openPhase(page, 'Explore');
  expect(await profileText(page)).toEqual(aside);
});
