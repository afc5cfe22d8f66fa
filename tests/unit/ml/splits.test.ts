import { describe, expect, it } from 'vitest';
import { createRng, permutation } from '../../../src/core/ml/rng';
import { holdoutSplit, kFold, outOfTimeSplit } from '../../../src/core/ml/splits';

function expectPartition(parts: Int32Array[], n: number) {
  const seen = new Uint8Array(n);
  for (const p of parts) for (const r of p) seen[r]!++;
  expect(seen.every((c) => c === 1)).toBe(true);
}

function classCounts(rows: Int32Array, labels: Int32Array, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const r of rows) counts[labels[r]!]!++;
  return counts;
}

describe('createRng', () => {
  it('repeats a stream for a seed, differs across seeds, and stays in [0, 1)', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.slice(0, 5)).not.toEqual(Array.from({ length: 5 }, () => c()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('permutation holds every index once', () => {
    const p = permutation(100, createRng(1));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('holdoutSplit', () => {
  it('is disjoint, covering, sized by the fractions and reproducible by seed', () => {
    const s = holdoutSplit(1000, { testFraction: 0.2, validationFraction: 0.1, seed: 3 });
    expectPartition([s.train, s.validation, s.test], 1000);
    expect(s.test.length).toBe(200);
    expect(s.validation.length).toBe(100);
    expect(holdoutSplit(1000, { testFraction: 0.2, validationFraction: 0.1, seed: 3 })).toEqual(s);
    expect(holdoutSplit(1000, { testFraction: 0.2, validationFraction: 0.1, seed: 4 }).test).not.toEqual(
      s.test,
    );
  });

  it('stratified: every part keeps the class proportions', () => {
    // 70% / 25% / 5% classes, in blocks so that an unstratified cut would be visibly off.
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : i < 950 ? 1 : 2));
    const s = holdoutSplit(1000, { testFraction: 0.2, validationFraction: 0.2, seed: 11, stratify: labels });
    expectPartition([s.train, s.validation, s.test], 1000);
    expect(classCounts(s.test, labels, 3)).toEqual([140, 50, 10]);
    expect(classCounts(s.validation, labels, 3)).toEqual([140, 50, 10]);
    expect(classCounts(s.train, labels, 3)).toEqual([420, 150, 30]);
  });

  it('stratified: a class too small for every part is named in the error', () => {
    const labels = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(() =>
      holdoutSplit(10, {
        testFraction: 0.2,
        validationFraction: 0.2,
        seed: 1,
        stratify: labels,
        classNames: ['no', 'yes'],
      }),
    ).toThrow(/Class "yes" has 2 row\(s\).*train, test, validation/);
    // Three rows of the rare class are enough: one lands in each part.
    const ok = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const s = holdoutSplit(10, { testFraction: 0.2, validationFraction: 0.2, seed: 1, stratify: ok });
    for (const part of [s.train, s.validation, s.test])
      expect(classCounts(part, ok, 2)[1]).toBeGreaterThan(0);
  });

  it('rejects too few rows and impossible fractions', () => {
    expect(() => holdoutSplit(2, { testFraction: 0.2, validationFraction: 0.2, seed: 1 })).toThrow(/too few/);
    expect(() => holdoutSplit(100, { testFraction: 0.6, validationFraction: 0.4, seed: 1 })).toThrow(
      /no rows to train/,
    );
    expect(() => holdoutSplit(100, { testFraction: -0.1, validationFraction: 0, seed: 1 })).toThrow(
      /testFraction/,
    );
  });
});

describe('outOfTimeSplit', () => {
  it('trains on the earliest rows, validates later and tests on the latest; missing times are excluded', () => {
    const rng = createRng(5);
    const times = Float64Array.from({ length: 200 }, () => Math.floor(rng() * 1e6));
    times[17] = NaN;
    times[42] = NaN;
    const s = outOfTimeSplit(times, { validationFraction: 0.2, testFraction: 0.2 });
    expect([...s.excluded]).toEqual([17, 42]);
    expectPartition([s.train, s.validation, s.test, s.excluded], 200);
    const max = (rows: Int32Array) => Math.max(...Array.from(rows, (r) => times[r]!));
    const min = (rows: Int32Array) => Math.min(...Array.from(rows, (r) => times[r]!));
    expect(max(s.train)).toBeLessThan(min(s.validation));
    expect(max(s.validation)).toBeLessThan(min(s.test));
    expect(s.validationStart).toBe(min(s.validation));
    expect(s.testStart).toBe(min(s.test));
    expect(s.test.length).toBeGreaterThanOrEqual(39);
  });

  it('never splits rows that share a time', () => {
    // Ten days with ten rows each: the cuts must fall between days.
    const times = Float64Array.from({ length: 100 }, (_, i) => Math.floor(i / 10) * 86_400_000);
    const s = outOfTimeSplit(times, { validationFraction: 0.15, testFraction: 0.15 });
    const days = (rows: Int32Array) => new Set(Array.from(rows, (r) => times[r]!));
    const train = days(s.train);
    for (const d of days(s.validation)) expect(train.has(d)).toBe(false);
    for (const d of days(s.test)) expect(days(s.validation).has(d)).toBe(false);
    expect(s.train.length % 10).toBe(0);
  });

  it('explains when the times cannot be split', () => {
    expect(() =>
      outOfTimeSplit(Float64Array.from([1, 1, 1, 1, 1, 1]), {
        validationFraction: 0.2,
        testFraction: 0.2,
        columnName: 'day',
      }),
    ).toThrow(/"day".*rows sharing a time stay together/);
    expect(() =>
      outOfTimeSplit(Float64Array.from([NaN, NaN]), { validationFraction: 0.2, testFraction: 0.2 }),
    ).toThrow(/No row has a time/);
  });
});

describe('kFold', () => {
  it('each row is validated exactly once, train is the rest, sizes differ by at most one', () => {
    const folds = kFold(103, 5, { seed: 9 });
    expect(folds).toHaveLength(5);
    expectPartition(
      folds.map((f) => f.validation),
      103,
    );
    for (const f of folds) expectPartition([f.train, f.validation], 103);
    const sizes = folds.map((f) => f.validation.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(kFold(103, 5, { seed: 9 })).toEqual(folds);
  });

  it('stratified folds keep the class proportions and hold every class', () => {
    const labels = Int32Array.from({ length: 300 }, (_, i) => (i < 240 ? 0 : 1));
    const folds = kFold(300, 5, { seed: 2, stratify: labels });
    for (const f of folds) expect(classCounts(f.validation, labels, 2)).toEqual([48, 12]);
  });

  it('names a class with fewer rows than folds, and too few rows', () => {
    const labels = Int32Array.from({ length: 20 }, (_, i) => (i < 17 ? 0 : 1));
    expect(() => kFold(20, 5, { seed: 1, stratify: labels, classNames: ['ok', 'rare'] })).toThrow(
      /Class "rare" has 3 row\(s\), fewer than the 5 folds/,
    );
    expect(() => kFold(7, 5, { seed: 1 })).toThrow(/too few for 5 folds/);
    expect(() => kFold(70, 1, { seed: 1 })).toThrow(/at least 2/);
  });
});
