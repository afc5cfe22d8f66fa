import { describe, expect, it } from 'vitest';
import { validateGoal, type GoalInput } from '../../../src/core/lifecycle/goal';
import type { Kpi } from '../../../src/core/lifecycle/kpi';

const accuracy: Kpi = { id: 'k1', metric: 'accuracy', op: '>=', threshold: 0.9, split: 'test' };

function project(over: Partial<GoalInput['goal']> & { name?: string } = {}): GoalInput {
  const { name = 'Penguins', ...goal } = over;
  return { name, goal: { statement: 'Tell species apart for the field team.', kpis: [accuracy], ...goal } };
}

describe('validateGoal', () => {
  it('accepts a named project with a goal and a KPI', () => {
    expect(validateGoal(project(), 'classification')).toEqual([]);
    expect(validateGoal(project())).toEqual([]);
  });

  it('requires a name, a goal statement and at least one KPI', () => {
    const problems = validateGoal(project({ name: '  ', statement: '\n', kpis: [] }));
    expect(problems.map((p) => [p.severity, p.field])).toEqual([
      ['error', 'name'],
      ['error', 'goal'],
      ['error', 'kpis'],
    ]);
    expect(problems[2]!.message).toMatch(/at least one KPI/);
  });

  it('passes KPI problems through with the KPI id', () => {
    const problems = validateGoal(
      project({ kpis: [{ ...accuracy, id: 'k9', threshold: 90 }] }),
      'classification',
    );
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'error', field: 'threshold', kpiId: 'k9' }),
    ]);
  });

  it('rejects duplicate KPI ids and warns about a repeated rule', () => {
    const dupId = validateGoal(
      project({ kpis: [accuracy, { ...accuracy, threshold: 0.8 }] }),
      'classification',
    );
    expect(dupId).toEqual([expect.objectContaining({ severity: 'error', field: 'id' })]);
    const repeated = validateGoal(project({ kpis: [accuracy, { ...accuracy, id: 'k2' }] }), 'classification');
    expect(repeated).toEqual([expect.objectContaining({ severity: 'warning', field: 'kpis', kpiId: 'k2' })]);
  });

  it('rejects KPIs of both tasks before the task is known', () => {
    const rmse: Kpi = { id: 'k2', metric: 'rmse', op: '<=', threshold: 2, split: 'test' };
    const problems = validateGoal(project({ kpis: [accuracy, rmse] }));
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', field: 'kpis' })]);
    expect(problems[0]!.message).toMatch(/mix classification and regression/);
  });
});
