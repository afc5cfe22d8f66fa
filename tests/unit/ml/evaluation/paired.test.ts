import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapInterval } from '../../../../src/core/ml/evaluation/bootstrap';
import { mcNemar, mcNemarFromPredictions, pairedBootstrap } from '../../../../src/core/ml/evaluation/paired';
import { createRng } from '../../../../src/core/ml/rng';

interface McNemarCase {
  only_a_right: number;
  only_b_right: number;
  exact_p: number;
  chi2_cc: number;
  chi2_cc_p: number;
}
const golden = JSON.parse(
  readFileSync(new URL('../../../fixtures/golden/evaluation.json', import.meta.url), 'utf8'),
) as { mcnemar: { cases: McNemarCase[] } };

describe('McNemar', () => {
  it.each(golden.mcnemar.cases)('matches SciPy for b=$only_a_right, c=$only_b_right', (c) => {
    const r = mcNemar(c.only_a_right, c.only_b_right);
    expect(r.exactP).toBeCloseTo(c.exact_p, 10);
    expect(r.chiSquare).toBeCloseTo(c.chi2_cc, 10);
    expect(r.chiSquareP).toBeCloseTo(c.chi2_cc_p, 10);
  });

  it('counts the discordant rows from predictions', () => {
    const y = [0, 1, 1, 0, 1, 0];
    const a = [0, 1, 1, 0, 0, 1]; // right on 0..3
    const b = [1, 1, 0, 0, 1, 1]; // right on 1, 3, 4
    const r = mcNemarFromPredictions(y, a, b);
    expect([r.onlyARight, r.onlyBRight]).toEqual([2, 1]);
    expect(mcNemar(0, 0).exactP).toBe(1);
  });
});

describe('bootstrap', () => {
  const rng = createRng(3);
  const yTrue = Int32Array.from({ length: 400 }, () => (rng() < 0.5 ? 1 : 0));
  const good = Int32Array.from(yTrue, (y) => (rng() < 0.9 ? y : 1 - y));
  const coin = Int32Array.from(yTrue, () => (rng() < 0.5 ? 1 : 0));
  const accuracy = (pred: Int32Array) => (rows: Int32Array) => {
    let right = 0;
    for (const i of rows) if (pred[i] === yTrue[i]) right++;
    return right / rows.length;
  };

  it('gives a seeded interval around the estimate, narrower with more rows', () => {
    const a = bootstrapInterval(400, accuracy(good), { seed: 1, repeats: 500 });
    const b = bootstrapInterval(400, accuracy(good), { seed: 1, repeats: 500 });
    expect(b).toEqual(a);
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
    // Binomial standard error at p = 0.9, n = 400 is 0.015: the 95% interval is about ±0.03.
    expect(a.high - a.low).toBeGreaterThan(0.04);
    expect(a.high - a.low).toBeLessThan(0.08);
  });

  it('a paired bootstrap tells a real win from noise', () => {
    const win = pairedBootstrap(400, accuracy(good), accuracy(coin), { seed: 2, repeats: 500 });
    expect(win.difference).toBeGreaterThan(0.3);
    expect(win.low).toBeGreaterThan(0);
    expect(win.pValue).toBeLessThan(0.01);
    const coin2 = Int32Array.from(yTrue, () => (rng() < 0.5 ? 1 : 0));
    const noise = pairedBootstrap(400, accuracy(coin), accuracy(coin2), { seed: 2, repeats: 500 });
    expect(noise.low).toBeLessThan(0);
    expect(noise.high).toBeGreaterThan(0);
    expect(noise.pValue).toBeGreaterThan(0.05);
  });
});
