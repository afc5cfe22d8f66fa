import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// Issue 10 item 9: two tabs on one project. A goal or target saved in one tab shows in the other
// without a reload, and an edit begun on an older goal text asks before overwriting a newer one.
/** The fixture watches its own page only: these tabs report their errors here. */
function watchErrors(page: Page, problems: string[]): void {
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
}

test('goal and target changes reach the other tab; an overwrite asks first', async ({ context }) => {
  const problems: string[] = [];
  const a = await context.newPage();
  watchErrors(a, problems);
  await a.goto('/');
  await createProject(a, 'Shared', 'The first goal.');
  await loadSample(a, 'penguins');
  await openPhase(a, 'Framing & features');
  await a.getByLabel('Target column').selectOption('Species');
  await expect(a.getByTestId('recipe-steps')).toBeVisible();

  // The second tab opens the same project (the last one opened).
  const b = await context.newPage();
  watchErrors(b, problems);
  await b.goto('/');
  await openPhase(b, 'Goal');
  await expect(b.getByLabel('Business goal')).toHaveValue('The first goal.');
  await openPhase(a, 'Goal');

  // A goal saved in A shows in B.
  await a.getByLabel('Business goal').fill('Identify the species from measurements.');
  await a.getByRole('button', { name: 'Save goal' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(b.getByLabel('Business goal')).toHaveValue('Identify the species from measurements.');

  // A target chosen in A shows in B's Framing.
  await openPhase(b, 'Framing & features');
  await expect(b.getByLabel('Target column')).toHaveValue('Species');
  await openPhase(a, 'Framing & features');
  await a.getByLabel('Target column').selectOption('Island');
  await expect(a.getByLabel('Target column')).toHaveValue('Island');
  await expect(b.getByLabel('Target column')).toHaveValue('Island');

  // B edits the goal while A saves another text: B's save asks instead of overwriting.
  await openPhase(a, 'Goal');
  await openPhase(b, 'Goal');
  await b.getByLabel('Business goal').fill('B: an older edit.');
  await a.getByLabel('Business goal').fill('A: the newer text.');
  await a.getByRole('button', { name: 'Save goal' }).click();
  const conflict = b.getByTestId('goal-conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('A: the newer text.');
  await conflict.getByRole('button', { name: "Use the other tab's text" }).click();
  await expect(b.getByLabel('Business goal')).toHaveValue('A: the newer text.');
  await expect(conflict).toHaveCount(0);

  // Chosen the other way, B's text wins and reaches A.
  await b.getByLabel('Business goal').fill('B: mine after all.');
  await a.getByLabel('Business goal').fill('A: again.');
  await a.getByRole('button', { name: 'Save goal' }).click();
  await expect(conflict).toBeVisible();
  await conflict.getByRole('button', { name: 'Overwrite with my text' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(a.getByLabel('Business goal')).toHaveValue('B: mine after all.');
  expect(problems, problems.join('\n')).toEqual([]);
});
