import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// Work typed into a form survives moving to another phase and, where it is stored, a reload —
// without pressing Save first — and never lands in another project.

test('goal text is saved without pressing Save, and stays with its project', async ({ page }) => {
  await page.goto('/');
  await createProject(page, 'Churn', 'First words.');
  await page.getByLabel('Business goal').fill('Keep 10% more customers each quarter.');
  await page.getByLabel('Compliance notes').fill('No personal data leaves the team.');
  // Straight to another phase, before the typing pause that saves by itself.
  await openPhase(page, 'Data');
  await openPhase(page, 'Goal');
  await expect(page.getByLabel('Business goal')).toHaveValue('Keep 10% more customers each quarter.');
  await expect(page.getByLabel('Compliance notes')).toHaveValue('No personal data leaves the team.');

  // Typing and pausing saves too: a reload right after keeps it.
  await page.getByLabel('Business goal').fill('Keep 12% more customers each quarter.');
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Business goal')).toHaveValue('Keep 12% more customers each quarter.');

  // A second project starts with its own goal; typing there does not touch the first.
  await createProject(page, 'Prices', 'Predict prices.');
  await page.getByLabel('Business goal').fill('Predict prices within 5%.');
  await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Churn' });
  await expect(page.getByLabel('Business goal')).toHaveValue('Keep 12% more customers each quarter.');
  await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Prices' });
  await expect(page.getByLabel('Business goal')).toHaveValue('Predict prices within 5%.');
});

test('a half-built Prepare step is still there after a look at Explore', async ({ page }) => {
  await page.goto('/');
  await createProject(page, 'Penguins prep', 'Clean the penguins.');
  await loadSample(page, 'penguins');
  await openPhase(page, 'Prepare');
  await page.getByLabel('Keep rows where').fill("Island = 'Biscoe' and ");
  await openPhase(page, 'Explore');
  await openPhase(page, 'Prepare');
  await expect(page.getByLabel('Keep rows where')).toHaveValue("Island = 'Biscoe' and ");
});
