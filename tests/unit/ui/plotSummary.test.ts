import { describe, expect, it } from 'vitest';
import { describePlot } from '../../../src/ui/charts/plotSummary';

describe('describePlot on a wide table', () => {
  it('describes a heat map of 3,000 columns × 200 bands (600,000 cells) without overflowing the stack', () => {
    const x = Array.from({ length: 3000 }, (_, c) => `c${c}`);
    const z = Array.from({ length: 200 }, (_, r) => x.map((_, c) => ((r + c) % 10) / 10));
    z[7]![42] = -0.5;
    z[199]![2999] = 1.5;
    const text = describePlot([{ type: 'heatmap', z, x }]);
    expect(text).toContain('heat map of 200 rows × 3000 columns');
    expect(text).toContain('values from -0.5 to 1.5');
  });

  it('gives the range of a scatter plot of 300,000 points', () => {
    const x = Array.from({ length: 300_000 }, (_, i) => i);
    expect(describePlot([{ type: 'scatter', x, y: x.map((v) => -v) }])).toBe(
      '300000 points, x from 0 to 300000, y from -300000 to 0.',
    );
  });
});
