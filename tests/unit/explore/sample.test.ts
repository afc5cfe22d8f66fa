import { describe, expect, it } from 'vitest';
import { sampleIndices, sampleOf, scatterSample } from '../../../src/core/explore';
import { table } from '../prep/helpers';

describe('sampleIndices', () => {
  it('returns every index when there are few enough', () => {
    expect([...sampleIndices(4, 10)]).toEqual([0, 1, 2, 3]);
  });

  it('draws max distinct ascending indices, the same for the same seed', () => {
    const a = sampleIndices(1_000_000, 3000, 7);
    expect(a.length).toBe(3000);
    expect(new Set(a).size).toBe(3000);
    for (let i = 1; i < a.length; i++) expect(a[i]!).toBeGreaterThan(a[i - 1]!);
    expect([...sampleIndices(1_000_000, 3000, 7)]).toEqual([...a]);
    expect([...sampleIndices(1_000_000, 3000, 8)]).not.toEqual([...a]);
  });

  it('is roughly uniform: each decile of the range holds about a tenth of the sample', () => {
    const a = sampleIndices(100_000, 5000, 3);
    const deciles = new Array<number>(10).fill(0);
    for (const i of a) deciles[Math.floor(i / 10_000)]!++;
    for (const d of deciles) expect(Math.abs(d - 500)).toBeLessThan(100);
  });

  it('sampleOf picks among the given rows', () => {
    const rows = Int32Array.from({ length: 100 }, (_, i) => i * 3);
    const s = sampleOf(rows, 10, 1);
    expect(s.length).toBe(10);
    for (const r of s) expect(r % 3).toBe(0);
  });
});

describe('scatterSample', () => {
  const t = table(
    {
      x: [1, 2, null, 4, 5],
      y: [10, null, 30, 40, 50],
      day: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', null],
      kind: ['a', 'b', 'a', null, 'b'],
    },
    { day: 'date' },
  );

  it('keeps rows where both values are present, dates as ISO text, colours as text', () => {
    const s = scatterSample(t, 'x', 'y', { color: 'kind', max: 100 });
    expect(s).toMatchObject({ x: [1, 4, 5], y: [10, 40, 50], total: 3, sampled: false });
    expect(s.color).toEqual(['a', '(missing)', 'b']);
    const d = scatterSample(t, 'day', 'x', { max: 100 });
    expect(d.x).toEqual(['2024-01-01', '2024-01-02', '2024-01-04']);
    expect(d.xType).toBe('date');
  });

  it('samples down to max points and says so', () => {
    const n = 10_000;
    const big = table({
      a: Array.from({ length: n }, (_, i) => i),
      b: Array.from({ length: n }, (_, i) => 2 * i),
    });
    const s = scatterSample(big, 'a', 'b', { max: 500 });
    expect(s.x.length).toBe(500);
    expect(s).toMatchObject({ total: n, sampled: true });
    s.x.forEach((v, i) => expect(s.y[i]).toBe(2 * (v as number)));
  });
});
