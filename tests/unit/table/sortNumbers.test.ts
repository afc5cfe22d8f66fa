import { describe, expect, it } from 'vitest';
import { sortFloat64 } from '../../../src/core/table/sortNumbers';
import { rng } from './helpers';

function check(values: Float64Array): void {
  const expected = Float64Array.from(values).sort();
  const got = sortFloat64(Float64Array.from(values));
  expect(got.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    // Object.is tells −0 from +0.
    if (!Object.is(got[i], expected[i])) expect({ i, got: got[i] }).toEqual({ i, got: expected[i] });
  }
}

describe('sortFloat64', () => {
  const random = rng(11);
  const n = 20_000;

  it('matches TypedArray sort on mixed-sign, mixed-magnitude values', () => {
    check(Float64Array.from({ length: n }, () => (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20)));
  });

  it('matches on integers with many duplicates (skipped passes)', () => {
    check(Float64Array.from({ length: n }, () => Math.floor(random() * 50) - 25));
  });

  it('keeps −0 before +0 and handles infinities and subnormals', () => {
    const specials = [
      0,
      -0,
      Infinity,
      -Infinity,
      5e-324,
      -5e-324,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      1,
      -1,
    ];
    check(Float64Array.from({ length: n }, (_, i) => specials[i % specials.length]!));
  });

  it('sorts a subarray view in place', () => {
    const buffer = Float64Array.from({ length: n + 10 }, () => random());
    const view = buffer.subarray(0, n);
    const expected = Float64Array.from(view).sort();
    expect(sortFloat64(view)).toBe(view);
    expect(Array.from(view)).toEqual(Array.from(expected));
  });

  it('uses the native sort for small arrays', () => {
    check(Float64Array.from([3, -1, 2, -0, 0]));
  });
});
