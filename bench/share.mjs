// npm run bench:share -- [--rows N] [--seed S] [--models K] [--build | --no-build] [--keep-server]
//
// Export and import of a whole project, measured the way a user meets them: the benchmark's
// seeded CSV (1M rows × 12 columns by default) is ingested through the Data phase of the
// production build in headless Chromium, K models are trained on it (baseline, then logistic
// regression), the project is exported from "Share & storage" (the download is the archive),
// and the archive is imported in a fresh browser profile. Each phase runs in a browser of its
// own on a new profile directory on disk, as a user's browser is: a context without a profile
// (Playwright's newContext) is off the record, and Chromium then keeps IndexedDB in the browser
// process's memory — the whole imported database would count as memory. Seconds, peak
// memory of the whole browser above idle (PSS from /proc), main-thread tasks over 50 ms, and the
// archive's size against the CSV's. Writes bench/out/share-<date>.json. Never part of npm test.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, watchProblems } from './common.mjs';
import { generateCsv, OUT_DIR } from './generate.mjs';
import { pageProbe } from './pageProbe.mjs';
import { startSampler } from './procMemory.mjs';
import { watchWorkerHeap } from './workerHeap.mjs';
import { ensureBuild, environment, startServer } from './setup.mjs';

const USAGE =
  "Options: --rows N (default 1000000), --seed S, --models K (0–2, default 2), --build, --no-build, --keep-server, --import-only (imports the archive of the last run again), --heap (the share worker's V8 heap over time, through DevTools), --gc-probe MS (with --heap: collect the worker's garbage every MS ms, a diagnostic).";

function parseArgs(argv) {
  const opts = { rows: 1_000_000, seed: 42, models: 2, build: 'auto', keepServer: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = Number(String(argv[++i]).replaceAll(/[_,]/g, ''));
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a whole number. ${USAGE}`);
      return v;
    };
    if (a === '--rows') opts.rows = value();
    else if (a === '--seed') opts.seed = value();
    else if (a === '--models') opts.models = Math.min(2, value());
    else if (a === '--build') opts.build = 'always';
    else if (a === '--no-build') opts.build = 'never';
    else if (a === '--keep-server') opts.keepServer = true;
    else if (a === '--import-only') opts.importOnly = true;
    else if (a === '--heap') opts.heap = true;
    else if (a === '--gc-probe') opts.gcProbeMs = value();
    else throw new Error(`Unknown option ${a}. ${USAGE}`);
  }
  return opts;
}

const seconds = (ms) => Math.round(ms) / 1000;

/**
 * The app preloads Plotly when the page is idle (one long main-thread task, ~1 s): wait for it
 * so it falls before the measured windows, not inside them.
 */
async function plotlyPreloaded(page) {
  await page.waitForFunction(
    () => performance.getEntriesByType('resource').some((e) => e.name.includes('plotly')),
    undefined,
    { timeout: 60_000 },
  );
  // Loaded is not yet evaluated (seconds under load): wait for 2 s without a long task.
  await page.waitForFunction(
    () => {
      const last = window.__bench.longtasks.at(-1);
      return !last || performance.now() - (last.start + last.duration) > 2000;
    },
    undefined,
    { timeout: 60_000, polling: 250 },
  );
}

/** Main-thread tasks over 50 ms between two moments of the page's clock. */
async function longTasksBetween(page, from, to) {
  const tasks = await page.evaluate(() => window.__bench.longtasks);
  return tasks.filter((t) => t.start >= from && t.start <= to).map((t) => Math.round(t.duration));
}

/**
 * A browser on a new, empty profile directory (IndexedDB on disk, as for a user). With `--heap`
 * it also serves the DevTools protocol: `cdp` is its WebSocket address, for workerHeap.mjs.
 */
async function openProfile(opts) {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-share-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(opts.heap ? ['--remote-debugging-port=0'] : [])],
    headless: true,
    acceptDownloads: true,
  });
  let cdp;
  if (opts.heap) {
    const [port, path] = readFileSync(join(dir, 'DevToolsActivePort'), 'utf8').split('\n');
    cdp = `ws://127.0.0.1:${port}${path}`;
  }
  return {
    context,
    cdp,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The share worker's heap, sampled from now on (ms in its timeline count from now). */
function heapWatch(profile, opts) {
  return watchWorkerHeap(profile.cdp, 'share.worker', { gcEveryMs: opts.gcProbeMs ?? 0 });
}

const now = (page) => page.evaluate(() => performance.now());

async function buildProject(page, file, opts, timeout) {
  await page.getByLabel('Project name').fill('Share benchmark');
  await page.getByLabel('Business goal').fill('Measure project export and import.');
  await page.getByRole('button', { name: 'Create project' }).click();
  const nav = page.getByRole('navigation', { name: 'Lifecycle phases' });
  await nav.getByRole('button', { name: 'Data' }).click();
  const input = page.getByLabel('CSV file', { exact: true });
  await input.waitFor({ state: 'attached' });
  await page.waitForTimeout(1000);
  const started = performance.now();
  await input.setInputFiles(file);
  await page
    .getByTestId('ingest-status')
    .filter({ hasText: /Stored as version|already stored/ })
    .waitFor({ timeout });
  const ingestSeconds = seconds(performance.now() - started);
  if (opts.models > 0) {
    await nav.getByRole('button', { name: 'Framing & features' }).click();
    await page.getByLabel('Target column').selectOption('active');
    await page.getByTestId('recipe-steps').waitFor({ timeout });
    for (const family of ['baseline', 'linear'].slice(0, opts.models)) {
      await nav.getByRole('button', { name: 'Train' }).click();
      await page.getByLabel('Model family').selectOption(family);
      // The linear model's exact solver needs no epochs.
      await page.getByRole('button', { name: 'Train model' }).click();
      await page
        .getByTestId('train-status')
        .filter({ hasText: /finished/i })
        .waitFor({ timeout: timeout * 3 });
    }
  }
  return ingestSeconds;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const env = environment();
  console.log(
    `Generating (or reusing) ${opts.rows.toLocaleString('en')} rows × 12 columns, seed ${opts.seed} …`,
  );
  const csv = await generateCsv({ rows: opts.rows, seed: opts.seed, log: console.log });
  ensureBuild(opts.build, true);
  const { server, url } = await startServer(opts.keepServer);
  const timeout = 120_000 + 90_000 * Math.ceil(opts.rows / 1_000_000);
  const profiles = [];
  const sampler = startSampler(process.pid, 100);
  const problems = [];
  const result = {};
  const archivePath = join(OUT_DIR, `share-${opts.rows}r.lwb.zip`);
  let exportIdle = 0;
  let exportIdleSample;
  try {
    if (!opts.importOnly) {
      const firstProfile = await openProfile(opts);
      profiles.push(firstProfile);
      const first = firstProfile.context;
      await first.addInitScript(pageProbe);
      const page = first.pages()[0] ?? (await first.newPage());
      watchProblems(page, problems);
      await page.goto(url);
      console.log('Ingesting and training …');
      result.ingestSeconds = await buildProject(page, csv.path, opts, timeout);
      console.log(`  ingest ${result.ingestSeconds} s`);

      await page.getByRole('button', { name: 'Share & storage' }).click();
      await page.getByRole('radio', { name: /The whole project/ }).check();
      await page.waitForTimeout(1000);
      exportIdleSample = sampler.sample();
      exportIdle = exportIdleSample.pss;
      const exportHeap = opts.heap ? await heapWatch(firstProfile, opts) : undefined;
      sampler.mark('export');
      const from = await now(page);
      const started = performance.now();
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout }),
        page.getByRole('button', { name: 'Export', exact: true }).click(),
      ]);
      await download.saveAs(archivePath);
      result.exportSeconds = seconds(performance.now() - started);
      result.exportLongTasks = await longTasksBetween(page, from, await now(page));
      sampler.mark('between');
      if (exportHeap) result.exportWorkerHeap = await exportHeap.stop();
      console.log(`  export ${result.exportSeconds} s`);
      await firstProfile.close();
    }
    result.archiveBytes = statSync(archivePath).size;
    result.csvBytes = csv.bytes;
    console.log(`  archive ${(result.archiveBytes / 1e6).toFixed(1)} MB`);

    const freshProfile = await openProfile(opts);
    profiles.push(freshProfile);
    const fresh = freshProfile.context;
    await fresh.addInitScript(pageProbe);
    const other = fresh.pages()[0] ?? (await fresh.newPage());
    watchProblems(other, problems);
    await other.goto(url);
    await other.getByRole('button', { name: 'Import a project' }).click();
    await plotlyPreloaded(other);
    const importIdleSample = sampler.sample();
    const importIdle = importIdleSample.pss;
    const importHeap = opts.heap ? await heapWatch(freshProfile, opts) : undefined;
    sampler.mark('import');
    const importFrom = await now(other);
    const importStarted = performance.now();
    await other.getByLabel('Archive file').setInputFiles(archivePath);
    await other.getByTestId('import-preview').waitFor({ timeout });
    result.previewSeconds = seconds(performance.now() - importStarted);
    const previewTo = await now(other);
    result.previewLongTasks = await longTasksBetween(other, importFrom, previewTo);
    await other.getByRole('button', { name: 'Import', exact: true }).click();
    // The worker's answer ends the import proper; the page then opens the project.
    await other.waitForFunction(() => window.__bench.marks.importAnswered !== undefined, undefined, {
      timeout,
      polling: 50,
    });
    result.importAnsweredSeconds = seconds(performance.now() - importStarted);
    sampler.mark('opening');
    if (importHeap) result.importWorkerHeap = await importHeap.stop();
    await other
      .getByLabel('Project', { exact: true })
      .locator('option:checked', { hasText: 'Share benchmark' })
      .waitFor({ state: 'attached', timeout });
    result.importSeconds = seconds(performance.now() - importStarted);
    // Up to the project being selected; what the app draws for it afterwards is not import work.
    const answered = await other.evaluate(() => window.__bench.marks.importAnswered);
    result.importLongTasks = await longTasksBetween(other, previewTo, answered);
    result.openingLongTasks = await longTasksBetween(other, answered, await now(other));
    const memory = sampler.stop();
    result.openingPeakAboveIdleBytes =
      Math.max(memory.windows.opening.pss, memory.windows.import.pss) - importIdle;
    if (!opts.importOnly) result.exportPeakAboveIdleBytes = memory.windows.export.pss - exportIdle;
    result.importPeakAboveIdleBytes = memory.windows.import.pss - importIdle;
    // The same without file-backed pages (see procMemory.mjs): steadier on a busy machine.
    result.importAnonPeakAboveIdleBytes = memory.windows.import.anon - importIdleSample.anon;
    if (!opts.importOnly)
      result.exportAnonPeakAboveIdleBytes = memory.windows.export.anon - exportIdleSample.anon;
    // Where the peaks are: each role's own peak in the window above its idle figure (the roles
    // peak at different moments, so these do not add up to the total's peak).
    const byRole = (window, idle) =>
      Object.fromEntries(
        Object.entries(window.byRole ?? {}).map(([role, v]) => [role, v - (idle.byRole[role] ?? 0)]),
      );
    if (!opts.importOnly) result.exportPeakByRole = byRole(memory.windows.export, exportIdleSample);
    result.importPeakByRole = byRole(memory.windows.import, importIdleSample);
    // The same by kind of page (anonymous, file-backed, shared memory) for each role.
    const byKind = (window, idle) =>
      Object.fromEntries(
        Object.entries(window.byKind ?? {})
          .map(([kind, v]) => [kind, v - (idle.byKind[kind] ?? 0)])
          .filter(([, v]) => Math.abs(v) >= 0.5e6),
      );
    if (!opts.importOnly) result.exportPeakByKind = byKind(memory.windows.export, exportIdleSample);
    result.importPeakByKind = byKind(memory.windows.import, importIdleSample);
    result.timeline = memory.timeline;
    console.log(
      `  import ${result.importAnsweredSeconds} s (preview ${result.previewSeconds} s), project open at ${result.importSeconds} s`,
    );
  } finally {
    for (const p of profiles) await p.close().catch(() => undefined);
    if (opts.keepServer) console.log(`vite preview keeps serving ${url}; stop it with: kill ${server.pid}`);
    else server.kill();
  }
  const goals = {
    exportUnder2xIngest: result.exportSeconds < 2 * result.ingestSeconds,
    importUnder2xIngest: result.importAnsweredSeconds < 2 * result.ingestSeconds,
    exportPeakUnder2xArchive: result.exportPeakAboveIdleBytes < 2 * result.archiveBytes,
    importPeakUnder2xArchive: result.importPeakAboveIdleBytes < 2 * result.archiveBytes,
    noMainThreadTaskOver50ms:
      (result.exportLongTasks ?? []).length +
        result.previewLongTasks.length +
        result.importLongTasks.length ===
      0,
    noProblems: problems.length === 0,
  };
  const report = {
    date: new Date().toISOString(),
    ...env,
    loadAverageAtEnd: loadavg(),
    options: opts,
    ...result,
    problems,
    goals,
  };
  mkdirSync(OUT_DIR, { recursive: true });
  const jsonPath = join(OUT_DIR, `share-${report.date.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
  console.log(`
                 seconds   peak above idle   long tasks (>50 ms)
  ingest CSV     ${String(result.ingestSeconds).padEnd(9)} —                 —
  export         ${String(result.exportSeconds).padEnd(9)} ${mb(result.exportPeakAboveIdleBytes).padEnd(17)} ${(result.exportLongTasks ?? []).join(', ') || 'none'}
  import         ${String(result.importAnsweredSeconds).padEnd(9)} ${mb(result.importPeakAboveIdleBytes).padEnd(17)} preview: ${result.previewLongTasks.join(', ') || 'none'}; import: ${result.importLongTasks.join(', ') || 'none'}
  + opening it   ${String(result.importSeconds).padEnd(9)} ${mb(result.openingPeakAboveIdleBytes).padEnd(17)} ${result.openingLongTasks.join(', ') || 'none'} (not in the goals)
  peak above idle by process: export ${Object.entries(result.exportPeakByRole ?? {})
    .map(([r, v]) => `${r} ${mb(v)}`)
    .join(', ')}; import ${Object.entries(result.importPeakByRole)
    .map(([r, v]) => `${r} ${mb(v)}`)
    .join(', ')}
  peak above idle without file-backed pages (anonymous + shared): export ${result.exportAnonPeakAboveIdleBytes === undefined ? '—' : mb(result.exportAnonPeakAboveIdleBytes)}, import ${mb(result.importAnonPeakAboveIdleBytes)}
  peak above idle by kind of page: ${['exportPeakByKind', 'importPeakByKind']
    .filter((k) => result[k])
    .map(
      (k) =>
        `${k.replace('PeakByKind', '')} ${Object.entries(result[k])
          .map(([n, v]) => `${n} ${mb(v)}`)
          .join(', ')}`,
    )
    .join('; ')}
  share worker heap peaks (MB: V8 used / V8 total / Blink objects / ArrayBuffers): ${
    ['exportWorkerHeap', 'importWorkerHeap']
      .filter((k) => result[k])
      .map((k) => `${k.replace('WorkerHeap', '')} ${Object.values(result[k].peaks).slice(0, 4).join(' / ')}`)
      .join('; ') || 'not watched (--heap)'
  }
  archive ${mb(result.archiveBytes)} vs CSV ${mb(result.csvBytes)} (${((100 * result.archiveBytes) / result.csvBytes).toFixed(0)}%)
  goals: ${Object.entries(goals)
    .map(([k, v]) => `${k} ${v ? 'met' : 'NOT met'}`)
    .join('; ')}
  problems: ${problems.join(' | ') || 'none'}
Written ${jsonPath}`);
  process.exitCode = problems.length ? 1 : 0;
}

await main();
