#!/usr/bin/env node
// README screenshots, taken by a script rather than by hand: the welcome screen, a phase
// (Evaluate, after training the penguins sample) and the guided tour, from the production build
// in headless Chromium, saved as docs/*.png.
//   node scripts/screenshots.mjs [--no-build]    (PORT: default 4219)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../bench/common.mjs';
import { ensureBuild, startServer } from '../bench/trainBrowser.mjs';
import { ROOT } from './buildFresh.mjs';

const DIST = 'dist-shots';
const PORT = Number(process.env.PORT ?? 4219);
const OUT = join(ROOT, 'docs');

ensureBuild(DIST, process.argv.includes('--no-build') ? 'never' : 'auto');
const { server, url } = await startServer(DIST, PORT);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
mkdirSync(OUT, { recursive: true });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${url}?backend=cpu`);
  await page.getByRole('button', { name: 'Open the Penguin species sample' }).waitFor();
  await page.screenshot({ path: join(OUT, 'welcome.png') });
  console.log('docs/welcome.png');

  await page.getByRole('button', { name: 'Open the Penguin species sample' }).click();
  await page.getByRole('button', { name: 'Train model' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Train model' }).click();
  await page
    .getByTestId('train-status')
    .filter({ hasText: 'Training finished' })
    .waitFor({ timeout: 120_000 });
  await page
    .getByRole('navigation', { name: 'Lifecycle phases' })
    .getByRole('button', { name: 'Evaluate' })
    .click();
  await page.getByTestId('confusion-matrix').waitFor();
  await page.screenshot({ path: join(OUT, 'phase-evaluate.png') });
  console.log('docs/phase-evaluate.png');

  await page.getByRole('button', { name: /Teaching mode|Resume the tour/ }).click();
  await page.locator('.driver-popover-title').filter({ hasText: 'Nine phases' }).waitFor({ timeout: 60_000 });
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await page.locator('.driver-popover-title').filter({ hasText: 'Features are a recipe' }).waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(OUT, 'tour.png') });
  console.log('docs/tour.png');
  await context.close();
} finally {
  await browser.close();
  server.kill();
}
