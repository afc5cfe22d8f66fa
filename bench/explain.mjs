// npm run bench:explain — explanations and evaluation views, timed in Node on the workbench's own
// core (loaded through Vite's module runner, single thread):
//   1. TreeSHAP rows/s for the default boosted trees, beside XGBoost's pred_contribs (Debian's
//      python3-xgboost, nthread=1) on the same rows with the same trees, leaves and depth;
//   2. permutation importance, 5 repeats on 10,000 rows;
//   3. every evaluation view of Evaluate on a 200,000-row held-out set (binary and 3 classes),
//      plus a KPI interval and segments.
// Not a test: it prints numbers. The views run in the evaluation worker in the app, so what the
// page's main thread sees is only the message with the results.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const load = async (path) =>
  (await runnerImport(join(ROOT, path), { configFile: false, logLevel: 'error' })).module;
const [models, spec, rng, shap, perm, views, segments, table] = await Promise.all(
  [
    'src/core/ml/models/index.ts',
    'src/core/ml/models/spec.ts',
    'src/core/ml/rng.ts',
    'src/core/ml/explain/treeShap.ts',
    'src/core/ml/explain/permutation.ts',
    'src/core/ml/evaluation/views.ts',
    'src/core/ml/evaluation/segments.ts',
    'src/core/table/table.ts',
  ].map(load),
);

const time = async (fn) => {
  const t0 = performance.now();
  const out = await fn();
  return { ms: performance.now() - t0, out };
};
const fmt = (ms) => `${ms.toFixed(0)} ms`;

/** rows × cols features and a nonlinear binary target (seeded). */
function synthetic(rows, cols, seed) {
  const r = rng.createRng(seed);
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) x[i * cols + j] = r() * 2 - 1;
    const a = x[i * cols];
    const b = x[i * cols + 1];
    const c = x[i * cols + 2];
    const s = Math.sin(3 * a) + b * c * 2 + (x[i * cols + 3] > 0.3 ? 1 : 0) + (r() - 0.5) * 0.8;
    y[i] = s > 0.5 ? 1 : 0;
  }
  return { x, y, rows, cols };
}

// 1. TreeSHAP against XGBoost.
const ROWS = 20_000;
const COLS = 10;
const EXPLAIN = 2_000;
const data = synthetic(ROWS, COLS, 1);
const gbdtSpec = spec.defaultSpec('gbdt', 'classification', ROWS);
const fit = await time(() =>
  models.fitModel(
    { ...gbdtSpec, earlyStopping: null },
    { task: 'classification', nClasses: 2, ...data, seed: 1 },
  ),
);
const forest = fit.out.forest;
const explainer = new shap.TreeExplainer(forest);
explainer.explain(data.x, 0, 100); // warm-up (JIT)
let best = Infinity;
for (let k = 0; k < 3; k++)
  best = Math.min(best, (await time(() => explainer.explain(data.x, 0, EXPLAIN))).ms);
let leaves = 0;
let depth = 0;
for (let t = 0; t < forest.treeStart.length; t++) {
  const stack = [[forest.treeStart[t], 0]];
  while (stack.length) {
    const [node, d] = stack.pop();
    depth = Math.max(depth, d);
    if (forest.feature[node] < 0) leaves++;
    else stack.push([forest.left[node], d + 1], [forest.right[node], d + 1]);
  }
}
const trees = forest.treeStart.length;
const ours = (EXPLAIN / best) * 1000;
console.log(
  `TreeSHAP, default boosted trees (${trees} trees, ${leaves} leaves, depth ≤ ${depth}; fit ${fmt(fit.ms)} on ${ROWS} rows × ${COLS})`,
);
console.log(`  workbench TreeSHAP: ${EXPLAIN} rows in ${fmt(best)} → ${ours.toFixed(0)} rows/s`);

const dir = mkdtempSync(join(tmpdir(), 'bench-explain-'));
try {
  writeFileSync(join(dir, 'x.f32'), Buffer.from(data.x.buffer));
  writeFileSync(join(dir, 'y.f32'), Buffer.from(data.y.buffer));
  const job = {
    x: join(dir, 'x.f32'),
    y: join(dir, 'y.f32'),
    rows: ROWS,
    cols: COLS,
    explainRows: EXPLAIN,
    trees,
    maxLeaves: gbdtSpec.maxLeaves,
    maxDepth: depth,
    learningRate: gbdtSpec.learningRate,
  };
  writeFileSync(join(dir, 'job.json'), JSON.stringify(job));
  const xgb = JSON.parse(
    execFileSync('/usr/bin/python3', [join(ROOT, 'bench/xgb_contribs.py'), join(dir, 'job.json')], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    }),
  );
  console.log(
    `  XGBoost ${xgb.version} pred_contribs (nthread=1, ${xgb.trees} trees, ${xgb.leaves} leaves, depth ≤ ${depth}): ${xgb.rowsPerSecond.toFixed(0)} rows/s`,
  );
  // Per leaf, since the two ensembles grow different trees on the same data and limits.
  const ratio = ours / leaves / (xgb.rowsPerSecond / xgb.leaves);
  console.log(
    `  speed ratio per leaf (workbench / XGBoost): ${ratio.toFixed(2)} (goal ≥ 0.5); raw rows/s ratio ${(ours / xgb.rowsPerSecond).toFixed(2)}`,
  );
} catch (err) {
  console.log(`  XGBoost comparison skipped: ${err.message.split('\n')[0]}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// 2. Permutation importance: 5 repeats, 10,000 rows, every feature.
const names = Array.from({ length: COLS }, (_, j) => `x${j}`);
const pi = await time(() =>
  perm.permutationImportance(
    (x, n) => models.predict(fit.out, x, n),
    data.x.subarray(0, 10_000 * COLS),
    data.y.subarray(0, 10_000),
    10_000,
    COLS,
    names,
    {
      metric: 'rocAuc',
      repeats: 5,
      seed: 1,
    },
  ),
);
console.log(
  `Permutation importance (5 repeats × ${COLS} columns, 10,000 rows, ROC AUC): ${fmt(pi.ms)}; top ${pi.out[0].feature} ${pi.out[0].importance.toFixed(3)} ± ${pi.out[0].std.toFixed(3)}`,
);

// 3. Evaluation views on 200,000 held-out rows.
const N = 200_000;
function heldOut(width, seed) {
  const r = rng.createRng(seed);
  const y = new Float32Array(N);
  const predicted = new Float32Array(N * width);
  for (let i = 0; i < N; i++) {
    y[i] = Math.floor(r() * width);
    let sum = 0;
    for (let k = 0; k < width; k++) {
      const v = r() + (k === y[i] ? 0.7 : 0);
      predicted[i * width + k] = v;
      sum += v;
    }
    for (let k = 0; k < width; k++) predicted[i * width + k] /= sum;
  }
  return { task: 'classification', width, y, predicted };
}
for (const width of [2, 3]) {
  const s = heldOut(width, width);
  const v = await time(() => views.setViews(s));
  const ci = await time(() => views.metricInterval(s, 'accuracy', { seed: 1 }));
  const column = table.categoricalFromStrings(
    'segment',
    Array.from({ length: N }, (_, i) => `s${i % 7}`),
  );
  const ids = Int32Array.from({ length: N }, (_, i) => i);
  const seg = await time(() => segments.segmentMetrics(column, ids, s, 'accuracy'));
  console.log(
    `Evaluation views, ${N} rows, ${width} classes: curves/calibration/gain/sweep/confusion ${fmt(v.ms)}, 95% interval ${fmt(ci.ms)}, segments (7) ${fmt(seg.ms)}; total ${fmt(v.ms + ci.ms + seg.ms)} (goal < 1000 ms)`,
  );
}
const reg = (() => {
  const r = rng.createRng(9);
  const y = Float32Array.from({ length: N }, () => r() * 100);
  return { task: 'regression', width: 1, y, predicted: Float32Array.from(y, (v) => v + (r() - 0.5) * 10) };
})();
const rv = await time(() => views.setViews(reg));
const rci = await time(() => views.metricInterval(reg, 'r2', { seed: 1 }));
console.log(
  `Evaluation views, ${N} rows, regression: diagnostics ${fmt(rv.ms)}, 95% interval ${fmt(rci.ms)}`,
);
