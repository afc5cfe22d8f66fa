import { test, expect } from './fixtures';
import { createProject, openPhase } from './helpers';

// A file with more than 16 MiB after its first slice is read on two threads: the data worker
// reads the first part while the profile worker reads the rest (core/table/ingestSlice.ts), then
// profiles the stored table as usual. The second part here brings what only it has: a new
// category, decimals in a column that was whole numbers, a "no" in a yes/no column. The figures
// must be those of the whole file.
const ROWS = 600_000;
const CITIES = ['Oslo', 'Lyon', 'Porto'];

function bigCsv(): string {
  const lines = ['id,level,city,flag,amount,note'];
  for (let i = 0; i < ROWS; i++) {
    const late = i >= ROWS - 1000;
    const city = late && i % 2 === 0 ? 'Graz' : CITIES[i % 3];
    const level = late ? `${i % 100}.5` : `${i % 100}`;
    const flag = late && i % 2 === 1 ? 'no' : 'yes';
    lines.push(`${i + 1},${level},${city},${flag},${(i * 0.25).toFixed(2)},some text for width ${i % 7}`);
  }
  return `${lines.join('\n')}\n`;
}

test('a large file read on two threads gives the figures of the whole file', async ({ page }) => {
  const csv = Buffer.from(bigCsv());
  expect(csv.length).toBeGreaterThan(21 << 20);
  await page.goto('/');
  await createProject(page, 'Two threads', 'Read a large file on two threads.');
  await openPhase(page, 'Data');
  const file = { name: 'big.csv', mimeType: 'text/csv', buffer: csv };
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
  await expect(page.getByTestId('ingest-status')).toContainText('Stored as version v1', { timeout: 120_000 });
  await expect(page.getByTestId('ingest-status')).toContainText('600,000');

  await openPhase(page, 'Explore');
  const table = page.getByTestId('profile-table');
  const row = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) });
  // Cells after the name: type, count, missing, distinct, min, max, …
  const cell = (name: string, k: number) => row(name).getByRole('cell').nth(k);
  await expect(page.getByLabel('Type of level')).toHaveValue('number'); // decimals only at the end
  await expect(cell('level', 5)).toHaveText('99.5');
  await expect(page.getByLabel('Type of city')).toHaveValue('category');
  await expect(cell('city', 3)).toHaveText('4'); // Graz, only at the end
  await expect(page.getByLabel('Type of flag')).toHaveValue('boolean');
  await expect(cell('flag', 3)).toHaveText('2'); // "no", only at the end
  await expect(cell('id', 1)).toHaveText('600,000');
  const before = await table.getByRole('row').allInnerTexts();

  // The last row, as the file has it.
  await page.getByRole('button', { name: 'Rows' }).click();
  const sortById = page.getByTestId('row-grid').getByRole('button', { name: 'id', exact: true });
  await sortById.click();
  await sortById.click();
  await expect(page.getByTestId('grid-status')).toContainText('sorted by id (descending)');
  await expect(page.getByTestId('row-grid').getByRole('row').nth(1)).toContainText('149999.75');
  await expect(page.getByTestId('row-grid').getByRole('row').nth(1)).toContainText('99.5');

  // From storage after a reload: the same profile.
  await page.reload();
  await openPhase(page, 'Explore');
  await expect(row('amount')).toBeVisible();
  expect(await table.getByRole('row').allInnerTexts()).toEqual(before);
});
