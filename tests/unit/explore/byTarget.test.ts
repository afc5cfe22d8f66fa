import { describe, expect, it } from 'vitest';
import { boxStats, featureByTarget } from '../../../src/core/explore';
import { table } from '../prep/helpers';

describe('boxStats', () => {
  it('gives quartiles and Tukey whiskers at the furthest values inside 1.5 × IQR', () => {
    // q1 = 2, median = 3, q3 = 4 (numpy linear), IQR 2: fences −1 and 7, so 100 is outside.
    const b = boxStats('g', Float64Array.from([1, 2, 3, 4, 100]));
    expect(b).toMatchObject({
      count: 5,
      min: 1,
      q1: 2,
      median: 3,
      q3: 4,
      max: 100,
      lowerFence: 1,
      upperFence: 4,
    });
    expect(b.mean).toBeCloseTo(22);
  });
});

describe('featureByTarget', () => {
  const t = table(
    {
      mass: [3000, 3200, 5000, 5200, null, 4000],
      island: ['A', 'A', 'B', 'B', 'A', 'C'],
      species: ['x', 'x', 'y', 'y', 'x', null],
      label: [0, 0, 1, 1, 0, 1],
      price: [1, 2, 3, 4, 5, 6],
    },
    { label: 'integer' },
  );

  it('boxes a number per target class, skipping missing values', () => {
    const r = featureByTarget(t, 'mass', 'species', { targetIsCategory: true });
    expect(r.kind).toBe('box');
    if (r.kind !== 'box') return;
    expect(r.valueColumn).toBe('mass');
    expect(r.groups.map((g) => [g.label, g.count, g.median])).toEqual([
      ['x', 2, 3100],
      ['y', 2, 5100],
    ]);
  });

  it('treats an integer target as classes when the task is classification', () => {
    const r = featureByTarget(t, 'mass', 'label', { targetIsCategory: true });
    // Three rows each: ties keep first-seen order.
    expect(r.kind === 'box' && r.groups.map((g) => g.label)).toEqual(['0', '1']);
  });

  it('counts two categorical columns against each other', () => {
    const r = featureByTarget(t, 'island', 'species', { targetIsCategory: true });
    expect(r).toEqual({
      kind: 'bars',
      featureLevels: ['A', 'B', 'C'],
      targetLevels: ['x', 'y'],
      counts: [
        [3, 0, 0],
        [0, 2, 0],
      ],
      otherGroups: 0,
    });
  });

  it('boxes a numeric target per feature category, and scatters two numbers', () => {
    const r = featureByTarget(t, 'island', 'price', { targetIsCategory: false });
    expect(r.kind === 'box' && r.groups.map((g) => [g.label, g.median])).toEqual([
      ['A', 2],
      ['B', 3.5],
      ['C', 6],
    ]);
    const s = featureByTarget(t, 'mass', 'price', { targetIsCategory: false });
    expect(s.kind === 'scatter' && s.sample.total).toBe(5);
  });

  it('shows only the most frequent groups and counts the rest', () => {
    const many = table({
      v: Array.from({ length: 30 }, (_, i) => i),
      g: Array.from({ length: 30 }, (_, i) => `g${i % 25}`),
    });
    const r = featureByTarget(many, 'v', 'g', { targetIsCategory: true, maxGroups: 5 });
    expect(r.kind === 'box' && r.groups.map((g) => g.label)).toEqual(['g0', 'g1', 'g2', 'g3', 'g4']);
    expect(r.kind === 'box' && r.otherGroups).toBe(20);
  });
});
