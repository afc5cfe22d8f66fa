import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

/** Serious and critical axe violations on the page as it is, described for the failure message. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
          .slice(0, 4)
          .map((n) => n.target.join(' '))
          .join('\n    ')}`,
    );
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  const found = await seriousViolations(page);
  expect(found, `${where}:\n${found.join('\n')}`).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every phase has no serious or critical axe violation (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/?backend=cpu');
    // The theme follows the system setting.
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
    expect((r + g + b) / 3 < 60, `page background ${background}`).toBe(scheme === 'dark');
    await expectAccessible(page, 'welcome');
    await createProject(page, 'Accessible', 'Identify the species of a penguin.');
    await openPhase(page, 'Goal');
    await page.getByLabel('Metric').selectOption('accuracy');
    await page.getByLabel('Threshold').fill('0.8');
    await page.getByRole('button', { name: 'Add KPI' }).click();
    await expectAccessible(page, 'Goal');

    await loadSample(page, 'penguins');
    await expectAccessible(page, 'Data');

    await openPhase(page, 'Explore');
    await expect(page.getByTestId('profile-table')).toContainText('Species');
    await expectAccessible(page, 'Explore: columns');
    const views = page.getByRole('group', { name: 'Explore views' });
    await views.getByRole('button', { name: 'Correlations' }).click();
    await expect(page.getByTestId('correlation-heatmap').locator('.main-svg').first()).toBeVisible();
    // Every chart has a text alternative with its numbers.
    await expect(page.getByTestId('correlation-heatmap').getByTestId('chart-summary')).toContainText(
      /heat map of \d+ rows × \d+ columns .* values from -?[\d.]+ to 1/,
    );
    await expectAccessible(page, 'Explore: correlations');
    await views.getByRole('button', { name: 'Rows' }).click();
    await expectAccessible(page, 'Explore: rows');

    await openPhase(page, 'Prepare');
    await expectAccessible(page, 'Prepare');

    await openPhase(page, 'Framing & features');
    await page.getByLabel('Target column').selectOption('Species');
    await expect(page.getByTestId('recipe-steps')).toContainText(/one-hot/i);
    await expectAccessible(page, 'Framing');

    await openPhase(page, 'Train');
    await page.getByLabel('Model family').selectOption('linear');
    // Minibatch, so the loss chart has one point per epoch.
    await page.getByLabel('Solver').selectOption('minibatch');
    await page.getByLabel('Epochs').fill('20');
    await page.getByRole('button', { name: 'Train model' }).click();
    await expect(page.getByTestId('train-status')).toHaveText('Training finished', { timeout: 120_000 });
    await expect(page.getByTestId('loss-chart').getByTestId('chart-summary').first()).toContainText(
      /training[^:]*: 20 points \(x 1–20\), from [\d.]+ to [\d.]+/,
    );
    await expectAccessible(page, 'Train');

    await openPhase(page, 'Experiments');
    await expect(page.getByTestId('leaderboard')).toBeVisible();
    await expectAccessible(page, 'Experiments');

    await openPhase(page, 'Evaluate');
    await expect(page.getByTestId('confusion-matrix')).toBeVisible();
    await expectAccessible(page, 'Evaluate');

    await openPhase(page, 'Deploy');
    await expect(page.getByTestId('model-list')).toBeVisible();
    await expectAccessible(page, 'Deploy');
  });
}
