// npm run bench:train [-- --rows N] [--seed S] [--families linear,gbdt,mlp] [--skip-sklearn]
//                      [--skip-samples] [--skip-backend-check] [--profile-page] [--build|--no-build]
//
// Training quality and speed, measured the way a user meets it: a seeded synthetic binary table
// (200,000 rows × 10 features: numbers, categories, missing cells) is loaded through the Data
// phase of the production build in headless Chromium, framed, and trained once per family with
// backend "auto" in the Train phase (train worker → pipeline → model registry). The bench reads
// the exact job the page sent and what the worker answered; it then rebuilds that job's split and
// features with the same core functions in Node and fits scikit-learn's counterparts on them in
// the same run. Also: the longest main-thread task during training, and default-settings scores
// on the shipped samples beside scikit-learn's. Prints a table, writes bench/out/train-<date>.json.
// Never part of npm test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { OUT_DIR } from './generate.mjs';
import { probeBackendsInBrowser } from './trainBackend.mjs';
import { ensureBuild, ROOT, runInBrowser, startServer } from './trainBrowser.mjs';
import { classCounts, ingestFile, jobMatrices, loadCore, writeMatrices } from './trainCore.mjs';
import { generateTrainCsv, TARGET } from './trainData.mjs';
import { printTrainReport, trainGoals } from './trainReport.mjs';
import { compareTreeWorkers } from './trainWorkers.mjs';
import { runSklearn, sampleScores, sklearnAvailable, xgboostAvailable } from './scores.mjs';

// BENCH_PORT: several people may run benches on one machine.
const PORT = Number(process.env.BENCH_PORT ?? 4185);
const DIST = 'dist-e';
const GOALS = { aucWithin: 0.005, gbdtTimeRatio: 2, longTaskMs: 50 };

function parseArgs(argv) {
  const opts = {
    rows: 200_000,
    seed: 42,
    families: ['linear', 'gbdt', 'mlp'],
    sklearn: true,
    samples: true,
    build: 'auto',
    profile: false,
    backendCheck: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = Number(String(argv[++i]).replaceAll(/[_,]/g, ''));
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive whole number.`);
      return v;
    };
    if (a === '--rows') opts.rows = value();
    else if (a === '--seed') opts.seed = value();
    else if (a === '--families') opts.families = String(argv[++i]).split(',');
    else if (a === '--skip-sklearn') opts.sklearn = false;
    else if (a === '--skip-samples') opts.samples = false;
    else if (a === '--profile-page') opts.profile = true;
    else if (a === '--skip-backend-check') opts.backendCheck = false;
    else if (a === '--build') opts.build = 'always';
    else if (a === '--no-build') opts.build = 'never';
    else
      throw new Error(
        `Unknown option ${a}. Options: --rows N, --seed S, --families a,b, --skip-sklearn, --skip-samples, --skip-backend-check, --profile-page, --build, --no-build.`,
      );
  }
  return opts;
}

function gitState() {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return {
    head: git('rev-parse', '--short', 'HEAD'),
    dirtyFiles: git('status', '--porcelain', '--', 'src', 'workers').split('\n').filter(Boolean).length,
  };
}

/**
 * Seconds the model fit took, on the worker's own clock: the last epoch event's elapsedMs (from
 * the start of the fit, binning included). Page-side timestamps of the phase events are the
 * fallback: they run late whenever the page's main thread is busy.
 */
function fitSeconds(run) {
  const elapsed = run.lastEpoch?.elapsedMs;
  if (typeof elapsed === 'number' && Number.isFinite(elapsed)) return elapsed / 1000;
  const i = run.phases.findIndex((p) => p.phase === 'training');
  const end = i >= 0 ? (run.phases.slice(i + 1).find((p) => p.phase !== 'training') ?? null) : null;
  return i >= 0 && end ? (end.at - run.phases[i].at) / 1000 : NaN;
}

function longestIn(tasks, from, to) {
  let longestMs = 0;
  let over = 0;
  for (const t of tasks) {
    if (t.start + t.duration < from || t.start > to) continue;
    longestMs = Math.max(longestMs, t.duration);
    if (t.duration > GOALS.longTaskMs) over++;
  }
  return { longestMs, over };
}

/** The browser run's rows per part and test class counts, against the rebuilt matrices. */
function checkSameRows(run, m) {
  const problems = [];
  const sizes = run.result?.splitSizes ?? {};
  for (const part of ['train', 'validation', 'test']) {
    const mine = m[part]?.rows ?? 0;
    if (sizes[part] !== undefined && sizes[part] !== mine) {
      problems.push(`${part}: ${sizes[part]} rows in the browser, ${mine} rebuilt`);
    }
  }
  const confusion = run.result?.metrics?.test?.confusion;
  if (confusion && m.test) {
    const browser = confusion.map((row) => row.reduce((a, b) => a + b, 0));
    const rebuilt = classCounts(m.test.y, m.nClasses);
    if (browser.join() !== rebuilt.join()) {
      problems.push(`test classes: ${browser.join('/')} in the browser, ${rebuilt.join('/')} rebuilt`);
    }
  }
  return problems;
}

function summariseRun(run, longtasks) {
  const test = run.result?.metrics?.test;
  return {
    family: run.family,
    spec: run.args?.job?.model,
    error: run.error?.message,
    backend: run.result?.backend ?? run.backend?.name,
    backendReason: run.result?.backendReason ?? run.backend?.reason,
    fitSeconds: fitSeconds(run),
    runSeconds: (run.result?.durationMs ?? NaN) / 1000,
    epochs: run.epochs,
    lastEpoch: run.lastEpoch,
    test: test ? { rocAuc: test.rocAuc, accuracy: test.accuracy, logLoss: test.logLoss } : null,
    splitSizes: run.result?.splitSizes,
    tensors: run.result?.tensors,
    longTasks: longestIn(longtasks, run.sentAt, run.endedAt),
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const loadAtStart = loadavg();
  const log = (s) => console.log(s);
  log(`Generating (or reusing) ${opts.rows.toLocaleString('en')} rows × 10 features, seed ${opts.seed} …`);
  const file = await generateTrainCsv({ rows: opts.rows, seed: opts.seed });
  log(`  ${file.path} (${(file.bytes / 1e6).toFixed(1)} MB${file.cached ? ', cached' : ''})`);
  let backendCheck = null;
  if (opts.backendCheck) {
    log('Automatic backend choice by measured steps, in a Chromium worker …');
    backendCheck = await probeBackendsInBrowser({ port: PORT }).catch((e) => ({ error: String(e), out: [] }));
  }
  ensureBuild(DIST, opts.build);
  const { server, url } = await startServer(DIST, PORT);
  let browser;
  try {
    log(`Training in headless Chromium via ${url} …`);
    browser = await runInBrowser(url, {
      csvPath: file.path,
      target: TARGET,
      families: opts.families,
      timeoutPerTraining: 30 * 60_000,
      log,
      profile: opts.profile,
    });
  } finally {
    server.kill();
  }
  const report = {
    date: new Date().toISOString(),
    loadAverage: { start: loadAtStart },
    git: gitState(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryBytes: totalmem(),
      node: process.version,
    },
    file: {
      path: file.path,
      bytes: file.bytes,
      rows: opts.rows,
      features: 10,
      seed: opts.seed,
      target: TARGET,
    },
    goals: GOALS,
    browser: {
      error: browser.error,
      problems: browser.problems,
      longtaskSupported: browser.longtaskSupported,
      longtasks: browser.longtasks,
      ...(browser.mainThread ? { mainThreadSelfTime: browser.mainThread } : {}),
    },
    workbench: {},
    sklearn: null,
    sameRows: [],
    samples: null,
    backendCheck,
  };
  const runs = (browser.runs ?? []).filter((r) => r.result || r.error);
  for (const run of runs) report.workbench[run.family] = summariseRun(run, browser.longtasks ?? []);
  const first = runs.find((r) => r.result);
  if (first && opts.sklearn && sklearnAvailable()) {
    log('Rebuilding the browser run’s split and features in Node (same core functions) …');
    const core = await loadCore();
    const table = await ingestFile(core, file.path);
    const job = first.args.job;
    const m = jobMatrices(core, table, job);
    for (const run of runs.filter((r) => r.result)) {
      const j = run.args.job;
      if (JSON.stringify([j.recipe, j.split, j.seed]) !== JSON.stringify([job.recipe, job.split, job.seed])) {
        report.sameRows.push(`${run.family} used another recipe, split or seed than ${first.family}`);
      }
      report.sameRows.push(...checkSameRows(run, m).map((p) => `${run.family}: ${p}`));
    }
    const dir = join(OUT_DIR, 'matrices');
    mkdirSync(dir, { recursive: true });
    const header = writeMatrices(dir, 'train-bench', m, job.task);
    const families = opts.families.filter((f) => f !== 'baseline');
    log(`scikit-learn on the same rows and features (${families.join(', ')}; one thread) …`);
    // XGBoost (hist, the workbench's boosted-tree defaults) beside HistGradientBoosting.
    const xgb = families.includes('gbdt') && xgboostAvailable() ? ['xgboost'] : [];
    report.sklearn = { oneThread: runSklearn(ROOT, header, [...families, ...xgb], '1') };
    if (families.includes('gbdt')) {
      log(`scikit-learn HistGradientBoosting${xgb.length ? ' and XGBoost' : ''} again with every core …`);
      report.sklearn.allThreads = runSklearn(ROOT, header, ['gbdt', ...xgb], 'all');
    }
    report.features = { names: m.names, cols: m.train.cols, split: m.split?.description };
    const gbdtRun = runs.find((r) => r.family === 'gbdt' && r.result);
    if (gbdtRun) {
      log('Boosted trees in Node on the same rows: one worker, then helper threads …');
      report.treeWorkers = await compareTreeWorkers(core, m, gbdtRun.args.job, {
        log,
        repeats: opts.rows > 500_000 ? 1 : 2,
      });
      report.treeWorkers.browserTestLogLoss = gbdtRun.result.metrics?.test?.logLoss ?? null;
    }
  } else if (opts.sklearn) {
    report.sklearn = {
      error: first ? 'scikit-learn is not installed for /usr/bin/python3' : 'no training finished',
    };
  }
  if (opts.samples) {
    log('Default-settings scores on the shipped samples (core pipeline in Node) …');
    report.samples = await sampleScores({
      root: ROOT,
      seed: opts.seed,
      withSklearn: opts.sklearn && sklearnAvailable(),
      log,
    });
  }
  report.loadAverage.end = loadavg();
  report.verdicts = trainGoals(report);
  mkdirSync(OUT_DIR, { recursive: true });
  const jsonPath = join(OUT_DIR, `train-${report.date.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  printTrainReport(report);
  log(`\nWritten ${jsonPath}`);
  process.exitCode = browser.error || runs.some((r) => r.error) ? 1 : 0;
}

await main();
