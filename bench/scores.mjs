// Default-settings test scores on the shipped samples, the workbench beside scikit-learn on the
// same rows and features: penguins (species, accuracy on a stratified holdout), cars (miles per
// gallon, R² on a random holdout) and seattle-weather (weather, accuracy on the latest 20% of days:
// out of time). The workbench side is the core pipeline (trainOnTable, the train worker's own
// function) run in Node on tfjs's wasm backend; scikit-learn gets the matrices that pipeline's
// recipe produced for the same split. Run alone: node bench/scores.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OUT_DIR } from './generate.mjs';
import { defaultFraming, ingestFile, jobMatrices, loadCore, writeMatrices } from './trainCore.mjs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export const SAMPLES = [
  {
    name: 'penguins',
    target: 'Species',
    metric: 'accuracy',
    split: { kind: 'holdout', testFraction: 0.2, validationFraction: 0.1, stratify: true },
  },
  {
    name: 'cars',
    target: 'Miles_per_Gallon',
    metric: 'r2',
    split: { kind: 'holdout', testFraction: 0.2, validationFraction: 0.1, stratify: false },
  },
  {
    name: 'seattle-weather',
    target: 'weather',
    metric: 'accuracy',
    part: 'outOfTime',
    split: {
      kind: 'outOfTime',
      timeColumn: 'date',
      outOfTimeFraction: 0.2,
      validationFraction: 0.1,
      testFraction: 0,
      stratify: true,
    },
  },
];
const FAMILIES = ['baseline', 'linear', 'mlp', 'gbdt'];

/** tfjs in Node on wasm: the backend the app picks on a machine without a hardware GPU. */
async function useWasm() {
  if (!(await tf.setBackend('wasm'))) throw new Error('The tfjs wasm backend did not start in Node.');
  await tf.ready();
}
const PYTHON = '/usr/bin/python3';

/** Runs bench/train_sklearn.py on a matrices header; single-threaded unless `threads` says otherwise. */
export function runSklearn(root, header, families, threads = '1') {
  const env = { ...process.env };
  if (threads !== 'all') env.OMP_NUM_THREADS = String(threads);
  const r = spawnSync(
    PYTHON,
    [join(root, 'bench/train_sklearn.py'), header, '--models', families.join(',')],
    {
      encoding: 'utf8',
      env,
      maxBuffer: 1 << 24,
    },
  );
  if (r.status !== 0)
    return { error: (r.stderr || r.stdout || 'scikit-learn failed').trim().split('\n').at(-1) };
  return JSON.parse(r.stdout);
}

/** Debian's python3-xgboost, for bench:train's XGBoost rows. */
export function xgboostAvailable() {
  return spawnSync(PYTHON, ['-c', 'import xgboost'], { stdio: 'ignore' }).status === 0;
}

export function sklearnAvailable() {
  return spawnSync(PYTHON, ['-c', 'import sklearn, numpy'], { stdio: 'ignore' }).status === 0;
}

/** Scores every family on every sample, workbench and scikit-learn; returns one record per sample. */
export async function sampleScores({ root, seed = 42, withSklearn = true, log = () => {} }) {
  const core = await loadCore();
  await useWasm();
  const dir = join(OUT_DIR, 'matrices');
  mkdirSync(dir, { recursive: true });
  const out = [];
  for (const sample of SAMPLES) {
    log(`  ${sample.name} …`);
    const table = await ingestFile(core, join(root, 'public/samples', `${sample.name}.csv`));
    const { task, recipe } = defaultFraming(core, table, sample.target);
    const record = { ...sample, task, rows: table.rowCount, workbench: {}, sklearn: null, problems: [] };
    let sizes = null;
    for (const family of FAMILIES) {
      const job = {
        target: sample.target,
        task,
        recipe,
        model: core.defaultSpec(family, task, table.rowCount),
        split: sample.split,
        seed,
      };
      const started = performance.now();
      const outcome = await core.trainOnTable(table, job);
      const seconds = (performance.now() - started) / 1000;
      core.disposeModel(outcome.model);
      record.workbench[family] = { test: outcome.metrics[sample.part ?? 'test']?.[sample.metric], seconds };
      sizes ??= outcome.splitSizes;
    }
    const job = {
      target: sample.target,
      task,
      recipe,
      model: { family: 'baseline' },
      split: sample.split,
      seed,
    };
    const m = jobMatrices(core, table, job);
    for (const part of ['train', 'validation', 'test', 'outOfTime']) {
      if ((m[part]?.rows ?? 0) !== (sizes?.[part] ?? 0)) {
        record.problems.push(
          `the ${part} part has ${m[part]?.rows ?? 0} rows here but ${sizes?.[part]} in the pipeline`,
        );
      }
    }
    record.splitSizes = sizes;
    if (withSklearn) {
      const sk = runSklearn(root, writeMatrices(dir, sample.name, m, task, sample.part ?? 'test'), [
        'linear',
        'mlp',
        'gbdt',
      ]);
      record.sklearn = sk.error
        ? { error: sk.error }
        : Object.fromEntries(
            Object.entries(sk.models).map(([f, v]) => [
              f,
              {
                estimator: v.estimator,
                test: v.test[sample.metric],
                seconds: v.fitSeconds,
                warnings: v.warnings,
              },
            ]),
          );
    }
    out.push(record);
  }
  return out;
}

/** Prints the sample scores as a table. */
export function printSampleScores(samples) {
  const f = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—');
  console.log('\nShipped samples, default settings, test scores (workbench: core pipeline in Node, wasm)');
  console.log(
    `  ${'sample'.padEnd(16)}${'metric'.padEnd(24)}${'family'.padEnd(10)}${'workbench'.padStart(10)}${'sklearn'.padStart(10)}${'diff'.padStart(9)}`,
  );
  for (const s of samples) {
    const metric = s.split.kind === 'outOfTime' ? `${s.metric} (out of time)` : s.metric;
    for (const family of FAMILIES) {
      const wb = s.workbench[family]?.test;
      const sk = s.sklearn?.[family]?.test;
      const diff =
        typeof wb === 'number' && typeof sk === 'number'
          ? (wb - sk >= 0 ? '+' : '') + (wb - sk).toFixed(3)
          : '';
      console.log(
        `  ${s.name.padEnd(16)}${metric.padEnd(24)}${family.padEnd(10)}${f(wb).padStart(10)}${(family === 'baseline' ? '' : f(sk)).padStart(10)}${diff.padStart(9)}`,
      );
    }
    for (const p of s.problems) console.log(`  ! ${s.name}: ${p}`);
    if (s.sklearn?.error) console.log(`  ! ${s.name}: scikit-learn failed: ${s.sklearn.error}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(OUT_DIR, '..', '..');
  const samples = await sampleScores({ root, withSklearn: sklearnAvailable(), log: console.log });
  printSampleScores(samples);
}
