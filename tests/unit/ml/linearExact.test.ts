import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSpec,
  deserializeModel,
  disposeModel,
  fitModel,
  linearSolver,
  predict,
  serializeModel,
} from '../../../src/core/ml/models';
import type { FittedTfjs, LinearSpec, TrainingData } from '../../../src/core/ml/models';
import { fitsInJavaScript } from '../../../src/core/ml/backendProbe';
import { lbfgsSteps } from '../../../src/core/ml/models/linear/lbfgs';
import { solveLeastSquares } from '../../../src/core/ml/models/linear/leastSquares';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

interface Case {
  kind: 'logistic_binary' | 'logistic_multinomial' | 'ridge' | 'ols';
  C?: number;
  alpha?: number;
  X: number[][];
  y: number[];
  coef: number[] | number[][];
  intercept: number | number[];
  proba_first5?: number[][];
}
const golden = (name: string): Case[] =>
  (
    JSON.parse(readFileSync(new URL(`../../fixtures/golden/${name}`, import.meta.url), 'utf8')) as {
      cases: Case[];
    }
  ).cases;

function dataOf(c: Case): TrainingData {
  const classification = c.kind.startsWith('logistic');
  const cols = c.X[0]!.length;
  return {
    task: classification ? 'classification' : 'regression',
    nClasses: classification ? Math.max(...c.y) + 1 : 1,
    x: Float32Array.from(c.X.flat()),
    y: Float32Array.from(c.y),
    rows: c.y.length,
    cols,
    seed: 3,
  };
}

function specOf(c: Case, over: Partial<LinearSpec> = {}): LinearSpec {
  const base = defaultSpec(
    'linear',
    c.kind.startsWith('logistic') ? 'classification' : 'regression',
  ) as LinearSpec;
  return { ...base, C: c.C ?? 1, alpha: c.alpha ?? 0, ...over };
}

/** Coefficients as scikit-learn lays them out ([classes][features]) and intercepts, read from the tfjs model. */
async function readCoefficients(m: FittedTfjs): Promise<{ coef: number[][]; intercept: number[] }> {
  const [kernel, bias] = m.model.getWeights();
  const k = Array.from(await kernel!.data());
  const b = Array.from(await bias!.data());
  const outputs = b.length;
  const coef = Array.from({ length: outputs }, (_, o) =>
    Array.from({ length: m.cols }, (_, j) => k[j * outputs + o]! * m.yStd),
  );
  return { coef, intercept: b.map((v) => v * m.yStd + m.yMean) };
}

/**
 * Largest difference relative to the largest expected magnitude. Coefficients and intercepts are
 * compared as one vector: scikit-learn's own answer sits ~1e-5 (absolute) from the exact optimum,
 * which is more than 1e-4 of an intercept near 0.
 */
function expectRelative(actual: number[], expected: number[], tolerance = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!) / scale).toBeLessThan(tolerance));
}

describe('exact linear models against scikit-learn', () => {
  for (const c of golden('linear_models.json')) {
    it(`${c.kind}${c.C !== undefined ? ` C=${c.C}` : ''}${c.alpha !== undefined ? ` alpha=${c.alpha}` : ''}: coefficients to 1e-4`, async () => {
      const data = dataOf(c);
      const before = tf.memory().numTensors;
      const m = (await fitModel(specOf(c), data)) as FittedTfjs;
      const { coef, intercept } = await readCoefficients(m);
      const expected = Array.isArray(c.coef[0]) ? (c.coef as number[][]) : [c.coef as number[]];
      expectRelative(
        [...coef.flat(), ...intercept],
        [...expected.flat(), ...(Array.isArray(c.intercept) ? c.intercept : [c.intercept])],
      );
      expect(m.info.solver?.name).toBe(
        data.task === 'regression' ? 'cholesky' : data.nClasses === 2 ? 'newton' : 'lbfgs',
      );
      expect(m.info.solver?.converged).toBe(true);
      if (c.proba_first5) {
        const p = await predict(m, data.x.subarray(0, 5 * data.cols), 5);
        expectRelative(Array.from(p), c.proba_first5.flat(), 1e-4);
      }
      disposeModel(m);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('L-BFGS finds the same binary optimum as Newton', async () => {
    const c = golden('linear_models.json').find((g) => g.kind === 'logistic_binary')!;
    const wide = { ...dataOf(c) };
    // Past NEWTON_MAX_COLS zero columns: L-BFGS runs; they get weight 0 and change nothing else.
    const extra = 70;
    const cols = wide.cols + extra;
    const x = new Float32Array(wide.rows * cols);
    for (let r = 0; r < wide.rows; r++) x.set(wide.x.subarray(r * wide.cols, (r + 1) * wide.cols), r * cols);
    const m = (await fitModel(specOf(c), { ...wide, x, cols })) as FittedTfjs;
    expect(m.info.solver?.name).toBe('lbfgs');
    const { coef, intercept } = await readCoefficients(m);
    expectRelative(
      [...coef[0]!.slice(0, wide.cols), ...intercept],
      [...(c.coef as number[][])[0]!, ...(c.intercept as number[])],
    );
    disposeModel(m);
  });

  for (const c of golden('linear_balanced.json')) {
    it(`${c.kind}, class weights 'balanced': coefficients to 1e-4`, async () => {
      const m = (await fitModel(specOf(c, { classWeights: 'balanced' }), dataOf(c))) as FittedTfjs;
      const { coef, intercept } = await readCoefficients(m);
      expectRelative(
        [...coef.flat(), ...intercept],
        [...(c.coef as number[][]).flat(), ...(c.intercept as number[])],
      );
      expect(m.info.solver?.converged).toBe(true);
      disposeModel(m);
    });
  }

  it('keeps the tfjs representation: serialised and loaded back, it predicts the same', async () => {
    const c = golden('linear_models.json').find((g) => g.kind === 'logistic_multinomial')!;
    const data = dataOf(c);
    const m = await fitModel(specOf(c), data);
    const s = await serializeModel(m);
    expect(s.format).toBe('tfjs-layers');
    const back = await deserializeModel(s);
    const [a, b] = [await predict(m, data.x, data.rows), await predict(back, data.x, data.rows)];
    expect(Array.from(b)).toEqual(Array.from(a));
    disposeModel(m);
    disposeModel(back);
  });
});

describe('L-BFGS', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const steps = lbfgsSteps(
      (w, g) => {
        const [a, b] = [w[0]!, w[1]!];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
    );
    let next = steps.next();
    while (!next.done) next = steps.next();
    expect(next.value.converged).toBe(true);
    expect(next.value.w[0]).toBeCloseTo(1, 6);
    expect(next.value.w[1]).toBeCloseTo(1, 6);
  });
});

describe('least squares with dependent columns', () => {
  it('gives a dependent column coefficient 0 and still fits the data', () => {
    // Column 2 = column 0 + column 1: XᵀX is singular, OLS has many answers with one prediction.
    const rows = 50;
    const x = new Float32Array(rows * 3);
    const y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      const a = Math.sin(r);
      const b = Math.cos(3 * r);
      x.set([a, b, a + b], r * 3);
      y[r] = 2 * a - b + 0.5;
    }
    const s = solveLeastSquares(x, y, rows, 3, 0);
    expect(s.dependent).toEqual([2]);
    expect(s.w[0]).toBeCloseTo(2, 4);
    expect(s.w[1]).toBeCloseTo(-1, 4);
    expect(s.intercept).toBeCloseTo(0.5, 4);
  });
});

describe('solver choice', () => {
  const spec = defaultSpec('linear', 'classification') as LinearSpec;
  it('is exact on ordinary tables and minibatch on very large ones, and says why', () => {
    expect(linearSolver(spec, 'classification', 200_000, 30, 2).name).toBe('newton');
    expect(linearSolver(spec, 'classification', 200_000, 300, 2).name).toBe('lbfgs');
    expect(linearSolver(spec, 'classification', 200_000, 30, 3).name).toBe('lbfgs');
    const big = linearSolver(spec, 'classification', 20_000_000, 40, 2);
    expect(big.name).toBe('tfjs-minibatch');
    expect(big.reason).toMatch(/too large/);
    expect(linearSolver({ ...spec, solver: 'minibatch' }, 'classification', 100, 3, 2).name).toBe(
      'tfjs-minibatch',
    );
    expect(linearSolver(spec, 'regression', 100_000, 50, 1).name).toBe('cholesky');
  });

  it('needs no tfjs backend for an exact fit, so no backend is timed for it', () => {
    expect(fitsInJavaScript({ spec, rows: 569, cols: 30, nClasses: 2 })).toMatch(
      /^Linear model: L2 log loss/,
    );
    const large = { spec, rows: 20_000_000, cols: 40, nClasses: 2 };
    expect(fitsInJavaScript(large)).toBeNull();
    expect(fitsInJavaScript({ ...large, spec: defaultSpec('mlp', 'classification') })).toBeNull();
  });
});
