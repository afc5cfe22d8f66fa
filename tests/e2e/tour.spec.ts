import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

// Teaching mode: the guided tour runs through the samples phase by phase with the keyboard, can be
// left and resumed, and its demonstrations train real models in the app.

const popover = (page: Page) => page.locator('.driver-popover');
const title = (page: Page) => page.locator('.driver-popover-title');

async function next(page: Page, expected: string): Promise<void> {
  await page.keyboard.press('ArrowRight');
  await expect(title(page)).toHaveText(expected);
}

async function demo(page: Page): Promise<string> {
  await popover(page).getByRole('button', { name: 'Run the demonstration' }).click();
  const result = page.locator('.teaching-result');
  await expect(result).toBeVisible({ timeout: 180_000 });
  return (await result.textContent()) ?? '';
}

test('the guided tour runs through the samples with live demonstrations', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('/?backend=cpu');
  await page.getByRole('button', { name: 'Start the guided tour' }).click();
  await expect(title(page)).toHaveText('Nine phases', { timeout: 60_000 });
  await expect(page.getByRole('dialog')).toBeVisible();
  // Large type for a classroom.
  const size = await page
    .locator('.driver-popover-description')
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(20);

  await next(page, 'Start from the goal');
  await expect(page.getByRole('heading', { level: 2, name: 'Goal' })).toBeVisible();
  await next(page, 'Data is versioned');
  await next(page, 'Look before you model');
  await next(page, 'Features are a recipe');
  await expect(page.getByRole('heading', { level: 2, name: 'Framing & features' })).toBeVisible();
  await next(page, 'Overfitting');

  // Overfitting, live: the validation loss bottoms out long before training ends.
  const overfit = await demo(page);
  const m = /validation loss was lowest \((\d+(?:\.\d+)?)\) at epoch (\d+) and ended at (\d+(?:\.\d+)?)/.exec(
    overfit,
  );
  expect(m, overfit).not.toBeNull();
  expect(Number(m![2])).toBeLessThan(150);
  expect(Number(m![3])).toBeGreaterThan(Number(m![1]));

  // Leave, then resume at the same step.
  await page.keyboard.press('Escape');
  await expect(popover(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Resume the tour' }).click();
  await expect(title(page)).toHaveText('Overfitting');

  // Leakage, live: a copy of the target gives a score too good to be true, and the warning.
  await next(page, 'Leakage');
  const leak = await demo(page);
  expect(leak).toContain('too good');
  expect(leak).toContain('possible leak');
  const score = Number(/is (\d+(?:\.\d+)?): too good/.exec(leak)?.[1]);
  expect(score).toBeGreaterThanOrEqual(0.98);
  await expect(page.getByTestId('leak-warning').first()).toContainText('Species (field note)');

  // A recipe fit on all rows, live: seattle-weather's unique dates target-encoded, three trainings.
  await next(page, 'Fit on training rows only');
  const fit = await demo(page);
  const scores =
    /training rows only, as the workbench always does: test accuracy (\d\.\d+);[^]*out of fold: (\d\.\d+)[^]*then split: (\d\.\d+)/.exec(
      fit,
    );
  expect(scores, fit).not.toBeNull();
  const [honest, , whole] = scores!.slice(1).map(Number) as [number, number, number];
  expect(honest).toBeLessThan(0.9);
  expect(whole).toBeGreaterThan(honest + 0.1);
  expect(fit).toContain('too good to be true');
  // The leaking runs are labelled where every run is listed.
  await expect(page.getByTestId('run-leak')).toHaveCount(2);

  await next(page, 'Every training is a run');
  await next(page, 'Judge against the goal');
  await next(page, 'Random days or later days?');
  const time = await demo(page);
  expect(time, time).toMatch(
    /Judged on random days, accuracy 0\.\d+; judged on the latest days it never saw, 0\.\d+/,
  );
  await next(page, 'Into use');
  await next(page, 'The world moves on');

  // Drift, live: a 2012 model in production; summer 2015 drifts enough to act on.
  const drift = await demo(page);
  expect(drift, drift).toMatch(/^Trained on 2012 \(test accuracy 0\.\d+\), put in production/);
  expect(drift, drift).toMatch(
    /2013: (ok|watch) .*; 2014: (ok|watch) .*; summer 2015: act \(most drifted: temp_(max|min), PSI \d/,
  );
  await expect(page.getByTestId('batch-row')).toHaveCount(3);
  // What the class saw, in the test log.
  console.log(
    `overfit: ${overfit}\nleak: ${leak}\nrecipe fit: ${fit}\nout of time: ${time}\ndrift: ${drift}`,
  );
  await popover(page).getByRole('button', { name: 'Finish' }).click();
  await expect(popover(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Teaching mode' })).toBeVisible();
});
