import { describe, expect, it } from 'vitest';
import { histogramEdges, profileColumn } from '../../../src/core/table/profile';
import { countingSortFloat64, sortFloat64 } from '../../../src/core/table/sortNumbers';
import type { NumericColumn } from '../../../src/core/table/table';
import { rng } from './helpers';

/**
 * profileColumn finds outliers and histogram counts by binary search in the sorted values. These
 * are the per-value loops it replaced: on any data the counts must be the same.
 */
function reference(values: number[]) {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const n = sorted.length;
  let sum = 0;
  for (const v of values) if (!Number.isNaN(v)) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) * (v - mean);
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : null;
  return { sorted, mean, std };
}

function loops(col: NumericColumn) {
  const p = profileColumn(col);
  const { sorted, mean, std } = reference(Array.from(col.values));
  const { lowerFence, upperFence } = p.outliers!;
  let iqr = 0;
  let z = 0;
  for (const v of sorted) {
    if (v < lowerFence || v > upperFence) iqr++;
    if (std !== null && std > 0 && Math.abs(v - mean) / std > 3) z++;
  }
  // Whole numbers bin one per value (when their range is short), as integer columns do.
  const edges = histogramEdges(
    sorted[0]!,
    sorted.at(-1)!,
    col.type === 'integer' || sorted.every(Number.isInteger),
  );
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  let b = 0;
  for (const v of sorted) {
    while (b < bins - 1 && v >= edges[b + 1]!) b++;
    counts[b]!++;
  }
  return { profile: p, iqr, z, counts, std };
}

describe('profile statistics found by binary search', () => {
  const random = rng(21);
  const cases: Record<string, () => number> = {
    'heavy tails': () => (random() < 0.02 ? (random() - 0.5) * 1e6 : random() * 10),
    'integers with ties': () => Math.floor(random() * 30) - 10,
    'values on bin edges': () => Math.floor(random() * 21) / 20,
    'one value repeated': () => 7,
    'negative zero and zero': () => (random() < 0.5 ? -0 : 0),
    'with missing values': () => (random() < 0.3 ? NaN : random() * random() * 100),
  };
  for (const [name, draw] of Object.entries(cases)) {
    it(`gives the per-value counts: ${name}`, () => {
      for (const n of [1, 2, 5, 100, 5000]) {
        const values = Float64Array.from({ length: n }, draw);
        if (!values.some((v) => !Number.isNaN(v))) values[0] = 1;
        for (const type of ['number', 'integer'] as const) {
          const col: NumericColumn = { name: 'x', type, values };
          const { profile, iqr, z, counts, std } = loops(col);
          expect(profile.outliers!.iqr, `${name} n=${n}`).toBe(iqr);
          expect(profile.outliers!.zScore, `${name} n=${n}`).toBe(z);
          expect(profile.histogram.kind === 'bins' && profile.histogram.counts).toEqual(counts);
          expect(profile.std).toBe(std);
        }
      }
    });
  }
});

describe('countingSortFloat64', () => {
  const random = rng(5);
  const DAY = 86_400_000;
  const sortedBoth = (values: Float64Array, step: number) => {
    const counted = Float64Array.from(values);
    const min = Math.min(...values);
    const max = Math.max(...values);
    return {
      ok: countingSortFloat64(counted, min, max, step),
      counted,
      radix: sortFloat64(Float64Array.from(values)),
    };
  };

  it('sorts whole numbers, ids and dates exactly as the radix sort does', () => {
    const cases: [Float64Array, number][] = [
      [Float64Array.from({ length: 9000 }, () => Math.floor(random() * 90) - 30), 1],
      [Float64Array.from({ length: 9000 }, (_, i) => 100_000 + ((i * 7919) % 9000)), 1],
      [Float64Array.from({ length: 9000 }, () => 1_420_070_400_000 + Math.floor(random() * 3653) * DAY), DAY],
      [Float64Array.from({ length: 9000 }, () => (random() < 0.6 ? 1 : 0)), 1],
    ];
    for (const [values, step] of cases) {
      const { ok, counted, radix } = sortedBoth(values, step);
      expect(ok).toBe(true);
      expect(Array.from(counted)).toEqual(Array.from(radix));
    }
  });

  it('declines fractions, wide spans and unsafe integers, leaving the values as they were', () => {
    const cases: [number[], number][] = [
      [[1, 2.5, 3], 1],
      [[0, 10_000_000], 1],
      [[2 ** 60, 2 ** 60 + 4096], 1],
      [[0, DAY + 1], DAY],
    ];
    for (const [list, step] of cases) {
      const values = Float64Array.from(list);
      const { ok, counted } = sortedBoth(values, step);
      expect(ok).toBe(false);
      expect(Array.from(counted)).toEqual(list);
    }
  });
});
