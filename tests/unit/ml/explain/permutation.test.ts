import { describe, expect, it } from 'vitest';
import { permutationImportance } from '../../../../src/core/ml/explain/permutation';
import { createRng } from '../../../../src/core/ml/rng';
import { linear } from '../synthetic';

describe('permutationImportance', () => {
  // A known model: the true regression function, so importances follow the coefficients.
  const coef = [3, 0, -1];
  const truth = async (x: Float32Array, rows: number) =>
    Float32Array.from({ length: rows }, (_, r) => coef.reduce((s, c, f) => s + c * x[r * 3 + f]!, 0));

  it('ranks features by how much shuffling them hurts, and a useless one scores 0', async () => {
    const s = linear(500, coef, 0, 0, 3);
    const out = await permutationImportance(truth, s.x, s.y, s.rows, 3, ['big', 'none', 'small'], {
      metric: 'rmse',
      repeats: 3,
      seed: 1,
    });
    expect(out.map((o) => o.feature)).toEqual(['big', 'small', 'none']);
    expect(out[0]!.importance).toBeGreaterThan(3);
    expect(out[1]!.importance).toBeGreaterThan(1);
    expect(out[2]!.importance).toBe(0);
    expect(out[2]!.std).toBe(0);
    // Lower-is-better metrics are turned around: importances are positive drops in quality.
    const r2 = await permutationImportance(truth, s.x, s.y, s.rows, 3, ['big', 'none', 'small'], {
      metric: 'r2',
      repeats: 3,
      seed: 1,
    });
    expect(r2[0]!.feature).toBe('big');
    expect(r2[0]!.importance).toBeGreaterThan(0.5);
  });

  it('is seeded, leaves x untouched and can use a row sample', async () => {
    const s = linear(300, coef, 0, 0.1, 4);
    const copy = s.x.slice();
    const opts = { metric: 'mae' as const, repeats: 2, seed: 9, maxRows: 100 };
    const a = await permutationImportance(truth, s.x, s.y, s.rows, 3, ['a', 'b', 'c'], opts);
    const b = await permutationImportance(truth, s.x, s.y, s.rows, 3, ['a', 'b', 'c'], opts);
    expect(b).toEqual(a);
    expect(s.x).toEqual(copy);
    let calls = 0;
    await permutationImportance(
      async (x, rows) => {
        calls++;
        expect(rows).toBe(100);
        return truth(x, rows);
      },
      s.x,
      s.y,
      s.rows,
      3,
      ['a', 'b', 'c'],
      opts,
    );
    expect(calls).toBe(1 + 3 * 2);
  });

  it('works with class probabilities and a classification metric', async () => {
    const rng = createRng(2);
    const rows = 400;
    const x = Float32Array.from({ length: rows * 2 }, () => rng() * 2 - 1);
    const y = Float32Array.from({ length: rows }, (_, r) => (x[2 * r]! > 0 ? 1 : 0));
    const model = async (xs: Float32Array, n: number) => {
      const p = new Float32Array(n * 2);
      for (let r = 0; r < n; r++) {
        const q = 1 / (1 + Math.exp(-10 * xs[2 * r]!));
        p[2 * r] = 1 - q;
        p[2 * r + 1] = q;
      }
      return p;
    };
    const out = await permutationImportance(model, x, y, rows, 2, ['signal', 'noise'], {
      metric: 'accuracy',
      repeats: 2,
      seed: 3,
    });
    expect(out[0]).toMatchObject({ feature: 'signal' });
    expect(out[0]!.importance).toBeGreaterThan(0.3);
    expect(out[1]!.importance).toBe(0);
  });
});

describe('permutation importance by input column', () => {
  it('shuffles a column’s features together: an ignored column scores exactly 0', async () => {
    const rng = createRng(5);
    const rows = 300;
    // Features: colour_red, colour_blue (one column), b, k (ignored by the model).
    const x = new Float32Array(rows * 4);
    const y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      const red = rng() < 0.5 ? 1 : 0;
      const b = rng();
      x.set([red, 1 - red, b, rng()], r * 4);
      y[r] = 3 * red + b;
    }
    const model = async (xs: Float32Array, n: number) =>
      Float32Array.from({ length: n }, (_, r) => 3 * xs[r * 4]! + xs[r * 4 + 2]!);
    const out = await permutationImportance(model, x, y, rows, 4, ['colour_red', 'colour_blue', 'b', 'k'], {
      metric: 'rmse',
      repeats: 5,
      seed: 1,
      groups: [
        { name: 'colour', features: [0, 1] },
        { name: 'b', features: [2] },
        { name: 'k', features: [3] },
      ],
    });
    expect(out.map((o) => o.feature)).toEqual(['colour', 'b', 'k']);
    expect(out[2]).toEqual({ feature: 'k', importance: 0, std: 0 });
    expect(out[0]!.std).toBeGreaterThan(0);
  });
});
