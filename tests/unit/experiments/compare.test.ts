import { describe, expect, it } from 'vitest';
import {
  differingSettings,
  formatParam,
  sortByMetric,
  splitLabel,
  vsBaseline,
  type ComparableRun,
} from '../../../src/core/experiments';
import { defaultSpec } from '../../../src/core/ml/models';

const run = (id: string, over: Partial<ComparableRun> = {}): ComparableRun => ({
  id,
  spec: defaultSpec('mlp', 'classification'),
  seed: 42,
  datasetHash: 'abcdef0123456789',
  recipeVersionId: 'recipe-1',
  backend: 'wasm',
  split: { kind: 'holdout', testFraction: 0.2, validationFraction: 0.1, stratify: true },
  ...over,
});

describe('comparing runs', () => {
  it('shows only the settings that differ, one value per run', () => {
    const a = run('a');
    // The default learning rate, as the comparison writes it (defaults are tuned elsewhere).
    const lr = formatParam((defaultSpec('mlp', 'classification') as { learningRate: number }).learningRate);
    const b = run('b', {
      spec: { ...defaultSpec('mlp', 'classification'), hiddenLayers: [128, 64], learningRate: 0.0123 },
    });
    const c = run('c', { seed: 7, backend: 'cpu' });
    expect(differingSettings([a, b, c])).toEqual([
      { label: 'Hidden layers', values: ['64, 32', '128, 64', '64, 32'] },
      { label: 'Learning rate', values: [lr, '0.0123', lr] },
      { label: 'Seed', values: ['42', '42', '7'] },
      { label: 'Backend', values: ['wasm', 'wasm', 'cpu'] },
    ]);
    expect(differingSettings([a, run('a2')])).toEqual([]);
  });

  it('shows a family change with the settings only one family has', () => {
    const d = differingSettings([run('a'), run('g', { spec: defaultSpec('gbdt', 'classification') })]);
    expect(d[0]).toEqual({ label: 'Model family', values: ['mlp', 'gbdt'] });
    expect(d.find((x) => x.label === 'Max leaves')?.values).toEqual(['—', '31']);
  });

  it('describes splits in a few words', () => {
    expect(splitLabel({ kind: 'kFold', folds: 5, testFraction: 0.2, stratify: true })).toBe(
      '5-fold cross-validation, 20% test, stratified',
    );
    expect(
      splitLabel({
        kind: 'outOfTime',
        timeColumn: 'date',
        outOfTimeFraction: 0.2,
        validationFraction: 0.1,
        testFraction: 0,
        stratify: false,
      }),
    ).toBe('out of time on "date", 20% out-of-time, 10% validation, 0% test');
  });
});

describe('leaderboard order', () => {
  const rows = [
    { id: 'a', f1: 0.7, rmse: 3 },
    { id: 'b', f1: null, rmse: null },
    { id: 'c', f1: 0.9, rmse: 1 },
    { id: 'd', f1: 0.8, rmse: NaN },
  ];
  it('puts the better value first in the metric’s direction, unmeasured runs last', () => {
    expect(sortByMetric(rows, (r) => r.f1, 'f1Macro').map((r) => r.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(sortByMetric(rows, (r) => r.f1, 'f1Macro', 'worst').map((r) => r.id)).toEqual([
      'a',
      'd',
      'c',
      'b',
    ]);
    expect(sortByMetric(rows, (r) => r.rmse, 'rmse').map((r) => r.id)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('says how a model does against its baseline', () => {
    expect(vsBaseline('accuracy', 0.9, 0.44)).toBe('46.00 pp better than the baseline');
    expect(vsBaseline('rmse', 4, 3)).toBe('1.000 worse than the baseline');
    expect(vsBaseline('rmse', 2, 3)).toBe('1.000 better than the baseline');
    expect(vsBaseline('rmse', null, 3)).toBe('—');
  });
});
