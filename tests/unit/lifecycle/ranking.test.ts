import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../../src/core/lifecycle/kpi';
import { pickBest, rankModels } from '../../../src/core/lifecycle/ranking';
import { classification, regression } from './fixtures';

const accuracyKpi: Kpi = { id: 'acc', metric: 'accuracy', op: '>=', threshold: 0.9, split: 'test' };

describe('rankModels', () => {
  it('puts models meeting every KPI first, even with a worse primary metric', () => {
    const models = [
      { id: 'sharp-but-inaccurate', metrics: { test: classification({ accuracy: 0.85, f1Macro: 0.95 }) } },
      { id: 'accurate', metrics: { test: classification({ accuracy: 0.92, f1Macro: 0.8 }) } },
      { id: 'accurate-and-sharp', metrics: { test: classification({ accuracy: 0.91, f1Macro: 0.9 }) } },
    ];
    const ranked = rankModels(models, [accuracyKpi], 'f1Macro', 'test');
    expect(ranked.map((r) => r.model.id)).toEqual(['accurate-and-sharp', 'accurate', 'sharp-but-inaccurate']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(ranked[0]!.model).toBe(models[2]);
    expect(ranked[0]!.reasons).toContain('Meets its KPI.');
    expect(ranked[2]!.reasons).toContain('KPIs met: 0 of 1.');
    expect(ranked[0]!.reasons).toContain('Macro F1 on the test set: 0.9000 (higher is better).');
    expect(ranked[2]!.verdict).toBe('fail');
    expect(ranked[2]!.reasons).toContain('Misses Accuracy ≥ 0.90 on the test set: 85.00% (−5.00 pp).');
  });

  it('orders lower-is-better primaries ascending and puts unmeasured ones last', () => {
    const models = [
      { id: 'no-test', metrics: { validation: regression({ rmse: 0.1 }) } },
      { id: 'rmse-3', metrics: { test: regression({ rmse: 3 }) } },
      { id: 'rmse-2', metrics: { test: regression({ rmse: 2 }) } },
    ];
    const ranked = rankModels(models, [], 'rmse', 'test');
    expect(ranked.map((r) => r.model.id)).toEqual(['rmse-2', 'rmse-3', 'no-test']);
    expect(ranked[2]!.primaryValue).toBeNull();
    expect(ranked[2]!.reasons.join(' ')).toMatch(/RMSE on the test set was not measured/);
    expect(ranked[0]!.reasons[0]).toMatch(/No KPIs are set/);
  });

  it('breaks primary ties by KPIs passed, then input order', () => {
    const kpis: Kpi[] = [
      accuracyKpi,
      { id: 'kappa', metric: 'cohenKappa', op: '>=', threshold: 0.7, split: 'test' },
    ];
    const models = [
      { id: 'first', metrics: { test: classification({ accuracy: 0.5, cohenKappa: 0.5 }) } },
      { id: 'second', metrics: { test: classification({ accuracy: 0.5, cohenKappa: 0.9 }) } },
      { id: 'third', metrics: { test: classification({ accuracy: 0.5, cohenKappa: 0.5 }) } },
    ];
    const ranked = rankModels(models, kpis, 'f1Macro', 'test');
    expect(ranked.map((r) => r.model.id)).toEqual(['second', 'first', 'third']);
    expect(ranked[0]!.passed).toBe(1);
  });

  it('explains a KPI it cannot judge', () => {
    const ranked = rankModels(
      [{ id: 'm', metrics: { test: classification() } }],
      [{ ...accuracyKpi, split: 'outOfTime' }],
      'accuracy',
      'test',
    );
    expect(ranked[0]!.verdict).toBe('missing');
    expect(ranked[0]!.reasons).toContain(
      'Cannot judge Accuracy ≥ 0.90 on the out-of-time set: that metric was not measured on that split.',
    );
  });
});

describe('pickBest', () => {
  const models = [
    { id: 'weak', metrics: { test: classification({ accuracy: 0.7 }) } },
    { id: 'weaker', metrics: { test: classification({ accuracy: 0.6 }) } },
  ];

  it('returns the top-ranked model, or null when there is none', () => {
    expect(pickBest(models, [accuracyKpi], 'accuracy', 'test')!.model.id).toBe('weak');
    expect(pickBest([], [accuracyKpi], 'accuracy', 'test')).toBeNull();
  });

  it('returns null when required to pass every KPI and none does', () => {
    expect(pickBest(models, [accuracyKpi], 'accuracy', 'test', { requireAllPass: true })).toBeNull();
    const good = [...models, { id: 'good', metrics: { test: classification({ accuracy: 0.95 }) } }];
    expect(pickBest(good, [accuracyKpi], 'accuracy', 'test', { requireAllPass: true })!.model.id).toBe(
      'good',
    );
  });
});
