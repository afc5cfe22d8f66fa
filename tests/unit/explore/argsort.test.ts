import { describe, expect, it } from 'vitest';
import { argsortFloat64 } from '../../../src/core/explore';
import { rng } from '../table/helpers';

/** The reference: a comparator sort of positions, ties by position. */
function reference(keys: Float64Array): number[] {
  return [...keys.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);
}

describe('argsortFloat64', () => {
  it('orders small inputs with ties in position order', () => {
    const keys = Float64Array.from([3, -1, 3, 0, -0, 2.5, -1]);
    expect([...argsortFloat64(keys)]).toEqual([1, 6, 3, 4, 5, 0, 2]);
  });

  it('matches a comparator sort on large inputs: negatives, fractions, ties, infinities, ±0', () => {
    const next = rng(11);
    const n = 60_000;
    const keys = Float64Array.from({ length: n }, (_, i) => {
      const u = next();
      if (i % 97 === 0) return i % 2 ? Infinity : -Infinity;
      if (i % 89 === 0) return i % 2 ? -0 : 0;
      if (u < 0.3) return Math.round((next() - 0.5) * 20); // many ties
      return (next() - 0.5) * 10 ** Math.floor(next() * 12 - 6);
    });
    const copy = keys.slice();
    expect([...argsortFloat64(keys)]).toEqual(reference(keys));
    expect(keys).toEqual(copy);
  });

  it('skips passes whose digit never changes (whole numbers) and stays stable', () => {
    const n = 10_000;
    const keys = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 13);
    expect([...argsortFloat64(keys)]).toEqual(reference(keys));
  });
});
