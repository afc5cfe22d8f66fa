import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../../src/core/lifecycle/kpi';
import { decideStageChange, productionGate } from '../../../src/core/lifecycle/registry';
import { classification, regression } from './fixtures';

const acc: Kpi = { id: 'k1', metric: 'accuracy', op: '>=', threshold: 0.85, split: 'test' };
const rmse: Kpi = { id: 'k2', metric: 'rmse', op: '<=', threshold: 3, split: 'validation' };

describe('productionGate', () => {
  it('passes only when every KPI passes on validation and test', () => {
    const good = { validation: classification({ accuracy: 0.9 }), test: classification({ accuracy: 0.86 }) };
    const gate = productionGate([acc], good);
    expect(gate.verdict).toBe('pass');
    expect(gate.checks.map((c) => [c.split, c.verdict])).toEqual([
      ['validation', 'pass'],
      ['test', 'pass'],
    ]);
    expect(gate.reasons).toEqual([]);
  });

  it('fails a KPI written for test when validation misses it, naming the split', () => {
    const gate = productionGate([acc], {
      validation: classification({ accuracy: 0.8 }),
      test: classification({ accuracy: 0.9 }),
    });
    expect(gate.verdict).toBe('fail');
    expect(gate.reasons.join(' ')).toMatch(/Fails Accuracy ≥ 0\.85 on the validation set \(got 0\.8000\)/);
  });

  it('judges out of time too when the model was measured there', () => {
    const metrics = {
      validation: regression({ rmse: 2 }),
      test: regression({ rmse: 2.5 }),
      outOfTime: regression({ rmse: 4 }),
    };
    const gate = productionGate([rmse], metrics);
    expect(gate.checks.map((c) => c.split)).toEqual(['validation', 'test', 'outOfTime']);
    expect(gate.verdict).toBe('fail');
    delete (metrics as Partial<typeof metrics>).outOfTime;
    expect(productionGate([rmse], metrics).verdict).toBe('pass');
  });

  it('does not pass without KPIs or without the metrics to judge them', () => {
    expect(productionGate([], { test: classification() }).verdict).toBe('missing');
    const missing = productionGate([acc], { test: classification({ accuracy: 0.99 }) });
    expect(missing.verdict).toBe('missing');
    expect(missing.reasons[0]).toMatch(/not measured on the validation set/);
  });
});

describe('decideStageChange', () => {
  const failing = productionGate([acc], {
    validation: classification({ accuracy: 0.5 }),
    test: classification(),
  });
  const passing = productionGate([acc], { validation: classification(), test: classification() });

  it('lets a passing model into production without a reason', () => {
    expect(decideStageChange({ from: 'staging', to: 'production' }, passing)).toEqual({
      ok: true,
      action: 'promote',
      needsReason: false,
    });
  });

  it('blocks a failing model until a non-blank reason is written', () => {
    const blocked = decideStageChange({ from: 'candidate', to: 'production', reason: '   ' }, failing);
    expect(blocked.ok).toBe(false);
    expect(blocked.needsReason).toBe(true);
    expect(blocked.message).toMatch(/does not pass the production gate.*validation set/);
    const forced = decideStageChange({ from: 'candidate', to: 'production', reason: 'pilot' }, failing);
    expect(forced).toMatchObject({ ok: true, needsReason: true, action: 'promote' });
  });

  it('allows only the lifecycle moves, and production down only with a reason', () => {
    expect(decideStageChange({ from: 'candidate', to: 'staging' }, undefined)).toMatchObject({
      ok: true,
      action: 'promote',
    });
    expect(decideStageChange({ from: 'staging', to: 'candidate' }, undefined)).toMatchObject({
      ok: true,
      action: 'demote',
    });
    expect(decideStageChange({ from: 'production', to: 'staging' }, undefined).message).toMatch(
      /cannot move to staging/,
    );
    expect(decideStageChange({ from: 'archived', to: 'production' }, passing).ok).toBe(false);
    expect(decideStageChange({ from: 'production', to: 'archived' }, undefined)).toMatchObject({
      ok: false,
      needsReason: true,
    });
    expect(
      decideStageChange({ from: 'production', to: 'archived', reason: 'retired' }, undefined),
    ).toMatchObject({ ok: true, action: 'demote' });
    expect(decideStageChange({ from: 'staging', to: 'staging' }, undefined).ok).toBe(false);
  });
});
