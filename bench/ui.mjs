#!/usr/bin/env node
// `npm run bench:ui`: does opening a chart block input? Drives the production build in headless
// Chromium (project → penguins → Explore → Correlations → Scatter plot) twice:
//   idle     as shipped: Plotly is evaluated when the page is idle after its first paint;
//   on-use   requestIdleCallback never fires (the preload is held back), so Plotly is evaluated
//            when the first chart opens, as before issue 15.
// and reports the main-thread long tasks (PerformanceObserver 'longtask', ≥ 50 ms) while each
// chart opens and the one the preload itself costs; then types into the goal field from the first
// paint and reports when the preload ran and the slowest key stroke (Event Timing).
// Options: --no-build, --runs N (default 2).
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, watchProblems } from './common.mjs';
import { ensureBuild, startServer } from './trainBrowser.mjs';
import { OUT_DIR } from './generate.mjs';

const DIST = process.env.BENCH_UI_DIST ?? 'dist-ui';
const PORT = Number(process.env.BENCH_UI_PORT ?? 4218);
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 2;

const OBSERVE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;
const HOLD_IDLE = `window.requestIdleCallback = () => 0;`;

async function openPhase(page, label) {
  await page
    .getByRole('navigation', { name: 'Lifecycle phases' })
    .getByRole('button', { name: label })
    .click();
  await page.getByRole('heading', { level: 2, name: label }).waitFor();
}

const now = (page) => page.evaluate(() => performance.now());
const tasksBetween = (page, from, to) =>
  page.evaluate(
    ([a, b]) => window.__longTasks.filter((t) => t.start + t.duration > a && t.start < b),
    [from, to],
  );

/** Opens an Explore view and waits for its Plotly chart; the long tasks in between. */
async function openChart(page, view, testid) {
  const from = await now(page);
  await page.getByRole('group', { name: 'Explore views' }).getByRole('button', { name: view }).click();
  // Drawn to the end: Plotly draws in slices (src/ui/charts/slicedDraw.ts), the first of which
  // already shows the frame.
  await page
    .getByTestId(testid)
    .locator('[data-testid="plot"]:not([data-drawn="0"])')
    .first()
    .waitFor({ timeout: 60_000 });
  // Let the long-task observer deliver what ended with the draw.
  await page.waitForTimeout(300);
  const to = await now(page);
  const tasks = await tasksBetween(page, from, to);
  return { view, ms: Math.round(to - from - 300), longTasks: tasks.map((t) => Math.round(t.duration)) };
}

/**
 * Typing from the moment the page shows: 40 key strokes 200 ms apart into the goal field. Where
 * did Plotly's preload land, and how long did the slowest key stroke wait (Event Timing)?
 */
async function typing(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(`
    window.__events = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__events.push({ name: e.name, start: e.startTime, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  `);
  const page = await context.newPage();
  await page.goto(url);
  const goal = page.getByLabel('Business goal');
  await goal.click();
  const from = await now(page);
  for (let i = 0; i < 40; i++) {
    await page.keyboard.type('x');
    await page.waitForTimeout(200);
  }
  const to = await now(page);
  await page.waitForFunction(() => performance.getEntriesByName('plotly-ready').length > 0, null, {
    timeout: 60_000,
  });
  const ready = await page.evaluate(() => performance.getEntriesByName('plotly-ready')[0].startTime);
  const keys = await page.evaluate(
    ([a, b]) => window.__events.filter((e) => e.name.startsWith('key') && e.start >= a && e.start <= b),
    [from, to],
  );
  await context.close();
  return {
    typedFromMs: Math.round(from),
    typedToMs: Math.round(to),
    preloadReadyAtMs: Math.round(ready),
    slowestKeyMs: Math.round(Math.max(0, ...keys.map((k) => k.duration))),
  };
}

async function once(browser, url, mode) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(OBSERVE + (mode === 'on-use' ? HOLD_IDLE : ''));
  const page = await context.newPage();
  const problems = [];
  watchProblems(page, problems);
  await page.goto(url);
  await page.getByLabel('Project name').fill('UI bench');
  await page.getByLabel('Business goal').fill('Measure chart stalls.');
  await page.getByRole('button', { name: 'Create project' }).click();
  await openPhase(page, 'Data');
  await page.getByLabel('Sample dataset').selectOption('penguins');
  await page.getByRole('button', { name: 'Load sample' }).click();
  await page
    .getByTestId('ingest-status')
    .filter({ hasText: /stored/i })
    .waitFor({ timeout: 60_000 });
  let preload = null;
  if (mode === 'idle') {
    await page.waitForFunction(() => performance.getEntriesByName('plotly-warm').length > 0, null, {
      timeout: 60_000,
    });
    const ready = await page.evaluate(() => performance.getEntriesByName('plotly-ready')[0].startTime);
    const tasks = await tasksBetween(page, ready - 5000, ready + 50);
    preload = {
      readyAtMs: Math.round(ready),
      longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
    };
  }
  await openPhase(page, 'Explore');
  await page.getByTestId('profile-table').waitFor({ timeout: 60_000 });
  const charts = [
    await openChart(page, 'Correlations', 'correlation-heatmap'),
    await openChart(page, 'Scatter plot', 'scatter-plot'),
  ];
  await context.close();
  if (problems.length) throw new Error(problems.join('\n'));
  return { mode, preload, charts };
}

ensureBuild(DIST, args.includes('--no-build') ? 'never' : 'auto');
const { server, url } = await startServer(DIST, PORT);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const results = [];
const typed = [];
try {
  for (let i = 0; i < runs; i++) {
    for (const mode of ['on-use', 'idle']) results.push(await once(browser, url, mode));
    typed.push(await typing(browser, url));
  }
} finally {
  await browser.close();
  server.kill();
}

console.log('\nLong main-thread tasks while a Plotly chart opens (ms; ≥ 50 ms each; none = no stall)\n');
console.log('mode     | Correlations            | Scatter plot            | preload task');
for (const r of results) {
  const cell = (c) => `${c.ms} ms, [${c.longTasks.join(', ') || 'none'}]`.padEnd(23);
  console.log(
    `${r.mode.padEnd(8)} | ${cell(r.charts[0])} | ${cell(r.charts[1])} | ${r.preload ? `${r.preload.longestTaskMs} ms at ${r.preload.readyAtMs} ms` : '—'}`,
  );
}
console.log('\nTyping into the goal field from the first paint (40 keys, 200 ms apart)\n');
for (const t of typed) {
  console.log(
    `typed ${t.typedFromMs}–${t.typedToMs} ms; Plotly evaluated at ${t.preloadReadyAtMs} ms; slowest key stroke ${t.slowestKeyMs} ms`,
  );
}
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(
  join(OUT_DIR, 'ui.json'),
  JSON.stringify({ at: new Date().toISOString(), results, typed }, null, 2),
);
console.log(`\nWritten to ${join(OUT_DIR, 'ui.json')}`);
