import { describe, expect, it } from 'vitest';
import { kpiMatrix, primaryFromKpis, rankOnValidation } from '../../../src/core/lifecycle/kpiMatrix';
import type { Kpi } from '../../../src/core/lifecycle/kpi';
import type { ScoredRows } from '../../../src/core/ml/evaluation/rowMetric';
import type { SplitMetrics } from '../../../src/core/ml/types';

/** A regression set of n rows whose R² is about `r2` (seeded by construction, no randomness). */
function scored(n: number, noise: number): ScoredRows {
  const y = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 10);
  const predicted = Float32Array.from(y, (v, i) => v + noise * Math.cos(i * 7.3) * 10);
  return { task: 'regression', width: 1, y, predicted };
}

const reg = (r2: number): SplitMetrics => ({
  task: 'regression',
  r2,
  rmse: 1,
  mae: 1,
  mape: 0.1,
  medianAe: 1,
  explainedVariance: r2,
});

const KPI: Kpi = { id: 'k', metric: 'r2', op: '>=', threshold: 0.4, split: 'test' };

describe('KPI matrix', () => {
  it('warns when validation and test disagree and when the interval straddles the threshold', () => {
    const rows = kpiMatrix(
      [
        {
          id: 'm',
          label: 'model',
          metrics: { validation: reg(0.33), test: reg(0.54) },
          foldStd: { r2: 0.05 },
          scored: { test: scored(30, 0.9) },
        },
      ],
      [KPI],
      { id: 'b', label: 'baseline', metrics: { validation: reg(0), test: reg(-0.01) } },
    );
    expect(rows.map((r) => [r.label, r.baseline])).toEqual([
      ['model', false],
      ['baseline', true],
    ]);
    const e = rows[0]!.entries[0]!;
    expect(e.verdict).toBe('pass');
    expect(e.bySplit.validation).toMatchObject({ value: 0.33, std: 0.05, passes: false });
    expect(e.warnings[0]).toMatch(/Validation and test disagree/);
    // 30 rows: the interval around the test R² is wide and crosses 0.4.
    expect(e.bySplit.test!.low).toBeLessThan(0.4);
    expect(e.warnings.some((w) => /straddles/.test(w))).toBe(true);
    expect(rows[1]!.verdict).toBe('fail');
    expect(rows[1]!.entries[0]!.warnings).toEqual([]);
  });

  it('does not warn when a large split is clear of the threshold', () => {
    const rows = kpiMatrix(
      [
        {
          id: 'm',
          label: 'm',
          metrics: { validation: reg(0.9), test: reg(0.9) },
          scored: { test: scored(2000, 0.2) },
        },
      ],
      [KPI],
    );
    expect(rows[0]!.entries[0]!.warnings).toEqual([]);
    expect(rows[0]!.entries[0]!.bySplit.test!.low).toBeGreaterThan(0.8);
  });
});

describe('pick best', () => {
  it('ranks on validation, never on test', () => {
    const a = { id: 'a', metrics: { validation: reg(0.5), test: reg(0.9) } };
    const b = { id: 'b', metrics: { validation: reg(0.6), test: reg(0.3) } };
    // The KPI names test, yet the pick judges it on validation: b meets it there, a does not.
    const kpi: Kpi = { ...KPI, threshold: 0.55 };
    expect(rankOnValidation([a, b], [kpi], 'r2').map((r) => r.model.id)).toEqual(['b', 'a']);
    expect(primaryFromKpis([kpi], 'rmse')).toBe('r2');
    expect(primaryFromKpis([], 'rmse')).toBe('rmse');
  });
});
