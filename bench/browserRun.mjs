// One measured run in headless Chromium: new project → Data → "CSV file" → version stored →
// Explore → profile shown → first chart drawn, with memory sampled from /proc all along and the
// CPU time of every Chromium thread taken at each step.
import { chromium } from 'playwright-core';
import { pageProbe } from './pageProbe.mjs';
import { chromiumThreadCpu, startSampler } from './procMemory.mjs';
import { TRACE_CATEGORIES } from './traceSummary.mjs';
import { CHROMIUM, CHROMIUM_ARGS, watchProblems } from './common.mjs';

export { CHROMIUM };

/**
 * Loads `file` through the app at `url`. Resolves with the page's marks and long tasks, memory
 * peaks, CPU snapshots and any problem seen; `error` is set when the run could not finish.
 */
export async function measureBrowser(url, file, rows, trace = false) {
  // Generous limits: the 5M-row run is about finishing without the tab failing, not speed.
  const timeout = 120_000 + 90_000 * Math.ceil(rows / 1_000_000);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const sampler = startSampler(process.pid, 100);
  const cpu = {};
  const problems = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(pageProbe);
    const page = await context.newPage();
    watchProblems(page, problems);
    const crashed = new Promise((_, reject) => page.on('crash', () => reject(new Error('The tab crashed.'))));
    crashed.catch(() => undefined);
    const step = (promise) => Promise.race([promise, crashed]);

    await page.goto(url);
    await page.getByLabel('Project name').fill('Ingest benchmark');
    await page.getByLabel('Business goal').fill('Measure ingest and profiling speed.');
    await page.getByRole('button', { name: 'Create project' }).click();
    const nav = page.getByRole('navigation', { name: 'Lifecycle phases' });
    await nav.getByRole('button', { name: 'Data' }).click();
    const input = page.getByLabel('CSV file', { exact: true });
    await input.waitFor({ state: 'attached' });
    // The app evaluates Plotly once the page has been 2 s without input and is idle: one ~0.9 s
    // main-thread task by design (src/ui/charts/plotly.ts). Driven this fast, it fell inside the
    // ingest; a user who pauses anywhere before has it behind them. Wait for it (as bench:train
    // does), then let start-up work (service worker precache) settle.
    await page.waitForFunction(() => performance.getEntriesByName('plotly-warm').length > 0, null, {
      timeout: 60_000,
    });
    await page.waitForTimeout(1000);
    const idle = sampler.sample();

    if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    cpu.start = chromiumThreadCpu(process.pid);
    sampler.mark('ingest');
    await step(input.setInputFiles(file));
    const status = page.getByTestId('ingest-status').filter({ hasText: /Stored as version|already stored/ });
    const refused = page.getByRole('alert').first();
    await step(
      Promise.race([
        status.waitFor({ timeout }),
        refused.waitFor({ timeout }).then(async () => {
          throw new Error(`The app refused the file: ${await refused.innerText()}`);
        }),
      ]),
    );
    cpu.stored = chromiumThreadCpu(process.pid);
    const statusText = await status.innerText();

    sampler.mark('profile');
    await nav.getByRole('button', { name: 'Explore' }).click();
    await step(page.getByTestId('profile-table').waitFor({ timeout }));
    cpu.profiled = chromiumThreadCpu(process.pid);
    sampler.mark('chart');
    await step(page.locator('[data-testid=column-chart] svg rect').first().waitFor({ timeout: 60_000 }));
    await page.waitForTimeout(300); // a long task ending now is still reported
    cpu.charted = chromiumThreadCpu(process.pid);
    const probe = await page.evaluate(() => window.__bench);
    const traced = trace ? JSON.parse((await browser.stopTracing()).toString('utf8')) : undefined;
    const workerSeconds = Number(/in ([\d.]+) s/.exec(statusText)?.[1] ?? NaN);
    return { probe, idle, memory: sampler.stop(), cpu, statusText, workerSeconds, problems, traced };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e), memory: sampler.stop(), problems };
  } finally {
    await browser.close();
  }
}
