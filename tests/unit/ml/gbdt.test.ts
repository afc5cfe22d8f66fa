import { describe, expect, it } from 'vitest';
import { classScores, rocAuc } from '../../../src/core/ml/curves';
import { classificationMetrics, regressionMetrics } from '../../../src/core/ml/metrics';
import { binMatrix, fitBinner } from '../../../src/core/ml/models/gbdt/binning';
import { fitGbdt } from '../../../src/core/ml/models/gbdt/boost';
import { forestRaw, type Forest } from '../../../src/core/ml/models/gbdt/forest';
import { defaultSpec, fitModel, isAbortError, predict } from '../../../src/core/ml/models';
import type { GbdtSpec, TrainingData } from '../../../src/core/ml/models';
import { createRng } from '../../../src/core/ml/rng';
import { gbdtReference, linear, slice, xor } from './synthetic';
import type { Synthetic } from './synthetic';

const base = defaultSpec('gbdt', 'classification') as GbdtSpec;
const spec = (over: Partial<GbdtSpec> = {}): GbdtSpec => ({ ...base, earlyStopping: null, ...over });

function data(
  s: Synthetic,
  task: TrainingData['task'] = 'classification',
  nClasses = 2,
  seed = 1,
): TrainingData {
  return { task, nClasses, x: s.x, y: s.y, rows: s.rows, cols: s.cols, seed };
}

function auc(y: Float32Array, proba: Float32Array): number {
  return rocAuc(y, classScores(proba, 2, 1));
}

describe('binning', () => {
  it('few distinct values get one bin each; NaN gets the missing bin; ≤ maxBins bins', () => {
    const rows = 1000;
    const x = new Float32Array(rows * 2);
    const rng = createRng(3);
    for (let r = 0; r < rows; r++) {
      x[2 * r] = r % 3;
      x[2 * r + 1] = r % 10 === 0 ? NaN : rng();
    }
    const binner = fitBinner(x, rows, 2, 255, createRng(1));
    expect(binner.nBins[0]).toBe(3);
    expect([...binner.edges[0]!]).toEqual([0.5, 1.5]);
    expect(binner.nBins[1]).toBeLessThanOrEqual(255);
    expect(binner.hasMissing[1]).toBe(1);
    const binned = binMatrix(binner, x, rows);
    expect(binned[0]).toBe(0);
    expect(binned[2 * 2]).toBe(2);
    expect(binned[1]).toBe(binner.nBins[1]);
    // Quantile bins hold roughly equal counts.
    const counts = new Array<number>(binner.nBins[1]!).fill(0);
    for (let r = 0; r < rows; r++) if (r % 10) counts[binned[2 * r + 1]!]!++;
    expect(Math.max(...counts)).toBeLessThan(10);
  });
});

describe('gradient-boosted trees', () => {
  it('matches scikit-learn HistGradientBoosting on a fixed synthetic table', async () => {
    // From tests/unit/ml/fixtures/gbdt_reference.py (scikit-learn 1.2.1, HistGradientBoostingClassifier
    // with early_stopping=False, otherwise defaults) on gbdtReference(6000, 2024): train rows 0–3999,
    // test rows 4000–5999.
    const SKLEARN_AUC = 0.8570224901160153;
    const all = gbdtReference(6000, 2024);
    // The generator mirrors the Python one: same first row and labels.
    expect([...all.x.slice(0, 6)]).toEqual([
      0.8287225365638733, 1.204413890838623, -0.6970005631446838, 0.29631805419921875, 2, 0.7971209287643433,
    ]);
    expect([...all.y.slice(0, 8)]).toEqual([1, 0, 1, 0, 1, 0, 0, 0]);
    const train = slice(all, 0, 4000);
    const test = slice(all, 4000, 6000);
    const model = await fitModel(spec(), data(train));
    const ours = auc(test.y, await predict(model, test.x, test.rows));
    expect(Math.abs(ours - SKLEARN_AUC)).toBeLessThan(0.003);
  });

  it('learns XOR, which no linear model can', async () => {
    const s = xor(2000, 5);
    const model = await fitModel(spec({ maxIterations: 50 }), data(slice(s, 0, 1500)));
    const test = slice(s, 1500, 2000);
    const m = classificationMetrics(Int32Array.from(test.y), await predict(model, test.x, test.rows), 2);
    expect(m.accuracy).toBeGreaterThan(0.95);
  });

  it('sends missing values to the side they were learned on', async () => {
    // Class 1 exactly when the feature is missing, or when it is above 0.5.
    const rows = 2000;
    const rng = createRng(9);
    const x = new Float32Array(rows);
    const y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      const missing = rng() < 0.3;
      const v = rng();
      x[r] = missing ? NaN : v;
      y[r] = missing || v > 0.5 ? 1 : 0;
    }
    const model = await fitModel(spec({ maxIterations: 30 }), data({ x, y, rows, cols: 1 }));
    const p = await predict(model, Float32Array.from([NaN, 0.2, 0.9]), 3);
    expect(p[1]).toBeGreaterThan(0.95);
    expect(p[3]).toBeLessThan(0.05);
    expect(p[5]).toBeGreaterThan(0.95);
  });

  it('regression: fits a linear signal with squared error', async () => {
    const s = linear(3000, [2, -1, 0.5], 3, 0.1, 4);
    const model = await fitModel(spec({ maxIterations: 200 }), data(slice(s, 0, 2500), 'regression', 1));
    const test = slice(s, 2500, 3000);
    const m = regressionMetrics(test.y, await predict(model, test.x, test.rows));
    expect(m.r2).toBeGreaterThan(0.97);
  });

  it('multi-class: one tree per class per iteration, probabilities sum to 1', async () => {
    const rows = 1500;
    const rng = createRng(12);
    const x = new Float32Array(rows * 2);
    const y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      const a = rng();
      const b = rng();
      x.set([a, b], 2 * r);
      y[r] = a < 0.33 ? 0 : b < 0.5 ? 1 : 2;
    }
    const model = await fitModel(
      spec({ maxIterations: 20 }),
      data({ x, y, rows, cols: 2 }, 'classification', 3),
    );
    expect(model.family === 'gbdt' && model.forest.treeStart.length).toBe(60);
    const p = await predict(model, x, rows);
    for (let r = 0; r < 10; r++) expect(p[3 * r]! + p[3 * r + 1]! + p[3 * r + 2]!).toBeCloseTo(1, 5);
    expect(classificationMetrics(Int32Array.from(y), p, 3).accuracy).toBeGreaterThan(0.97);
  });

  it('scores in blocks exactly as a walk of the stored nodes, missing values and classes included', async () => {
    // More than two blocks of 1,024 rows, and not a multiple of the 8 rows walked together, so the
    // last rows of a block take the one-row path.
    const rows = 2603;
    const rng = createRng(21);
    const x = new Float32Array(rows * 3);
    const y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      const a = rng();
      const b = rng() < 0.15 ? NaN : rng();
      const c = rng();
      y[r] = a < 0.33 ? 0 : Number.isNaN(b) || b < 0.5 ? 1 : 2;
      // Unbounded values scored after training: they must go where the stored splits send them.
      x.set([a, b, r % 97 === 0 ? (r % 2 ? Infinity : -Infinity) : c], 3 * r);
    }
    const model = await fitModel(
      spec({ maxIterations: 15, minSamplesLeaf: 5 }),
      data({ x, y, rows, cols: 3 }, 'classification', 3),
    );
    if (model.family !== 'gbdt') throw new Error('not trees');
    const f = model.forest;
    // The reference: each row, each tree, from its stored root (the model file's node order).
    const walk = (): Float64Array => {
      const out = new Float64Array(rows * f.nOutputs);
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < f.nOutputs; k++) out[r * f.nOutputs + k] = f.baseline[k]!;
        for (let t = 0; t < f.treeStart.length; t++) {
          let node = f.treeStart[t]!;
          while (f.feature[node]! >= 0) {
            const v = x[r * 3 + f.feature[node]!]!;
            const left = Number.isNaN(v) ? f.missingLeft[node] === 1 : v <= f.threshold[node]!;
            node = left ? f.left[node]! : f.right[node]!;
          }
          out[r * f.nOutputs + (t % f.nOutputs)]! += f.value[node]!;
        }
      }
      return out;
    };
    const depth = (node: number): number =>
      f.feature[node]! < 0 ? 0 : 1 + Math.max(depth(f.left[node]!), depth(f.right[node]!));
    // Trees deeper than 7 levels exercise the early stop of a group of rows.
    expect(Math.max(...Array.from(f.treeStart, depth))).toBeGreaterThan(7);
    // Missing values go left at some splits and right at others (both sides are walked).
    const splitsOnB = [...f.feature.keys()].filter((i) => f.feature[i] === 1);
    expect(new Set(splitsOnB.map((i) => f.missingLeft[i])).size).toBe(2);
    const reference = walk();
    expect(Array.from(forestRaw(f, x, rows))).toEqual(Array.from(reference));
    // Calls of 7 rows take only the one-row path.
    for (let r = 0; r + 7 <= 350; r += 7) {
      const part = forestRaw(f, x.subarray(3 * r, 3 * (r + 7)), 7);
      expect(Array.from(part)).toEqual(Array.from(reference.subarray(f.nOutputs * r, f.nOutputs * (r + 7))));
    }
    // A tree of a single leaf scores its value.
    const stump: Forest = {
      ...f,
      treeStart: Int32Array.of(0),
      feature: Int32Array.of(-1),
      threshold: Float64Array.of(0),
      missingLeft: Uint8Array.of(0),
      left: Int32Array.of(-1),
      right: Int32Array.of(-1),
      value: Float64Array.of(0.25),
      nOutputs: 1,
      baseline: Float64Array.of(1),
    };
    expect(Array.from(forestRaw(stump, x.subarray(0, 9), 3))).toEqual([1.25, 1.25, 1.25]);
  });

  it('refuses a damaged forest (a child out of range, a node reached twice, a feature out of range)', () => {
    const tree = (left: number, right: number, feature = 0): Forest => ({
      cols: 2,
      nOutputs: 1,
      baseline: Float64Array.of(0),
      treeStart: Int32Array.of(0),
      feature: Int32Array.of(feature, -1, -1),
      threshold: Float64Array.of(0.5, 0, 0),
      missingLeft: Uint8Array.of(1, 0, 0),
      left: Int32Array.of(left, -1, -1),
      right: Int32Array.of(right, -1, -1),
      value: Float64Array.of(0, -1, 1),
      featureGain: new Float64Array(2),
    });
    const x = Float32Array.of(0, 0, 1, 0);
    expect(Array.from(forestRaw(tree(1, 2), x, 2))).toEqual([-1, 1]);
    expect(() => forestRaw(tree(1, 7), x, 2)).toThrow(/damaged.*node 7/);
    expect(() => forestRaw(tree(0, 2), x, 2)).toThrow(/damaged.*reached twice/);
    expect(() => forestRaw(tree(1, 1), x, 2)).toThrow(/damaged.*reached twice/);
    expect(() => forestRaw(tree(1, 2, 5), x, 2)).toThrow(/damaged.*feature 5/);
  });

  it('depth-wise growth respects maxDepth; leaf-wise respects maxLeaves', async () => {
    const s = gbdtReference(2000, 8);
    const deep = await fitGbdt(spec({ growth: 'depthwise', maxDepth: 2, maxIterations: 5 }), data(s));
    const wide = await fitGbdt(spec({ maxLeaves: 4, maxIterations: 5 }), data(s));
    const { forest } = deep;
    for (let t = 0; t < forest.treeStart.length; t++) {
      const end = t + 1 < forest.treeStart.length ? forest.treeStart[t + 1]! : forest.feature.length;
      const depth = (node: number): number =>
        forest.feature[node]! < 0 ? 0 : 1 + Math.max(depth(forest.left[node]!), depth(forest.right[node]!));
      expect(depth(forest.treeStart[t]!)).toBeLessThanOrEqual(2);
      const leavesWide = Array.from(wide.forest.feature).filter((f) => f < 0).length;
      expect(leavesWide).toBeLessThanOrEqual(4 * 5);
      expect(end).toBeGreaterThan(forest.treeStart[t]!);
    }
  });

  it('early stopping on validation keeps the trees up to the best iteration', async () => {
    // Pure noise labels: validation loss is best after very few trees.
    const rows = 1200;
    const rng = createRng(21);
    const x = Float32Array.from({ length: rows * 3 }, () => rng());
    const y = Float32Array.from({ length: rows }, () => (rng() < 0.5 ? 1 : 0));
    const valLosses: number[] = [];
    const model = await fitGbdt(
      spec({
        maxIterations: 200,
        minSamplesLeaf: 5,
        earlyStopping: { patience: 5, validationFraction: 0.2 },
      }),
      data({ x, y, rows, cols: 3 }),
      { onEpoch: (e) => void valLosses.push(e.valLoss!) },
    );
    expect(model.info.stoppedEarly).toBe(true);
    expect(model.info.validation).toBe('heldOut');
    expect(model.info.epochsRun).toBeLessThan(200);
    const best = valLosses.indexOf(Math.min(...valLosses)) + 1;
    expect(model.info.bestEpoch).toBe(best);
    expect(model.forest.treeStart.length).toBe(best);
    expect(model.info.epochsRun).toBe(best + 5);
  });

  it('is reproducible for a seed', async () => {
    const s = gbdtReference(1500, 3);
    const es = { patience: 3, validationFraction: 0.2 };
    const a = await predict(
      await fitModel(spec({ maxIterations: 20, earlyStopping: es }), data(s)),
      s.x,
      s.rows,
    );
    const b = await predict(
      await fitModel(spec({ maxIterations: 20, earlyStopping: es }), data(s)),
      s.x,
      s.rows,
    );
    const c = await predict(
      await fitModel(spec({ maxIterations: 20, earlyStopping: es }), data(s, 'classification', 2, 2)),
      s.x,
      s.rows,
    );
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('cancels with an AbortError when shouldStop turns true', async () => {
    const s = gbdtReference(1000, 3);
    let epochs = 0;
    const run = fitModel(spec(), data(s), { onEpoch: () => void epochs++, shouldStop: () => epochs >= 3 });
    const err = await run.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(epochs).toBe(3);
  });

  it('rejects a bad spec with the field named', async () => {
    await expect(fitModel(spec({ maxLeaves: 1 }), data(xor(100, 1)))).rejects.toThrow(/Max leaves/);
    await expect(fitModel(spec({ maxBins: 300 }), data(xor(100, 1)))).rejects.toThrow(
      /Bins must be from 2 to 255/,
    );
  });
});
