import { describe, expect, it } from 'vitest';
import { describeKpi, validateKpi, type Kpi } from '../../../src/core/lifecycle/kpi';
import { evaluateKpis, metricValue, overallVerdict } from '../../../src/core/lifecycle/kpiEvaluation';
import type { MetricName } from '../../../src/core/ml/types';
import { classification, regression } from './fixtures';

function kpi(over: Partial<Kpi> = {}): Kpi {
  return { id: 'k1', metric: 'accuracy', op: '>=', threshold: 0.9, split: 'test', ...over };
}

describe('describeKpi', () => {
  it('reads as a sentence', () => {
    expect(describeKpi(kpi())).toBe('Accuracy ≥ 0.90 on the test set');
    expect(describeKpi(kpi({ metric: 'rmse', op: '<=', threshold: 2.5, split: 'outOfTime' }))).toBe(
      'RMSE ≤ 2.5 on the out-of-time set',
    );
    expect(describeKpi(kpi({ metric: 'f1Macro', threshold: 0.8, split: 'validation' }))).toBe(
      'Macro F1 ≥ 0.80 on the validation set',
    );
  });
});

describe('validateKpi', () => {
  it('accepts a sensible KPI', () => {
    expect(validateKpi(kpi(), 'classification')).toEqual([]);
    expect(validateKpi(kpi({ metric: 'rmse', op: '<=', threshold: 3 }), 'regression')).toEqual([]);
  });

  it('rejects a metric of the other task and suggests one of the right task', () => {
    const problems = validateKpi(kpi({ metric: 'rmse', op: '<=', threshold: 3 }), 'classification');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', field: 'metric', kpiId: 'k1' });
    expect(problems[0]!.message).toMatch(/RMSE is a regression metric.*classification task.*Accuracy/);
  });

  it('rejects an unknown metric and lists the ones to choose from', () => {
    const problems = validateKpi(kpi({ metric: 'accurasy' as MetricName }), 'regression');
    expect(problems[0]!.message).toMatch(/Unknown metric "accurasy".*RMSE/);
    expect(problems[0]!.message).not.toMatch(/Accuracy/);
  });

  it('rejects a threshold outside the metric range, hinting at a percentage typed as a number', () => {
    const [p] = validateKpi(kpi({ threshold: 90 }), 'classification');
    expect(p).toMatchObject({ severity: 'error', field: 'threshold' });
    expect(p!.message).toMatch(
      /Accuracy takes values from 0 to 1, so a threshold of 90 is out of range\. Did you mean 0\.9\?/,
    );
    expect(validateKpi(kpi({ metric: 'rmse', op: '<=', threshold: -1 }), 'regression')[0]!.field).toBe(
      'threshold',
    );
    expect(validateKpi(kpi({ metric: 'mcc', threshold: -1.5 }), 'classification')[0]!.field).toBe(
      'threshold',
    );
    expect(validateKpi(kpi({ threshold: NaN }), 'classification')[0]!.message).toMatch(/Enter a number/);
  });

  it('allows but warns about an op that rewards the worse model', () => {
    const problems = validateKpi(kpi({ metric: 'rmse', op: '>=', threshold: 3 }), 'regression');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'warning', field: 'op' });
    expect(problems[0]!.message).toMatch(/lower is better.*Use ≤/);
  });

  it('warns about a threshold every model meets', () => {
    const problems = validateKpi(kpi({ threshold: 0 }), 'classification');
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', field: 'threshold' })]);
  });

  it('rejects a two-class-only metric when the target has more classes', () => {
    const k = kpi({ metric: 'averagePrecision', threshold: 0.8 });
    expect(validateKpi(k, 'classification', { classCount: 2 })).toEqual([]);
    expect(validateKpi(k, 'classification', { classCount: 3 })[0]!.message).toMatch(
      /only defined for two classes/,
    );
  });

  it('rejects a training split, an unknown op and a blank id', () => {
    const fields = validateKpi(
      { id: ' ', metric: 'accuracy', op: '>' as Kpi['op'], threshold: 0.9, split: 'train' as Kpi['split'] },
      'classification',
    ).map((p) => p.field);
    expect(fields.sort()).toEqual(['id', 'op', 'split']);
  });

  it('skips only the task check when no task is known yet', () => {
    expect(validateKpi(kpi({ metric: 'rmse', op: '<=', threshold: 3 }))).toEqual([]);
    expect(validateKpi(kpi({ threshold: 2 }))[0]!.field).toBe('threshold');
  });
});

describe('evaluateKpis', () => {
  const metrics = {
    validation: classification({ accuracy: 0.95 }),
    test: classification({ accuracy: 0.88, f1Macro: 0.81 }),
  };

  it('passes, fails and reports missing with signed margins', () => {
    const results = evaluateKpis(
      [
        kpi({ id: 'a', split: 'validation' }),
        kpi({ id: 'b', split: 'test' }),
        kpi({ id: 'c', split: 'outOfTime' }),
        kpi({ id: 'd', metric: 'f1Macro', threshold: 0.8 }),
      ],
      metrics,
    );
    expect(results.map((r) => r.verdict)).toEqual(['pass', 'fail', 'missing', 'pass']);
    expect(results[0]!.value).toBe(0.95);
    expect(results[0]!.margin).toBeCloseTo(0.05, 12);
    expect(results[1]!.margin).toBeCloseTo(-0.02, 12);
    expect(results[2]).toMatchObject({ value: null, margin: null });
    expect(results[3]!.margin).toBeCloseTo(0.01, 12);
    expect(overallVerdict(results)).toBe('fail');
  });

  it('judges lower-is-better metrics with ≤ and a margin that is positive when under the limit', () => {
    const m = { test: regression({ rmse: 2 }), outOfTime: regression({ rmse: 3.5 }) };
    const [inTime, late] = evaluateKpis(
      [
        kpi({ metric: 'rmse', op: '<=', threshold: 2.5 }),
        kpi({ metric: 'rmse', op: '<=', threshold: 2.5, split: 'outOfTime' }),
      ],
      m,
    );
    expect(inTime).toMatchObject({ verdict: 'pass', value: 2, margin: 0.5 });
    expect(late).toMatchObject({ verdict: 'fail', value: 3.5, margin: -1 });
  });

  it('counts a value equal to the threshold as a pass, even after floating-point noise', () => {
    const [exact, noisy] = evaluateKpis(
      [kpi({ threshold: 0.3 }), kpi({ threshold: 0.3, split: 'validation' })],
      {
        test: classification({ accuracy: 0.3 }),
        validation: classification({ accuracy: 0.1 + 0.2 - 1e-16 * 3 }),
      },
    );
    expect(noisy!.value).toBeLessThan(0.3);
    expect(exact!.verdict).toBe('pass');
    expect(noisy!.verdict).toBe('pass');
    expect(
      evaluateKpis([kpi({ threshold: 0.3 })], { test: classification({ accuracy: 0.2999 }) })[0]!.verdict,
    ).toBe('fail');
  });

  it('treats NaN and metrics of the other task as missing', () => {
    const results = evaluateKpis(
      [kpi({ metric: 'brier', op: '<=', threshold: 0.2 }), kpi({ metric: 'rmse', op: '<=', threshold: 1 })],
      { test: classification({ brier: NaN }) },
    );
    expect(results.map((r) => r.verdict)).toEqual(['missing', 'missing']);
    expect(metricValue(regression(), 'accuracy')).toBeNull();
    expect(metricValue(regression({ mae: 1.25 }), 'mae')).toBe(1.25);
  });
});

describe('overallVerdict', () => {
  const pass = evaluateKpis([kpi()], { test: classification({ accuracy: 0.95 }) });
  const missing = evaluateKpis([kpi({ split: 'outOfTime' })], {});
  const fail = evaluateKpis([kpi()], { test: classification({ accuracy: 0.5 }) });

  it('passes only when every KPI passes', () => {
    expect(overallVerdict(pass)).toBe('pass');
    expect(overallVerdict([...pass, ...missing])).toBe('missing');
    expect(overallVerdict([...pass, ...missing, ...fail])).toBe('fail');
  });

  it('never passes without KPIs', () => {
    expect(overallVerdict([])).toBe('missing');
  });
});
