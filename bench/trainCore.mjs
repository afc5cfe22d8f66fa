// The workbench's own core (src/core, TypeScript) loaded into Node through Vite's module runner,
// so the training benchmark can rebuild exactly the rows and features a browser run used (same
// functions, same seed) and hand them to scikit-learn, and can run the core pipeline on the
// shipped samples. Nothing here re-implements core logic: it calls it.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

async function load(path) {
  const { module } = await runnerImport(join(ROOT, path), { configFile: false, logLevel: 'error' });
  return module;
}

/** The core modules the benchmark calls. */
export async function loadCore() {
  const modules = await Promise.all(
    [
      'src/core/table/table.ts',
      'src/core/table/ingest.ts',
      'src/core/table/profile.ts',
      'src/core/ml/target.ts',
      'src/core/features/recipe.ts',
      'src/core/features/matrix.ts',
      'src/core/features/defaults.ts',
      'src/core/pipeline/train.ts',
      'src/core/ml/models/index.ts',
    ].map(load),
  );
  return Object.assign({}, ...modules);
}

/** Ingests a CSV file the way the Data phase does (same function, same default options). */
export async function ingestFile(core, path) {
  const blob = new Blob([readFileSync(path)]);
  const result = await core.ingestCsv(blob, { fileName: basename(path) });
  return result.table;
}

/** The framing the page builds for `target`: inferred task and the default recipe from the profile. */
export function defaultFraming(core, table, target, task) {
  const column = core.getColumn(table, target);
  const t = task ?? core.inferTask(column);
  const schema = table.columns.map((c) => ({ name: c.name, type: c.type }));
  const profile = core.profileTable(table);
  const recipe = core.defaultRecipe(schema, {
    target,
    task: t,
    rowCount: table.rowCount,
    profile: profile.columns,
  });
  return { task: t, recipe };
}

/**
 * The rows and feature matrices of `job` on `table`, exactly as the pipeline builds them: its own
 * checkTraining (target encoded, labelled rows, planned split), then the recipe fit on the
 * training rows only and replayed on the others. Class counts per part let a caller check the
 * assignment against a browser run's confusion matrices.
 */
export function jobMatrices(core, table, job) {
  const check = core.checkTraining(table, job);
  if (!check.prepared) throw new Error(`The job cannot train: ${check.problems.join(' ')}`);
  const { data, plan } = check.prepared;
  const { fitted, features } = core.fitTransform(job.recipe, core.takeRows(data.table, plan.train), {
    target: job.target,
    task: job.task,
    seed: job.seed,
  });
  const pick = (rows) => Float32Array.from(rows, (r) => data.y[r]);
  const part = (rows, m) => ({ ...m, y: pick(rows), rowIds: rows });
  const out = {
    classes: data.classes,
    nClasses: data.nClasses,
    names: null,
    split: plan.summary,
    train: part(plan.train, core.matrixFromFeatures(features, fitted)),
  };
  out.names = out.train.names;
  for (const name of ['validation', 'test', 'outOfTime']) {
    const rows = plan[name];
    if (rows.length) out[name] = part(rows, core.toFeatureMatrix(fitted, core.takeRows(data.table, rows)));
  }
  return out;
}

/** Class counts of a part's encoded target (classification). */
export function classCounts(y, nClasses) {
  const counts = new Array(nClasses).fill(0);
  for (const v of y) counts[v]++;
  return counts;
}

/**
 * Writes each part as raw little-endian float32 (x row-major, then y) plus a JSON header, the
 * cheapest exact hand-over to numpy (np.fromfile).
 */
export function writeMatrices(dir, name, m, task, evalPart = 'test') {
  const header = { task, nClasses: m.nClasses, classes: m.classes, names: m.names, parts: {} };
  for (const [p, as] of [
    ['train', 'train'],
    ['validation', 'validation'],
    [evalPart, 'test'],
  ]) {
    const s = m[p];
    if (!s) continue;
    const file = join(dir, `${name}-${p}.f32`);
    const bytes = new Uint8Array((s.x.length + s.y.length) * 4);
    bytes.set(new Uint8Array(s.x.buffer, s.x.byteOffset, s.x.byteLength), 0);
    bytes.set(new Uint8Array(s.y.buffer, s.y.byteOffset, s.y.byteLength), s.x.byteLength);
    writeFileSync(file, bytes);
    header.parts[as] = { file, rows: s.rows, cols: s.cols, part: p };
  }
  const headerPath = join(dir, `${name}.json`);
  writeFileSync(headerPath, JSON.stringify(header));
  return headerPath;
}
