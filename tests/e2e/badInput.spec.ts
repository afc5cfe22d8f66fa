import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

const cases = [
  { name: 'empty.csv', content: Buffer.alloc(0), message: /empty/i },
  { name: 'header-only.csv', content: Buffer.from('a,b,c\n'), message: /no data rows|header but no/i },
  {
    name: 'picture.csv',
    content: Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2,
    ]),
    message: /not a CSV text file/i,
  },
  {
    name: 'ragged.csv',
    content: Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n'),
    message: /ragged\.csv/,
    lines: ['Line 3', 'Line 5'],
  },
];

// Each bad file gets a message that names the problem (and the line); nothing is stored and the
// version already there is untouched.
test('bad files are refused with a clear message and store nothing', async ({ page }) => {
  await page.goto('/');
  await createProject(page, 'Bad input', 'Check that bad files are refused.');
  await loadSample(page, 'penguins');
  const versions = page.getByTestId('version-list').getByRole('row');
  await expect(versions).toHaveCount(2);
  const hashBefore = await page.getByTestId('version-hash').first().textContent();

  for (const c of cases) {
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({
      name: c.name,
      mimeType: 'text/csv',
      buffer: c.content,
    });
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The file was not loaded');
    await expect(alert).toContainText(c.message);
    for (const line of c.lines ?? []) await expect(alert).toContainText(line);
    await expect(versions).toHaveCount(2);
  }

  // Ragged rows can be skipped on request: the rest is stored, the skipped lines are listed.
  await page.getByRole('button', { name: 'Skip these rows and load the rest' }).click();
  await expect(page.getByTestId('ingest-status')).toContainText('2 malformed rows were left out');
  await expect(versions).toHaveCount(3);

  await page.reload();
  await openPhase(page, 'Data');
  await expect(versions).toHaveCount(3);
  await expect(page.getByTestId('version-hash').first()).toHaveText(hashBefore!);
});

test('the same content loaded twice is found by its hash, not stored again', async ({ page }) => {
  await page.goto('/');
  await createProject(page, 'Twice', 'Load the same file twice.');
  await loadSample(page, 'cars');
  await loadSample(page, 'cars');
  await expect(page.getByTestId('ingest-status')).toContainText('already stored as cars v1');
  await expect(page.getByTestId('version-list').getByRole('row')).toHaveCount(2);
});

test('a cancelled training stores no model', async ({ page }) => {
  await page.goto('/?backend=cpu');
  await createProject(page, 'Cancel', 'Cancel a training.');
  await loadSample(page, 'penguins');
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  await expect(page.getByTestId('recipe-steps')).toContainText(/one-hot/i);
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('mlp');
  await page.getByLabel('Epochs').fill('5000');
  await page.getByLabel('Early stopping').uncheck();
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('backend-name')).toHaveText('cpu');
  await expect(page.getByRole('progressbar')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel training' }).click();
  await expect(page.getByTestId('train-status')).toHaveText(/cancelled/i);
  await openPhase(page, 'Deploy');
  await expect(page.getByText(/No model yet: train one first/)).toBeVisible();
});
