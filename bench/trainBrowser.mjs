// The browser half of the training benchmark: build the production app into its own folder,
// serve it, and drive headless Chromium through the page the way a user does (project → Data →
// Framing → Train per family, backend "auto"), reading what the train worker reported.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { OUT_DIR } from './generate.mjs';
import { trainProbe } from './trainProbe.mjs';
import { CHROMIUM, CHROMIUM_ARGS, newestSource, ROOT, watchProblems } from './common.mjs';

export { CHROMIUM, CHROMIUM_ARGS, ROOT };

/** Builds into `dist` unless a build newer than every source is there ('auto'), or as told. */
export function ensureBuild(dist, mode) {
  const marker = join(ROOT, dist, 'index.html');
  const fresh = existsSync(marker) && statSync(marker).mtimeMs > newestSource();
  if (mode === 'never' || (mode === 'auto' && fresh)) {
    if (!existsSync(marker)) throw new Error(`${dist}/ has no build; run without --no-build.`);
    return false;
  }
  console.log(`Building the production app into ${dist}/ …`);
  const r = spawnSync(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--outDir', dist, '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('The production build failed (see above).');
  return true;
}

/** vite preview of `dist` on `port`; resolves when it answers. */
export async function startServer(dist, port) {
  mkdirSync(OUT_DIR, { recursive: true });
  const log = join(OUT_DIR, `vite-preview-${port}.log`);
  const fd = openSync(log, 'w');
  const server = spawn(
    join(ROOT, 'node_modules/.bin/vite'),
    ['preview', '--port', String(port), '--strictPort', '--outDir', dist],
    { cwd: ROOT, stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  const url = `http://localhost:${port}/`;
  for (let i = 0; i < 150; i++) {
    if (server.exitCode !== null) throw new Error(`vite preview exited:\n${readFileSync(log, 'utf8')}`);
    try {
      if ((await fetch(url)).ok) return { server, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${url}:\n${readFileSync(log, 'utf8')}`);
}

async function openPhase(page, label) {
  await page
    .getByRole('navigation', { name: 'Lifecycle phases' })
    .getByRole('button', { name: label })
    .click();
  await page.getByRole('heading', { level: 2, name: label }).waitFor();
}

/**
 * Waits for the first training sent after the `from`-th whose spec is `family` to end (the page
 * may send others, such as a baseline, around it); returns what the probe saw.
 */
async function waitForTraining(page, from, family, timeout) {
  const handle = await page.waitForFunction(
    ([start, fam]) => {
      const list = window.__trainBench.trainings;
      for (let i = start; i < list.length; i++) {
        if (list[i].args?.job?.model?.family === fam) return list[i].endedAt !== undefined ? i + 1 : false;
      }
      return false;
    },
    [from, family],
    { timeout, polling: 500 },
  );
  const index = (await handle.jsonValue()) - 1;
  return page.evaluate((i) => window.__trainBench.trainings[i], index);
}

/**
 * Drives the app: new project → Data ("CSV file") → Framing (target) → Train, one training per
 * family with backend "auto". Returns the probe's record of each training and the long tasks.
 */
/** Self time per function of a CDP CPU profile, largest first (file:line keeps minified names apart). */
function profileSummary(profile, top = 15) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = nodes.get(profile.samples[i]);
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (!node || ms <= 0) continue;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^https?:\/\/[^/]+\//, '')}:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, ms]) => ({ fn: fn.trim(), ms }));
}

export async function runInBrowser(
  url,
  { csvPath, target, families, timeoutPerTraining, log, profile = false },
) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const problems = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(trainProbe);
    const page = await context.newPage();
    watchProblems(page, problems);
    await page.goto(url);
    await page.getByLabel('Project name').fill('Training benchmark');
    await page.getByLabel('Business goal').fill('Compare model quality and speed with scikit-learn.');
    await page.getByRole('button', { name: 'Create project' }).click();

    log('  Data: loading the CSV …');
    await openPhase(page, 'Data');
    const input = page.getByLabel('CSV file', { exact: true });
    await input.waitFor({ state: 'attached' });
    await input.setInputFiles(csvPath);
    await page
      .getByTestId('ingest-status')
      .filter({ hasText: /Stored as version|already stored/ })
      .waitFor({ timeout: 180_000 });

    log(`  Framing: target "${target}" …`);
    await openPhase(page, 'Framing & features');
    await page.getByLabel('Target column').selectOption(target);
    await page.getByLabel('Task').waitFor();

    await openPhase(page, 'Train');
    // The page's main thread only: where its time goes while the workers train.
    const cdp = profile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    // The app evaluates Plotly once the page has been 2 s without input and is idle (one ~0.8 s
    // task, README "Charts"). Driven this fast, that moment falls inside the first training
    // (measured: an 853–936 ms task there); a user who pauses 2 s anywhere before has it behind
    // them. Wait for it, so the training windows measure training.
    await page.waitForFunction(() => performance.getEntriesByName('plotly-warm').length > 0, null, {
      timeout: 60_000,
    });
    const trainButton = page.getByRole('button', { name: 'Train model' });
    const runs = [];
    for (const family of families) {
      await page.getByLabel('Model family').selectOption(family);
      const backend = page.getByLabel('Backend', { exact: true });
      if (await backend.count()) await backend.selectOption('auto');
      await trainButton.waitFor();
      await page.waitForFunction(
        () => {
          const b = [...document.querySelectorAll('button')].find(
            (x) => x.textContent?.trim() === 'Train model',
          );
          return b !== undefined && !b.disabled;
        },
        null,
        { timeout: 60_000 },
      );
      log(`  Train: ${family} (backend auto) …`);
      const sent = await page.evaluate(() => window.__trainBench.trainings.length);
      await trainButton.click();
      const run = await waitForTraining(page, sent, family, timeoutPerTraining);
      runs.push({ family, ...run });
      if (run.error) log(`    failed: ${run.error.message}`);
    }
    await page.waitForTimeout(300); // a long task ending now is still reported
    const mainThread = cdp ? profileSummary((await cdp.send('Profiler.stop')).profile) : undefined;
    const { longtasks, longtaskSupported } = await page.evaluate(() => window.__trainBench);
    return { runs, longtasks, longtaskSupported, problems, mainThread };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e), problems };
  } finally {
    await browser.close();
  }
}
