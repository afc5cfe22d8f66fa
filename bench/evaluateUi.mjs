// `npm run bench:evaluate`: does Evaluate block the page? Drives the production build in headless
// Chromium on the 200,000-row training benchmark table (trainData.mjs): trains the default boosted
// trees, opens Evaluate, then runs permutation importance, partial dependence and one row's
// reasons, watching the page's main thread for long tasks (PerformanceObserver 'longtask',
// ≥ 50 ms). Prints how long each took to show and the long tasks while it ran.
// Goals (issue 11): every view within 1 s of opening Evaluate; no main-thread task over 50 ms.
// Options: --rows N (default 200,000), --no-build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, watchProblems } from './common.mjs';
import { OUT_DIR } from './generate.mjs';
import { generateTrainCsv, TARGET } from './trainData.mjs';
import { ensureBuild, startServer } from './trainBrowser.mjs';

const DIST = 'dist-ui';
const PORT = Number(process.env.BENCH_EVALUATE_PORT ?? 4219);
const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(String(args[rowsArg + 1]).replaceAll(/[_,]/g, '')) : 200_000;

const OBSERVE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

const now = (page) => page.evaluate(() => performance.now());

/** Runs `act`, waits for `ready`, and returns the time it took and the long tasks in between. */
async function measure(page, name, act, ready) {
  const from = await now(page);
  await act();
  await ready();
  // Let the observer deliver a task that ended with the draw.
  await page.waitForTimeout(300);
  const to = await now(page);
  const tasks = await page.evaluate(
    ([a, b]) => window.__longTasks.filter((t) => t.start + t.duration > a && t.start < b),
    [from, to],
  );
  return { name, ms: Math.round(to - from - 300), longTasks: tasks.map((t) => Math.round(t.duration)) };
}

async function openPhase(page, label) {
  await page
    .getByRole('navigation', { name: 'Lifecycle phases' })
    .getByRole('button', { name: label })
    .click();
  await page.getByRole('heading', { level: 2, name: label }).waitFor();
}

const csv = await generateTrainCsv({ rows: ROWS, seed: 42 });
ensureBuild(DIST, args.includes('--no-build') ? 'never' : 'auto');
const { server, url } = await startServer(DIST, PORT);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const problems = [];
const steps = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(OBSERVE);
  const page = await context.newPage();
  watchProblems(page, problems);
  await page.goto(`${url}?backend=cpu`);
  await page.getByLabel('Project name').fill('Evaluate benchmark');
  await page.getByLabel('Business goal').fill('Measure what Evaluate costs the page.');
  await page.getByRole('button', { name: 'Create project' }).click();
  await openPhase(page, 'Data');
  const input = page.getByLabel('CSV file', { exact: true });
  await input.waitFor({ state: 'attached' });
  await input.setInputFiles(csv.path);
  await page
    .getByTestId('ingest-status')
    .filter({ hasText: /Stored as version|already stored/ })
    .waitFor({ timeout: 300_000 });
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption(TARGET);
  await page.getByTestId('recipe-steps').waitFor({ timeout: 120_000 });
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('gbdt');
  await page.getByRole('button', { name: 'Train model' }).click();
  await page
    .getByTestId('train-status')
    .filter({ hasText: 'Training finished' })
    .waitFor({ timeout: 900_000 });

  steps.push(
    await measure(
      page,
      'open Evaluate (every view)',
      () => openPhase(page, 'Evaluate'),
      () => page.getByTestId('roc-chart').waitFor({ timeout: 120_000 }),
    ),
  );
  steps.push(
    await measure(
      page,
      'permutation importance (5 repeats)',
      () => page.getByTestId('run-importance').click(),
      () => page.getByTestId('importance-chart').waitFor({ timeout: 600_000 }),
    ),
  );
  const column = await page.getByTestId('pd-column').locator('option').nth(1).getAttribute('value');
  await page.getByTestId('pd-column').selectOption(column);
  steps.push(
    await measure(
      page,
      `partial dependence (${column})`,
      () => page.getByTestId('run-pd').click(),
      () => page.getByTestId('pd-chart').waitFor({ timeout: 600_000 }),
    ),
  );
  await page.getByTestId('reason-row').fill('1');
  steps.push(
    await measure(
      page,
      "one row's reasons (TreeSHAP)",
      () => page.getByTestId('run-reasons').click(),
      () => page.getByTestId('row-reasons').waitFor({ timeout: 600_000 }),
    ),
  );
  await context.close();
} finally {
  await browser.close();
  server.kill();
}
if (problems.length) throw new Error(problems.join('\n'));

console.log(
  `\nEvaluate on ${ROWS.toLocaleString('en')} rows (boosted trees): time to show, long main-thread tasks`,
);
for (const s of steps) {
  console.log(
    `  ${s.name.padEnd(36)} ${String(s.ms).padStart(6)} ms   long tasks: ${s.longTasks.join(', ') || 'none'}`,
  );
}
const open = steps[0];
const longest = Math.max(0, ...steps.flatMap((s) => s.longTasks));
console.log(
  `  Goal: views within 1 s of opening Evaluate: ${open.ms} ms — ${open.ms <= 1000 ? 'met' : 'NOT met'}`,
);
console.log(
  `  Goal: no main-thread task over 50 ms: longest ${longest} ms — ${longest <= 50 ? 'met' : 'NOT met'}`,
);
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(
  join(OUT_DIR, 'evaluate-ui.json'),
  JSON.stringify({ at: new Date().toISOString(), rows: ROWS, steps }, null, 2),
);
