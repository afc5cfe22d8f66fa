import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';

// The whole lifecycle with the keyboard only: every control is reached with Tab (or Shift+Tab)
// from wherever focus is, and worked with Enter, Space, arrows and typing. No click, no fill.

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement).catch(() => false);
}

/** Moves focus to `target` with Tab, then Shift+Tab, as a keyboard user would. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeVisible();
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < 150; i++) {
      if (await isFocused(target)) return;
      await page.keyboard.press(key);
    }
  }
  throw new Error(`Not reachable with Tab: ${target.toString()}`);
}

async function press(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

async function type(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

/** Chooses an option of a closed <select> with the arrow keys. */
async function choose(page: Page, select: Locator, value: string): Promise<void> {
  await tabTo(page, select);
  const values = await select
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const target = values.indexOf(value);
  expect(target, `${value} in ${values.join(', ')}`).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < values.length * 2 && (await select.inputValue()) !== value; i++) {
    const at = values.indexOf(await select.inputValue());
    await page.keyboard.press(at < target ? 'ArrowDown' : 'ArrowUp');
  }
  await expect(select).toHaveValue(value);
}

async function phase(page: Page, label: string): Promise<void> {
  await press(
    page,
    page.getByRole('navigation', { name: 'Lifecycle phases' }).getByRole('button', { name: label }),
  );
  await expect(page.getByRole('heading', { level: 2, name: label })).toBeVisible();
}

test('the whole lifecycle with the keyboard only', async ({ page }) => {
  await page.goto('/?backend=cpu');
  const newProject = page.getByRole('button', { name: 'New project' });
  if (await newProject.isVisible()) await press(page, newProject);
  await type(page, page.getByLabel('Project name'), 'Keyboard');
  await type(page, page.getByLabel('Business goal'), 'Identify penguin species without a mouse.');
  await press(page, page.getByRole('button', { name: 'Create project' }));
  await expect(page.getByLabel('Project', { exact: true })).toHaveValue(/.+/);

  await phase(page, 'Goal');
  await choose(page, page.getByLabel('Metric'), 'accuracy');
  await type(page, page.getByLabel('Threshold'), '0.8');
  await choose(page, page.getByLabel('Judged on'), 'test');
  await press(page, page.getByRole('button', { name: 'Add KPI' }));
  await expect(page.getByTestId('kpi-list')).toContainText('Accuracy');

  await phase(page, 'Data');
  await choose(page, page.getByLabel('Sample dataset'), 'penguins');
  await press(page, page.getByRole('button', { name: 'Load sample' }));
  await expect(page.getByTestId('ingest-status')).toContainText(/stored/i, { timeout: 60_000 });

  await phase(page, 'Explore');
  await expect(page.getByTestId('profile-table')).toContainText('Species');
  await press(page, page.getByRole('group', { name: 'Explore views' }).getByRole('button', { name: 'Rows' }));

  await phase(page, 'Framing & features');
  await choose(page, page.getByLabel('Target column'), 'Species');
  await expect(page.getByTestId('recipe-steps')).toContainText(/one-hot/i);

  await phase(page, 'Train');
  await choose(page, page.getByLabel('Model family'), 'linear');
  await press(page, page.getByRole('button', { name: 'Train model' }));
  await expect(page.getByTestId('train-status')).toHaveText('Training finished', { timeout: 120_000 });

  await phase(page, 'Experiments');
  const sortByAccuracy = page
    .getByTestId('leaderboard')
    .getByRole('button', { name: 'Accuracy', exact: true });
  await press(page, sortByAccuracy);
  await expect(
    page.getByTestId('leaderboard').getByRole('columnheader', { name: 'Accuracy', exact: true }),
  ).toHaveAttribute('aria-sort', 'descending');

  await phase(page, 'Evaluate');
  await expect(page.getByTestId('kpi-verdict').first()).toHaveText(/pass|fail/);
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();

  // Deploy: score a file (the file chooser opens from the keyboard) and download the predictions.
  await phase(page, 'Deploy');
  const rows = readFileSync('public/samples/penguins.csv', 'utf8').trim().split('\n').slice(0, 6);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    press(page, page.getByLabel('CSV file to score'), 'Space'),
  ]);
  await chooser.setFiles({ name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await expect(page.getByTestId('score-status')).toContainText('5 rows scored');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    press(page, page.getByRole('button', { name: 'Download predictions' })),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
});
