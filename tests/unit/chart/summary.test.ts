import { describe, expect, it } from 'vitest';
import { describeBars, describeSeries } from '../../../src/core/chart/summary';

describe('chart text alternatives', () => {
  it('a curve: its span, first and last value, lowest and highest, gaps left out', () => {
    const text = describeSeries([
      {
        name: 'validation loss',
        points: [
          { x: 1, y: 1.0934 },
          { x: 2, y: NaN },
          { x: 3, y: 0.2012 },
          { x: 4, y: 0.2507 },
        ],
      },
      { name: 'empty', points: [] },
    ]);
    expect(text).toBe(
      'validation loss: 3 points (x 1–4), from 1.09 to 0.251, lowest 0.201 at x 3, highest 1.09 at x 1. empty: no points yet.',
    );
  });

  it('bars: all of them in order when few, the largest when many', () => {
    expect(
      describeBars([
        { label: 'Adelie', value: 152 },
        { label: 'Gentoo', value: 124 },
      ]),
    ).toBe('2 bars, 276 in all: Adelie 152, Gentoo 124.');
    const many = Array.from({ length: 12 }, (_, i) => ({ label: `b${i}`, value: i }));
    expect(describeBars(many, 3)).toBe('12 bars, 66 in all; largest: b11 11, b10 10, b9 9; 9 more.');
    expect(describeBars([])).toBe('No bars.');
  });
});
