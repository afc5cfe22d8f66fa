// npm run bench:small [-- --families linear,mlp,gbdt] [--datasets iris,wine] [--seed S] [--skip-sklearn]
//                      [--set gbdt.learningRate=0.05 …]
//
// Small data, default settings, 5-fold cross-validation: scikit-learn's bundled small datasets
// (iris, wine, breast_cancer, diabetes; exported to CSV by bench/small_export.py) and the shipped
// samples (penguins, cars, seattle-weather). The workbench side is the core pipeline
// (trainOnTable, the train worker's own function, on tfjs-wasm in Node) with a stratified 5-fold
// split; scikit-learn fits its counterparts (LogisticRegression / LinearRegression,
// MLPClassifier / MLPRegressor, HistGradientBoosting*) with their defaults on exactly the same
// folds and the same features (the recipe fit on each fold's training rows). Prints the mean
// validation metric per family and the time: the workbench's whole cross-validation (five folds
// plus the final fit) against the sum of scikit-learn's five .fit() calls. Never part of npm test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { OUT_DIR } from './generate.mjs';
import { defaultFraming, ingestFile, loadCore } from './trainCore.mjs';

const ROOT = join(OUT_DIR, '..', '..');
const PYTHON = '/usr/bin/python3';
const BUNDLED = [
  { name: 'iris', target: 'target' },
  { name: 'wine', target: 'target' },
  { name: 'breast_cancer', target: 'target' },
  { name: 'diabetes', target: 'target' },
];
const SAMPLES = [
  { name: 'penguins', target: 'Species' },
  { name: 'cars', target: 'Miles_per_Gallon' },
  { name: 'seattle-weather', target: 'weather' },
];

function parseArgs(argv) {
  const opts = {
    families: ['baseline', 'linear', 'mlp', 'gbdt'],
    datasets: null,
    seed: 42,
    sklearn: true,
    overrides: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--families') opts.families = String(argv[++i]).split(',');
    else if (a === '--datasets') opts.datasets = String(argv[++i]).split(',');
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--skip-sklearn') opts.sklearn = false;
    else if (a === '--set') {
      // --set gbdt.learningRate=0.05: try a setting against the defaults (JSON values).
      const [path, value] = String(argv[++i]).split('=');
      const [family, field] = path.split('.');
      (opts.overrides[family] ??= {})[field] = JSON.parse(value);
    } else
      throw new Error(
        `Unknown option ${a}. Options: --families a,b, --datasets a,b, --seed S, --skip-sklearn.`,
      );
  }
  return opts;
}

/** Writes one fold part as raw float32 (x then y), the hand-over bench/train_sklearn.py also uses. */
function writePart(file, m, y) {
  const bytes = new Uint8Array((m.x.length + y.length) * 4);
  bytes.set(new Uint8Array(m.x.buffer, m.x.byteOffset, m.x.byteLength), 0);
  bytes.set(new Uint8Array(y.buffer, y.byteOffset, y.byteLength), m.x.byteLength);
  writeFileSync(file, bytes);
  return { file, rows: m.rows, cols: m.cols };
}

/** The folds of `job` with the recipe fit on each fold's training rows, written for scikit-learn. */
function writeFolds(core, table, job, dir, name) {
  const check = core.checkTraining(table, job);
  if (!check.prepared) throw new Error(`${name}: ${check.problems.join(' ')}`);
  const { data, plan } = check.prepared;
  const pick = (rows) => Float32Array.from(rows, (r) => data.y[r]);
  const folds = plan.folds.map((fold, i) => {
    const { fitted, features } = core.fitTransform(job.recipe, core.takeRows(data.table, fold.train), {
      target: job.target,
      task: job.task,
      seed: job.seed,
    });
    const train = core.matrixFromFeatures(features, fitted);
    const valid = core.toFeatureMatrix(fitted, core.takeRows(data.table, fold.validation));
    return {
      train: writePart(join(dir, `${name}-f${i}-train.f32`), train, pick(fold.train)),
      validation: writePart(join(dir, `${name}-f${i}-valid.f32`), valid, pick(fold.validation)),
    };
  });
  const header = join(dir, `${name}.json`);
  writeFileSync(header, JSON.stringify({ task: job.task, nClasses: data.nClasses, folds }));
  return header;
}

const opts = parseArgs(process.argv.slice(2));
const dir = join(OUT_DIR, 'small');
mkdirSync(dir, { recursive: true });
if (spawnSync(PYTHON, [join(ROOT, 'bench/small_export.py'), dir], { stdio: 'inherit' }).status !== 0) {
  throw new Error('Exporting scikit-learn datasets failed (python3-sklearn and python3-pandas are needed).');
}
if (!(await tf.setBackend('wasm'))) throw new Error('The tfjs wasm backend did not start in Node.');
await tf.ready();
const core = await loadCore();
const sets = [
  ...BUNDLED.map((d) => ({ ...d, file: join(dir, `${d.name}.csv`) })),
  ...SAMPLES.map((d) => ({ ...d, file: join(ROOT, 'public/samples', `${d.name}.csv`) })),
].filter((d) => !opts.datasets || opts.datasets.includes(d.name));

const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
console.log(`Small data, 5-fold cross-validation, default settings (load average at start: ${load()})`);
const results = [];
for (const d of sets) {
  const table = await ingestFile(core, d.file);
  const { task, recipe } = defaultFraming(core, table, d.target);
  const metric = task === 'classification' ? 'accuracy' : 'r2';
  const split = { kind: 'kFold', folds: 5, testFraction: 0, stratify: task === 'classification' };
  const record = { dataset: d.name, task, rows: table.rowCount, metric, families: {} };
  for (const family of opts.families) {
    const job = {
      target: d.target,
      task,
      recipe,
      model: { ...core.defaultSpec(family, task, table.rowCount), ...opts.overrides[family] },
      split,
      seed: opts.seed,
    };
    const started = performance.now();
    const cpu = process.cpuUsage();
    const outcome = await core.trainOnTable(table, job);
    const seconds = (performance.now() - started) / 1000;
    // CPU time of this process: steadier than wall time on a shared, loaded machine.
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    core.disposeModel(outcome.model);
    record.families[family] = {
      workbench: {
        ...outcome.crossValidation.mean,
        seconds,
        cpuSeconds,
        solver: outcome.model.info.solver?.name,
      },
    };
  }
  if (opts.sklearn) {
    const job = { target: d.target, task, recipe, model: { family: 'baseline' }, split, seed: opts.seed };
    const header = writeFolds(core, table, job, dir, d.name);
    const r = spawnSync(PYTHON, [join(ROOT, 'bench/small_sklearn.py'), header], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    if (r.status !== 0) throw new Error(`scikit-learn failed on ${d.name}: ${r.stderr}`);
    const sk = JSON.parse(r.stdout);
    for (const [family, v] of Object.entries(sk)) {
      if (record.families[family])
        record.families[family].sklearn = { ...v.mean, seconds: v.fitSeconds, cpuSeconds: v.cpuSeconds };
    }
  }
  results.push(record);
  const f = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—');
  for (const [family, v] of Object.entries(record.families)) {
    const wb = v.workbench[metric];
    const sk = v.sklearn?.[metric];
    const diff = typeof sk === 'number' ? `${wb - sk >= 0 ? '+' : ''}${(wb - sk).toFixed(3)}` : '';
    const auc = task === 'classification' ? `  auc ${f(v.workbench.rocAuc)} vs ${f(v.sklearn?.rocAuc)}` : '';
    console.log(
      `  ${d.name.padEnd(16)}${family.padEnd(9)}${metric.padEnd(9)}${f(wb).padStart(7)}${f(sk).padStart(8)}${diff.padStart(8)}${auc}  time ${v.workbench.seconds.toFixed(2)} s (cpu ${v.workbench.cpuSeconds.toFixed(2)}) vs ${v.sklearn ? `${v.sklearn.seconds.toFixed(2)} s (cpu ${v.sklearn.cpuSeconds.toFixed(2)})` : '—'}${v.workbench.solver ? ` (${v.workbench.solver})` : ''}`,
    );
  }
}
const out = join(OUT_DIR, `small-${new Date().toISOString().replaceAll(':', '-')}.json`);
writeFileSync(out, JSON.stringify({ load: loadavg(), seed: opts.seed, results }, null, 1));
console.log(
  `\nworkbench: core pipeline in Node (tfjs wasm), whole CV incl. recipe and final fit; sklearn: sum of 5 fits, one thread. Load average at end: ${load()}. Written: ${out}`,
);
