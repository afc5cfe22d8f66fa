// npm run bench:ingest -- [--rows N] [--runs K] [--seed S] [--skip-pandas] [--keep-server]
//                         [--build | --no-build] [--trace]
//
// Ingest at scale, measured the way a user meets it: a seeded CSV is loaded through the Data
// phase's "CSV file" input of the production build in headless Chromium (data worker → parse →
// types → columnar chunks → IndexedDB), then the Explore phase profiles it. pandas read_csv +
// describe runs on the same file after each browser run. Prints a table and writes
// bench/out/ingest-<date>.json. Never part of npm test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { measureBrowser } from './browserRun.mjs';
import { aggregate, browserFigures, median } from './figures.mjs';
import { generateCsv, OUT_DIR } from './generate.mjs';
import { printReport } from './report.mjs';
import { ensureBuild, environment, pandasMissing, runPandas, startServer } from './setup.mjs';
import { printTraceSummary, summariseTrace } from './traceSummary.mjs';

const USAGE =
  'Options: --rows N (default 1000000), --runs K (default 3, 1 above 2M rows), --seed S, --skip-pandas, ' +
  '--keep-server, --build (always rebuild dist-b), --no-build (use dist-b as it is), --trace (CPU profile).';

function parseArgs(argv) {
  const opts = {
    rows: 1_000_000,
    seed: 42,
    skipPandas: false,
    keepServer: false,
    build: 'auto',
    trace: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = Number(String(argv[++i]).replaceAll(/[_,]/g, ''));
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive whole number. ${USAGE}`);
      return v;
    };
    if (a === '--rows') opts.rows = value();
    else if (a === '--runs') opts.runs = value();
    else if (a === '--seed') opts.seed = value();
    else if (a === '--skip-pandas') opts.skipPandas = true;
    else if (a === '--keep-server') opts.keepServer = true;
    else if (a === '--build') opts.build = 'always';
    else if (a === '--no-build') opts.build = 'never';
    else if (a === '--trace') opts.trace = true;
    else throw new Error(`Unknown option ${a}. ${USAGE}`);
  }
  opts.runs ??= opts.rows > 2_000_000 ? 1 : 3;
  return opts;
}

function goalsOf(agg, ratio, fileBytes) {
  const finished = agg.finished === agg.runs;
  const tasks = ['ingest', 'profile', 'chart'].reduce((n, w) => n + agg[`longTasks.${w}`].count, 0);
  return {
    withinTwiceOfPandas: Number.isFinite(ratio) ? ratio <= 2 : null,
    noMainThreadTaskOver50ms: finished ? tasks === 0 : null,
    peakMemoryUnder4xFile: finished ? agg['memory.peakPssAboveIdle'].max < 4 * fileBytes : null,
    tabDidNotFail: finished && agg.problems === 0,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const env = environment();
  console.log(
    `Generating (or reusing) ${opts.rows.toLocaleString('en')} rows × 12 columns, seed ${opts.seed} …`,
  );
  const file = await generateCsv({ rows: opts.rows, seed: opts.seed, log: console.log });
  console.log(`  ${file.path} (${(file.bytes / 1e6).toFixed(1)} MB${file.cached ? ', cached' : ''})`);
  ensureBuild(opts.build, !opts.trace);
  const noPandas = opts.skipPandas ? 'skipped (--skip-pandas)' : pandasMissing();

  const { server, url } = await startServer(opts.keepServer);
  const runs = [];
  const pandas = [];
  let traced;
  try {
    for (let k = 1; k <= opts.runs; k++) {
      console.log(`Run ${k}/${opts.runs}: ingest in headless Chromium via ${url} …`);
      const raw = await measureBrowser(url, file.path, opts.rows, opts.trace);
      traced ??= raw.traced;
      runs.push(browserFigures(raw, file.bytes));
      if (raw.error) console.log(`  failed: ${raw.error}`);
      else console.log(`  end to end ${runs.at(-1).endToEndSeconds.toFixed(2)} s`);
      if (!noPandas) {
        pandas.push(runPandas(file.path));
        console.log(`  pandas ${pandas.at(-1).totalSeconds?.toFixed(2) ?? pandas.at(-1).error} s`);
      }
    }
  } finally {
    if (opts.keepServer) console.log(`vite preview keeps serving ${url}; stop it with: kill ${server.pid}`);
    else server.kill();
  }

  const agg = aggregate(runs);
  agg.problems = runs.reduce((n, r) => n + (r.problems?.length ?? 0), 0);
  const pandasOk = pandas.filter((p) => !p.error);
  const pandasTotal = median(pandasOk.map((p) => p.totalSeconds));
  const ratio = agg['endToEndSeconds'].median / pandasTotal;
  const report = {
    date: new Date().toISOString(),
    ...env,
    loadAverageAtEnd: loadavg(),
    options: opts,
    file: { path: file.path, bytes: file.bytes, rows: opts.rows, columns: 12, seed: opts.seed },
    pandasSkipped: noPandas,
    pandas,
    pandasMedian: pandasOk.length
      ? {
          readCsvSeconds: median(pandasOk.map((p) => p.readCsvSeconds)),
          describeSeconds: median(pandasOk.map((p) => p.describeSeconds)),
          totalSeconds: pandasTotal,
          cpuSeconds: median(pandasOk.map((p) => p.cpuSeconds)),
          peakRssBytes: Math.max(...pandasOk.map((p) => p.peakRssBytes)),
          version: pandasOk[0].pandas,
        }
      : null,
    ratioToPandas: {
      medianOverMedian: ratio,
      bestOverBest: agg['endToEndSeconds'].min / Math.min(...pandasOk.map((p) => p.totalSeconds)),
    },
    aggregate: agg,
    runs,
  };
  report.goals = goalsOf(agg, ratio, file.bytes);
  mkdirSync(OUT_DIR, { recursive: true });
  const jsonPath = join(OUT_DIR, `ingest-${report.date.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  printReport(report);
  if (traced) {
    const tracePath = jsonPath.replace(/\.json$/, '.trace.json');
    writeFileSync(tracePath, JSON.stringify(traced));
    console.log('\nWhere the CPU time went in run 1 (V8 sampling profiler, unminified build):');
    printTraceSummary(summariseTrace(traced));
    console.log(`\nTrace (open in Perfetto or chrome://tracing): ${tracePath}`);
  }
  console.log(`\nWritten ${jsonPath}`);
  process.exitCode = agg.finished === agg.runs ? 0 : 1;
}

await main();
