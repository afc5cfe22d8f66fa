import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FeatureInfo } from '../../../../src/core/features/types';
import { linearShap, type LinearForm } from '../../../../src/core/ml/explain/linearShap';
import { partialDependence } from '../../../../src/core/ml/explain/partialDependence';
import { explainRow } from '../../../../src/core/ml/explain/reasons';
import { defaultSpec, disposeModel, fitModel, predict } from '../../../../src/core/ml/models';
import type { GbdtSpec, LinearSpec, MlpSpec } from '../../../../src/core/ml/models';
import { createRng } from '../../../../src/core/ml/rng';
import { type Table } from '../../../../src/core/table/table';
import { numericFromNumbers } from '../../table/helpers';
import { linear } from '../synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const golden = JSON.parse(
  readFileSync(new URL('../../../fixtures/golden/explain.json', import.meta.url), 'utf8'),
) as {
  linear_shap: {
    weights: number[];
    bias: number;
    feature_means: number[];
    X: number[][];
    shap: number[][];
    expected_value: number;
  };
};

describe('linear SHAP', () => {
  it('matches the golden values', () => {
    const g = golden.linear_shap;
    const cols = g.weights.length;
    const form: LinearForm = {
      cols,
      outputs: 1,
      weights: Float64Array.from(g.weights),
      bias: Float64Array.of(g.bias),
      scale: 1,
      shift: 0,
    };
    const out = linearShap(form, g.feature_means, g.X.flat(), g.X.length);
    g.X.forEach((_, r) => {
      g.shap[r]!.forEach((v, j) => expect(out[r * (cols + 1) + j]).toBeCloseTo(v, 12));
      expect(out[r * (cols + 1) + cols]).toBeCloseTo(g.expected_value, 12);
    });
  });
});

/** Three features: a (one-hot pair from column "colour"), b, and a constant the model can ignore. */
function data(rows: number, seed: number, task: 'classification' | 'regression', classes = 2) {
  const rng = createRng(seed);
  const x = new Float32Array(rows * 4);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const red = rng() < 0.5 ? 1 : 0;
    const b = rng() * 2 - 1;
    x.set([red, 1 - red, b, 0.5], r * 4);
    const score = 1.5 * red + 2 * b + (rng() - 0.5) * 0.3;
    y[r] =
      task === 'regression'
        ? score
        : classes === 2
          ? score > 0.75
            ? 1
            : 0
          : score < 0.2
            ? 0
            : score < 1.3
              ? 1
              : 2;
  }
  return { x, y, rows };
}
const FEATURES: FeatureInfo[] = [
  { name: 'colour_red', sources: ['colour'], step: 0 },
  { name: 'colour_blue', sources: ['colour'], step: 0 },
  { name: 'b', sources: ['b'], step: -1 },
  { name: 'k', sources: ['k'], step: -1 },
];

async function check(
  task: 'classification' | 'regression',
  spec: GbdtSpec | LinearSpec | MlpSpec,
  classes = 2,
) {
  const d = data(400, 1, task, classes);
  const model = await fitModel(spec, {
    task,
    nClasses: task === 'regression' ? 1 : classes,
    x: d.x,
    y: d.y,
    rows: d.rows,
    cols: 4,
    seed: 1,
  });
  try {
    const ctx = {
      model,
      features: FEATURES,
      classes: ['lo', 'mid', 'hi'].slice(0, classes),
      target: 'y',
      background: { x: d.x.subarray(0, 200 * 4), rows: 200 },
    };
    const row = d.x.slice(7 * 4, 8 * 4);
    const reasons = await explainRow(ctx, row);
    expect(reasons.columns.map((c) => c.column)).toEqual(['colour', 'b', 'k']);
    const p = await predict(model, row, 1);
    reasons.output.forEach((out, k) => {
      const sum = reasons.columns.reduce((a, c) => a + c.contributions[k]!, reasons.expected[k]!);
      expect(sum).toBeCloseTo(out, 6);
    });
    return { reasons, p, model };
  } catch (e) {
    disposeModel(model);
    throw e;
  }
}

describe('reasons for one row add up to the model output', () => {
  it('boosted trees (multiclass): log-odds whose softmax is the prediction', async () => {
    const spec = { ...(defaultSpec('gbdt', 'classification') as GbdtSpec), maxIterations: 20 };
    const { reasons, p } = await check('classification', spec, 3);
    expect(reasons.method).toBe('treeShap');
    const z = reasons.output.map(Math.exp);
    const total = z.reduce((a, b) => a + b, 0);
    z.forEach((v, k) => expect(v / total).toBeCloseTo(p[k]!, 5));
    // The constant feature is never split on.
    expect(reasons.columns.find((c) => c.column === 'k')!.contributions.every((v) => v === 0)).toBe(true);
  });

  it('linear (binary): log-odds whose sigmoid is the prediction', async () => {
    const spec = { ...(defaultSpec('linear', 'classification') as LinearSpec), epochs: 20 };
    const { reasons, p, model } = await check('classification', spec);
    expect(reasons.method).toBe('linear');
    expect(1 / (1 + Math.exp(-reasons.output[0]!))).toBeCloseTo(p[1]!, 5);
    expect(reasons.columns.find((c) => c.column === 'k')!.contributions[0]).toBeCloseTo(0, 6);
    disposeModel(model);
  });

  it('MLP (regression): a sampling estimate with its standard error', async () => {
    const spec = { ...(defaultSpec('mlp', 'regression') as MlpSpec), epochs: 10 };
    const { reasons, p, model } = await check('regression', spec);
    expect(reasons.method).toBe('sampling');
    expect(reasons.output[0]).toBeCloseTo(p[0]!, 5);
    expect(reasons.columns.every((c) => Number.isFinite(c.stdErr![0]))).toBe(true);
    // A column whose value equals every background row's contributes exactly nothing.
    expect(reasons.columns.find((c) => c.column === 'k')!.contributions[0]).toBe(0);
    disposeModel(model);
  });
});

describe('partial dependence', () => {
  it('of a linear model is a line whose slope is the feature weight; ICE curves are parallel', async () => {
    const s = linear(300, [2.5, -1], 0.5, 0.1, 7);
    const spec = { ...(defaultSpec('linear', 'regression') as LinearSpec), epochs: 60, learningRate: 0.05 };
    const model = await fitModel(spec, {
      task: 'regression',
      nClasses: 1,
      x: s.x,
      y: s.y,
      rows: s.rows,
      cols: 2,
      seed: 2,
    });
    try {
      const table: Table = {
        rowCount: 100,
        columns: [
          numericFromNumbers(
            'u',
            Array.from({ length: 100 }, (_, r) => s.x[r * 2]!),
          ),
          numericFromNumbers(
            'v',
            Array.from({ length: 100 }, (_, r) => s.x[r * 2 + 1]!),
          ),
        ],
      };
      const predictTable = (t: Table) => {
        const [u, v] = t.columns;
        const x = new Float32Array(t.rowCount * 2);
        for (let r = 0; r < t.rowCount; r++)
          x.set(
            [(u as { values: Float64Array }).values[r]!, (v as { values: Float64Array }).values[r]!],
            r * 2,
          );
        return predict(model, x, t.rowCount);
      };
      const pd = await partialDependence(predictTable, table, 'u', 1, { gridSize: 10, iceRows: 5 });
      const form = model.family === 'linear' ? model : null;
      const kernel = (await form!.model.layers[0]!.getWeights()[0]!.data())[0]!;
      const weight = kernel * form!.yStd;
      const grid = pd.grid as number[];
      for (let i = 1; i < grid.length; i++) {
        expect((pd.pd[i]! - pd.pd[i - 1]!) / (grid[i]! - grid[i - 1]!)).toBeCloseTo(weight, 3);
      }
      for (const curve of pd.ice) expect(curve[9]! - curve[0]!).toBeCloseTo(pd.pd[9]! - pd.pd[0]!, 3);
      expect(weight).toBeGreaterThan(1.5);
    } finally {
      disposeModel(model);
    }
  });
});
