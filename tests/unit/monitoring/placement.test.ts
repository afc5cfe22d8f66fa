// The bucket index must place every value exactly as a plain binary search would: checked on
// random data with ties, values on edges and values outside the reference's range.
import { describe, expect, it } from 'vitest';
import { binShares, countAtMost } from '../../../src/core/monitoring/drift';
import { ksFromPlacement, placeValues } from '../../../src/core/monitoring/placement';
import { createRng } from '../../../src/core/ml/rng';

/** KS statistic by brute force: both ECDFs at every value of either sample. */
function bruteKs(ref: Float64Array, cur: number[]): number {
  const all = [...ref, ...cur];
  let d = 0;
  const c = cur.filter((v) => !Number.isNaN(v));
  for (const x of all) {
    if (Number.isNaN(x)) continue;
    const fr = countAtMost(ref, x) / ref.length;
    const fc = c.filter((v) => v <= x).length / c.length;
    d = Math.max(d, Math.abs(fr - fc));
  }
  return d;
}

describe('placement', () => {
  it.each([1, 2, 3, 4, 5, 6])('agrees with binary search and brute-force KS (seed %i)', (seed) => {
    const rng = createRng(seed);
    const grid = seed % 2 === 0; // integer values: many ties, values equal to edges
    const draw = (shift: number) => (grid ? Math.floor(rng() * 12) + shift : rng() * 10 + shift);
    const ref = Float64Array.from({ length: 200 + seed * 37 }, () => draw(0)).sort();
    const cur = Array.from({ length: 300 }, (_, i) => (i % 29 === 0 ? NaN : draw(seed % 3 === 0 ? -3 : 1)));
    const edges = Float64Array.from([ref[20]!, ref[60]!, ref[60]!, ref[150]!, 11.5, -1]).sort();
    const p = placeValues(ref, edges, { min: ref[0]!, max: ref[ref.length - 1]! }, cur);
    const present = cur.filter((v) => !Number.isNaN(v));
    expect(p.n).toBe(present.length);
    expect(p.missing).toBe(cur.length - present.length);
    expect(p.outOfRange).toBe(present.filter((v) => v < ref[0]! || v > ref[ref.length - 1]!).length);
    const shares = binShares(cur, edges);
    expect(Array.from(p.binCounts, (c) => c / p.n)).toEqual(Array.from(shares));
    expect(ksFromPlacement(ref, p)).toBeCloseTo(bruteKs(ref, cur), 12);
  });
});
