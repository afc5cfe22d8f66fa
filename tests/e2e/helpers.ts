import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Creates a project from the welcome form (or the "New project" button when one exists). */
export async function createProject(page: Page, name: string, goal: string): Promise<void> {
  const newButton = page.getByRole('button', { name: 'New project' });
  if (await newButton.isVisible()) await newButton.click();
  await page.getByLabel('Project name').fill(name);
  await page.getByLabel('Business goal').fill(goal);
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByLabel('Project', { exact: true })).toHaveValue(/.+/);
}

export async function openPhase(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Lifecycle phases' })
    .getByRole('button', { name: label })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: label })).toBeVisible();
}

/** Loads a shipped sample as a new dataset version and waits until it is stored. */
export async function loadSample(page: Page, sample: string): Promise<void> {
  await openPhase(page, 'Data');
  await page.getByLabel('Sample dataset').selectOption(sample);
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(page.getByTestId('ingest-status')).toContainText(/stored|already stored/i, {
    timeout: 60_000,
  });
}
