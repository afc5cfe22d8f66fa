import { describe, expect, it } from 'vitest';
import { argmaxRows, compareShadow } from '../../../src/core/monitoring/shadow';
import { mcNemar } from '../../../src/core/ml/evaluation/paired';

function probs(labels: number[], k: number): Float32Array {
  const out = new Float32Array(labels.length * k);
  labels.forEach((l, i) => {
    for (let j = 0; j < k; j++) out[i * k + j] = j === l ? 0.8 : 0.2 / (k - 1);
  });
  return out;
}

describe('shadow comparison', () => {
  const y = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];
  const prod = [0, 1, 2, 0, 1, 2, 1, 0, 0, 1]; // 6 right
  const chal = [0, 1, 2, 0, 1, 2, 0, 1, 2, 2]; // 9 right
  const p = { task: 'classification' as const, k: 3, out: probs(prod, 3) };
  const c = { task: 'classification' as const, k: 3, out: probs(chal, 3) };

  it('gives agreement and distribution distance without the target', () => {
    const r = compareShadow(p, c, undefined);
    expect(r.agreement).toBeCloseTo(6 / 10, 12);
    expect(r.distributionDistance).toBeGreaterThan(0);
    expect(r.metrics).toBeUndefined();
    expect(compareShadow(p, p, undefined).agreement).toBe(1);
    expect(compareShadow(p, p, undefined).distributionPsi).toBe(0);
  });

  it('gives each model’s metrics and the paired tests with the target', () => {
    const r = compareShadow(p, c, Float32Array.from(y), { seed: 1, repeats: 200 });
    expect(r.metrics!.production.task === 'classification' && r.metrics!.production.accuracy).toBeCloseTo(
      0.6,
      12,
    );
    expect(r.metrics!.challenger.task === 'classification' && r.metrics!.challenger.accuracy).toBeCloseTo(
      0.9,
      12,
    );
    // Challenger right where production was wrong on 3 rows, never the reverse.
    expect(r.mcNemar).toEqual(mcNemar(3, 0));
    expect(r.bootstrap!.difference).toBeCloseTo(0.3, 12);
  });

  it('skips rows whose target is unknown', () => {
    const partial = Float32Array.from(y, (v, i) => (i >= 6 ? NaN : v));
    const r = compareShadow(p, c, partial);
    expect(r.mcNemar!.onlyARight + r.mcNemar!.onlyBRight).toBe(0);
  });

  it('compares regression outputs by tolerance and RMSE', () => {
    const a = { task: 'regression' as const, k: 1, out: Float32Array.from([1, 2, 3, 4]) };
    const b = { task: 'regression' as const, k: 1, out: Float32Array.from([1, 2, 3.5, 4]) };
    const r = compareShadow(a, b, Float32Array.from([1, 2, 3.5, 4]), { repeats: 50 });
    expect(r.agreement).toBe(0.75);
    expect(r.meanAbsDifference).toBeCloseTo(0.125, 6);
    expect(r.bootstrap!.difference).toBeCloseTo(0.25, 6);
    expect(Array.from(argmaxRows(Float32Array.from([0.1, 0.9, 0.7, 0.3]), 2))).toEqual([1, 0]);
  });
});
