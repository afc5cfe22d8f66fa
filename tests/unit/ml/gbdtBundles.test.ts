import { describe, expect, it } from 'vitest';
import { binMatrix, fitBinner } from '../../../src/core/ml/models/gbdt/binning';
import { expandHistogram, planHistograms } from '../../../src/core/ml/models/gbdt/bundles';
import { GrowWorkspace, growTree } from '../../../src/core/ml/models/gbdt/grow';
import type { GrowOptions } from '../../../src/core/ml/models/gbdt/grow';
import { buildHistogram } from '../../../src/core/ml/models/gbdt/histogram';
import { createRng } from '../../../src/core/ml/rng';
import { normal } from './synthetic';

/**
 * A table as the default recipe hands it to the trees: two numbers, a 4-level one-hot block, a
 * 3-level one-hot block, a flag that is mostly 1, and a flag that is on only where that one is 1
 * (so their unusual rows never meet).
 */
function oneHotTable(rows: number, seed: number) {
  const rng = createRng(seed);
  const cols = 11;
  const x = new Float32Array(rows * cols);
  const g = new Float32Array(2 * rows);
  for (let r = 0; r < rows; r++) {
    const a = normal(rng);
    const b = normal(rng);
    const c4 = Math.floor(rng() * 4);
    const c3 = Math.floor(rng() * 3);
    const mostlyOn = rng() < 0.9 ? 1 : 0;
    const row = [a, b, 0, 0, 0, 0, 0, 0, 0, mostlyOn, mostlyOn && rng() < 0.2 ? 1 : 0];
    row[2 + c4] = 1;
    row[6 + c3] = 1;
    x.set(row, r * cols);
    const z = a - 0.5 * b + [0.8, -0.3, 0.1, -1][c4]! + (c3 === 2 ? 0.7 : 0) + (mostlyOn ? 0 : 0.9);
    const p = 1 / (1 + Math.exp(-z));
    const y = rng() < p ? 1 : 0;
    g[2 * r] = 0.5 - y;
    g[2 * r + 1] = 0.25;
  }
  return { x, g, rows, cols };
}

function setup(rows = 3000) {
  const t = oneHotTable(rows, 7);
  const binner = fitBinner(t.x, rows, t.cols, 255, createRng(1));
  const binned = binMatrix(binner, t.x, rows);
  return { ...t, binner, binned };
}

describe('exclusive feature bundling', () => {
  it('bundles the columns of each one-hot block and leaves the rest alone', () => {
    const { binner, binned, rows, cols } = setup();
    const plan = planHistograms(binner, binned, rows);
    const bundles = plan.bundles.map((b) => [...b]);
    // Every row has one column of each block on, so the blocks conflict and get a bundle each;
    // the flags conflict with the blocks but not with each other.
    expect(bundles).toEqual([
      [2, 3, 4, 5],
      [6, 7, 8],
      [9, 10],
    ]);
    expect(plan.groups.cols).toBe(2 + 3);
    expect([...plan.featureGroup]).toEqual([0, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4]);
    expect(plan.usualBin[9]).toBe(1);
    expect(plan.usualBin[10]).toBe(0);
    expect(plan.usualBin[0]).toBe(-1);
    // A row's bundle code names the one-hot column that is on.
    const g = plan.groups.cols;
    for (let r = 0; r < 20; r++) {
      const on = [2, 3, 4, 5].find((f) => binned[r * cols + f] === 1)!;
      expect(plan.binned[r * g + 2]).toBe(on - 1);
      expect(plan.binned[r * g + 0]).toBe(binned[r * cols]);
    }
  });

  it('recovers every feature histogram exactly from the bundled one', () => {
    const { binner, binned, rows, g } = setup();
    const bundled = planHistograms(binner, binned, rows);
    const plain = planHistograms(binner, binned, rows, { bundle: false });
    expect(plain.groups).toBe(plain.full);
    // A node: every third row.
    const idx = Int32Array.from({ length: Math.floor(rows / 3) }, (_, i) => 3 * i);
    const direct = new Float64Array(plain.full.size);
    buildHistogram(direct, plain.full, binned, idx, 0, idx.length, g);
    const grouped = new Float64Array(bundled.groups.size);
    buildHistogram(grouped, bundled.groups, bundled.binned, idx, 0, idx.length, g);
    let sumG = 0;
    let sumH = 0;
    for (const r of idx) {
      sumG += g[2 * r]!;
      sumH += g[2 * r + 1]!;
    }
    const expanded = new Float64Array(bundled.full.size);
    expandHistogram(bundled, grouped, expanded, sumG, sumH, idx.length);
    for (let i = 0; i < direct.length; i++) expect(expanded[i]).toBeCloseTo(direct[i]!, 9);
  });

  it('grows the same trees with and without bundles', () => {
    const { binner, binned, rows, g } = setup(4000);
    const options: GrowOptions = {
      maxLeaves: 31,
      maxDepth: Infinity,
      growth: 'leafwise',
      learningRate: 0.1,
      l2: 0,
      minSamplesLeaf: 20,
      minHessian: 1e-3,
    };
    const rowsAll = Int32Array.from({ length: rows }, (_, i) => i);
    const grow = (bundle: boolean) => {
      const plan = planHistograms(binner, binned, rows, { bundle });
      const raw = new Float64Array(rows);
      const tree = growTree(new GrowWorkspace(rows, plan), plan, binned, rowsAll, g, options, raw, 1, 0);
      return { tree, raw };
    };
    const a = grow(true);
    const b = grow(false);
    expect(a.tree.feature).toEqual(b.tree.feature);
    expect(a.tree.bin).toEqual(b.tree.bin);
    expect(a.tree.missingLeft).toEqual(b.tree.missingLeft);
    expect(a.tree.feature.filter((f) => f >= 2 && f <= 8).length).toBeGreaterThan(0);
    for (let i = 0; i < a.tree.value.length; i++) expect(a.tree.value[i]).toBeCloseTo(b.tree.value[i]!, 12);
    for (let r = 0; r < rows; r++) expect(a.raw[r]).toBeCloseTo(b.raw[r]!, 12);
  });

  it('never bundles columns that are on in the same row, nor columns with missing values', () => {
    const rows = 100;
    const x = new Float32Array(rows * 3);
    for (let r = 0; r < rows; r++) {
      x[3 * r] = r % 2;
      x[3 * r + 1] = r % 4 === 1 ? 1 : 0; // on wherever column 0 is on, sometimes
      x[3 * r + 2] = r % 5 === 0 ? NaN : r % 2 ? 0 : 1;
    }
    const binner = fitBinner(x, rows, 3, 255, createRng(1));
    const plan = planHistograms(binner, binMatrix(binner, x, rows), rows);
    expect(plan.bundles).toEqual([]);
    expect(plan.groups).toBe(plan.full);
  });
});
