import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../../src/core/lifecycle/kpi';
import { evaluateKpis } from '../../../src/core/lifecycle/kpiEvaluation';
import { confusionMatrixSvg, kpiBarsSvg } from '../../../src/core/report/evaluationCharts';
import { importanceBarsSvg, lossCurveSvg } from '../../../src/core/report/trainingCharts';
import { golden } from './fixtures';

function paths(svg: string): string[] {
  return [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]!);
}

describe('lossCurveSvg', () => {
  it('draws one line per series and breaks it at a diverged epoch', () => {
    const svg = lossCurveSvg([
      { epoch: 1, loss: 1, valLoss: 1.2 },
      { epoch: 2, loss: NaN, valLoss: 1.1 },
      { epoch: 3, loss: 0.5, valLoss: 1 },
    ])!;
    const [train, validation] = paths(svg);
    expect(train!.match(/M/g)).toHaveLength(2);
    expect(train).not.toContain('L');
    expect(validation!.match(/M/g)).toHaveLength(1);
    expect(validation!.match(/L/g)).toHaveLength(2);
    expect(svg).toContain('lowest 1.000 at epoch 3');
  });

  it('omits the validation series when there is none and handles a single epoch', () => {
    const svg = lossCurveSvg([{ epoch: 1, loss: 0.7 }])!;
    expect(paths(svg)).toHaveLength(1);
    expect(svg).not.toContain('Validation loss');
    expect(svg).toContain('<circle');
  });

  it('draws nothing without a finite loss', () => {
    expect(lossCurveSvg([])).toBeNull();
    expect(lossCurveSvg([{ epoch: 1, loss: NaN }])).toBeNull();
  });
});

describe('confusionMatrixSvg', () => {
  it('draws one cell per count, shading by share of the true class', () => {
    const svg = confusionMatrixSvg(golden.confusion_matrix, ['a', 'b', 'c'], 'test')!;
    expect(svg.match(/<rect /g)).toHaveLength(9);
    const fills = [...svg.matchAll(/<rect [^>]*fill="rgb\((\d+),/g)].map((m) => Number(m[1]));
    // Row "b" is [2, 10, 3]: the 10 (two thirds of the row) is darker than the 2.
    expect(fills[4]!).toBeLessThan(fills[3]!);
    // A zero cell keeps the lightest shade.
    expect(fills[1]).toBe(239);
  });

  it('falls back to numbered classes and refuses a ragged matrix', () => {
    expect(
      confusionMatrixSvg(
        [
          [1, 2],
          [3, 4],
        ],
        undefined,
        'validation',
      ),
    ).toContain('Class 2');
    expect(confusionMatrixSvg([[1, 2], [3]], ['a', 'b'], 'test')).toBeNull();
    expect(confusionMatrixSvg([], [], 'test')).toBeNull();
  });
});

describe('kpiBarsSvg', () => {
  it('colours each bar by verdict and marks the threshold', () => {
    const kpis: Kpi[] = [
      { id: 'a', metric: 'rmse', op: '<=', threshold: 2, split: 'test' },
      { id: 'b', metric: 'r2', op: '>=', threshold: 0.5, split: 'test' },
    ];
    const results = evaluateKpis(kpis, {
      test: { task: 'regression', rmse: 3, mae: 1, r2: 0.6, mape: 0.1, medianAe: 1, explainedVariance: 0.6 },
    });
    const svg = kpiBarsSvg(results)!;
    expect(svg).toContain('fill="#b91c1c"'); // rmse fails
    expect(svg).toContain('fill="#15803d"'); // r2 passes
    expect(svg).toContain('≤ 2</text>');
    expect(svg).toContain('≥ 0.50</text>');
    expect(svg).toContain('1 pass, 1 fail, 0 not measured');
    expect(kpiBarsSvg([])).toBeNull();
  });
});

describe('importanceBarsSvg', () => {
  it('shows the top features, largest first, and says how many were left out', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ feature: `f${i}`, importance: i / 100 }));
    const svg = importanceBarsSvg(rows, 25)!;
    expect(svg).toContain('the top 25 of 30 features');
    expect(svg.indexOf('>f29<')).toBeLessThan(svg.indexOf('>f28<'));
    expect(svg).not.toContain('>f4<');
    expect(importanceBarsSvg([{ feature: 'x', importance: NaN }])).toBeNull();
  });
});
