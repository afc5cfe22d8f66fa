// npm run bench:ingest [-- --rows N] [--seed S] [--skip-pandas] [--keep-server] [--build|--no-build]
//
// Ingest at scale, measured the way a user meets it: a seeded CSV is loaded through the Data
// phase's "CSV file" input of the production build in headless Chromium (data worker → parse →
// types → columnar chunks → IndexedDB), then the Explore phase profiles it. pandas read_csv +
// describe runs on the same file in the same run. Prints a table and writes
// bench/out/ingest-<date>.json. Never part of npm test.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { generateCsv, OUT_DIR } from './generate.mjs';
import { pageProbe } from './pageProbe.mjs';
import { startSampler } from './procMemory.mjs';
import { printReport } from './report.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const PORT = 4182;
const DIST = 'dist-b';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
// The flags of tests/e2e/playwright.config.ts.
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PYTHON = '/usr/bin/python3';

function parseArgs(argv) {
  const opts = { rows: 1_000_000, seed: 42, skipPandas: false, keepServer: false, build: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = Number(String(argv[++i]).replaceAll(/[_,]/g, ''));
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive whole number.`);
      return v;
    };
    if (a === '--rows') opts.rows = value();
    else if (a === '--seed') opts.seed = value();
    else if (a === '--skip-pandas') opts.skipPandas = true;
    else if (a === '--keep-server') opts.keepServer = true;
    else if (a === '--build') opts.build = 'always';
    else if (a === '--no-build') opts.build = 'never';
    else
      throw new Error(
        `Unknown option ${a}. Options: --rows N, --seed S, --skip-pandas, --keep-server, --build, --no-build.`,
      );
  }
  return opts;
}

/** Newest modification time under the paths the production build is made from. */
function newestSource() {
  let newest = 0;
  const walk = (path) => {
    if (!existsSync(path)) return;
    const s = statSync(path);
    if (s.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of [
    'src',
    'workers',
    'public',
    'index.html',
    'vite.config.ts',
    'svelte.config.js',
    'package.json',
  ]) {
    walk(join(ROOT, p));
  }
  return newest;
}

function ensureBuild(mode) {
  const marker = join(ROOT, DIST, 'index.html');
  const fresh = existsSync(marker) && statSync(marker).mtimeMs > newestSource();
  if (mode === 'never' || (mode === 'auto' && fresh)) {
    if (!existsSync(marker)) throw new Error(`${DIST}/ has no build; run without --no-build.`);
    return false;
  }
  console.log(`Building the production app into ${DIST}/ …`);
  const r = spawnSync(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--outDir', DIST, '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('The production build failed (see above).');
  return true;
}

/** vite preview of DIST on PORT; its output goes to a log file so it can outlive this script. */
async function startServer(keep) {
  mkdirSync(OUT_DIR, { recursive: true });
  const log = join(OUT_DIR, 'vite-preview.log');
  const fd = openSync(log, 'w');
  const server = spawn(
    join(ROOT, 'node_modules/.bin/vite'),
    ['preview', '--port', String(PORT), '--strictPort', '--outDir', DIST],
    { cwd: ROOT, stdio: ['ignore', fd, fd], detached: keep },
  );
  closeSync(fd);
  if (keep) server.unref();
  const output = () => readFileSync(log, 'utf8');
  const url = `http://localhost:${PORT}/`;
  for (let i = 0; i < 100; i++) {
    if (server.exitCode !== null) throw new Error(`vite preview exited:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return { server, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${url}:\n${output()}`);
}

function runPandas(path) {
  const r = spawnSync(PYTHON, [join(ROOT, 'bench/pandas_ingest.py'), path], { encoding: 'utf8' });
  if (r.status !== 0) return { error: (r.stderr || r.stdout || 'pandas failed').trim().split('\n').at(-1) };
  return JSON.parse(r.stdout);
}

function pandasAvailable() {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
}

function gitState() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'workers'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .stdout.trim()
    .split('\n')
    .filter(Boolean).length;
  return { head, dirtyFiles: dirty };
}

/** Drives the app: new project → Data → "CSV file" → stored → Explore → profile → chart. */
async function measureBrowser(url, file, rows) {
  // Generous limits: the 5M-row run is about finishing without the tab failing, not speed.
  const timeout = 120_000 + 90_000 * Math.ceil(rows / 1_000_000);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const sampler = startSampler(process.pid, 100);
  const problems = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(pageProbe);
    const page = await context.newPage();
    page.on('crash', () => problems.push('the tab crashed'));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    page.on('worker', (w) =>
      w.on('console', (m) => m.type() === 'error' && problems.push(`worker console error: ${m.text()}`)),
    );
    const failFast = new Promise((_, reject) =>
      page.on('crash', () => reject(new Error('The tab crashed.'))),
    );
    const step = (promise) => Promise.race([promise, failFast]);

    await page.goto(url);
    await page.getByLabel('Project name').fill('Ingest benchmark');
    await page.getByLabel('Business goal').fill('Measure ingest and profiling speed.');
    await page.getByRole('button', { name: 'Create project' }).click();
    const nav = page.getByRole('navigation', { name: 'Lifecycle phases' });
    await nav.getByRole('button', { name: 'Data' }).click();
    const input = page.getByLabel('CSV file', { exact: true });
    await input.waitFor({ state: 'attached' });
    await page.waitForTimeout(500); // let start-up work settle before the baseline
    const idle = sampler.sample();

    sampler.mark('ingest');
    await step(input.setInputFiles(file));
    const status = page.getByTestId('ingest-status').filter({ hasText: /Stored as version|already stored/ });
    const errorBox = page.getByRole('alert');
    await step(
      Promise.race([
        status.waitFor({ timeout }),
        errorBox.waitFor({ timeout }).then(async () => {
          throw new Error(`The app refused the file: ${await errorBox.innerText()}`);
        }),
      ]),
    );
    const statusText = await status.innerText();

    sampler.mark('profile');
    await nav.getByRole('button', { name: 'Explore' }).click();
    await step(page.getByTestId('profile-table').waitFor({ timeout }));
    sampler.mark('chart');
    await step(page.locator('[data-testid=plot] .main-svg').first().waitFor({ timeout: 60_000 }));
    await page.waitForTimeout(300); // a long task ending now is still reported
    const probe = await page.evaluate(() => window.__bench);
    const workerSeconds = Number(/in ([\d.]+) s/.exec(statusText)?.[1] ?? NaN);
    return { probe, idle, memory: sampler.stop(), statusText, workerSeconds, problems };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e), memory: sampler.stop(), problems };
  } finally {
    await browser.close();
  }
}

/** Seconds between two page marks (NaN when either is missing). */
function span(marks, from, to) {
  const a = marks[from];
  const b = marks[to];
  return a === undefined || b === undefined ? NaN : (b - a) / 1000;
}

function longestIn(tasks, from, to) {
  let max = 0;
  let count = 0;
  for (const t of tasks) {
    if (t.start + t.duration < from || t.start > to) continue;
    count++;
    max = Math.max(max, t.duration);
  }
  return { longestMs: max, count };
}

function summarise(run, file, pandas, opts) {
  const mb = file.bytes / 1e6;
  const out = {
    date: new Date().toISOString(),
    git: gitState(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryBytes: totalmem(),
      node: process.version,
    },
    file: { path: file.path, bytes: file.bytes, rows: opts.rows, columns: 12, seed: opts.seed },
    browser: { error: run.error, problems: run.problems },
    pandas,
    goals: {},
  };
  if (!run.error) {
    const m = run.probe.marks;
    const ingest = span(m, 'fileChosen', 'stored');
    const profile = span(m, 'exploreClicked', 'profiled');
    const stages = {
      readAndParse: span(m, 'fileChosen', m.hashing !== undefined ? 'hashing' : 'stored'),
      hash: span(m, 'hashing', m.storing !== undefined ? 'storing' : 'stored'),
      store: span(m, 'storing', 'stored'),
    };
    const t = run.probe.longtasks;
    const mem = run.memory;
    out.browser = {
      ...out.browser,
      statusText: run.statusText,
      ingestSeconds: ingest,
      workerIngestSeconds: run.workerSeconds,
      stages,
      profileSeconds: profile,
      chartSeconds: span(m, 'profiled', 'charted'),
      endToEndSeconds: ingest + profile,
      mbPerSecond: mb / ingest,
      endToEndMbPerSecond: mb / (ingest + profile),
      longTasks: {
        supported: run.probe.longtaskSupported,
        pageLoad: longestIn(t, 0, m.fileChosen ?? Infinity),
        ingest: longestIn(t, m.fileChosen, m.stored),
        profile: longestIn(t, m.exploreClicked, m.profiled),
        chart: longestIn(t, m.profiled, m.charted ?? Infinity),
        all: t,
      },
      memory: {
        what: 'sum over every Chromium process of PSS (and RSS) from /proc/<pid>/smaps_rollup, sampled every 100 ms',
        idlePss: run.idle.pss,
        idleRss: run.idle.rss,
        peakPss: mem.peaks.pss,
        peakRss: mem.peaks.rss,
        peakPssAboveIdle: mem.peaks.pss - run.idle.pss,
        peakPssByRole: mem.peaks.byRole,
        windows: mem.windows,
        samples: mem.samples,
      },
    };
    const b = out.browser;
    if (pandas && !pandas.error) b.ratioToPandas = b.endToEndSeconds / pandas.totalSeconds;
    out.goals = {
      withinTwiceOfPandas: b.ratioToPandas === undefined ? null : b.ratioToPandas <= 2,
      noMainThreadTaskOver50ms:
        b.longTasks.ingest.count + b.longTasks.profile.count + b.longTasks.chart.count === 0,
      peakMemoryUnder4xFile: b.memory.peakPssAboveIdle < 4 * file.bytes,
      tabDidNotFail: run.problems.length === 0,
    };
  } else {
    out.goals = { tabDidNotFail: false };
  }
  return out;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  console.log(
    `Generating (or reusing) ${opts.rows.toLocaleString('en')} rows × 12 columns, seed ${opts.seed} …`,
  );
  const file = await generateCsv({ rows: opts.rows, seed: opts.seed, log: console.log });
  console.log(`  ${file.path} (${(file.bytes / 1e6).toFixed(1)} MB${file.cached ? ', cached' : ''})`);
  ensureBuild(opts.build);
  const { server, url } = await startServer(opts.keepServer);
  let run;
  try {
    console.log(`Ingesting in headless Chromium via ${url} …`);
    run = await measureBrowser(url, file.path, opts.rows);
  } finally {
    if (opts.keepServer)
      console.log(`vite preview keeps serving ${url} (pid ${server.pid}); stop it with kill ${server.pid}.`);
    else server.kill();
  }
  let pandas = null;
  if (opts.skipPandas) pandas = { skipped: 'skipped (--skip-pandas)' };
  else if (!pandasAvailable())
    pandas = { skipped: `pandas is not installed for ${PYTHON} (apt-get install python3-pandas)` };
  else {
    console.log('Running pandas read_csv + describe on the same file …');
    pandas = runPandas(file.path);
  }
  const report = summarise(run, file, pandas, opts);
  mkdirSync(OUT_DIR, { recursive: true });
  const jsonPath = join(OUT_DIR, `ingest-${report.date.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  printReport(report);
  console.log(`\nWritten ${jsonPath}`);
  process.exitCode = run.error ? 1 : 0;
}

await main();
