import { describe, expect, it } from 'vitest';
import {
  phaseStatuses,
  projectStage,
  PHASE_PEOPLE,
  type ProjectFacts,
} from '../../../src/core/lifecycle/journey';
import type { Kpi } from '../../../src/core/lifecycle/kpi';
import type { SplitMetrics } from '../../../src/core/ml/types';

const accuracyKpi: Kpi = { id: 'k1', metric: 'accuracy', op: '>=', threshold: 0.9, split: 'test' };
const metrics = (accuracy: number) => ({
  test: { task: 'classification', accuracy } as unknown as SplitMetrics,
});
const empty: ProjectFacts = {
  goalStatement: '',
  kpis: [],
  versions: 0,
  preparedVersions: 0,
  framed: false,
  leakColumns: [],
  models: [],
  runs: 0,
  finishedRuns: 0,
};

describe('where a project stands', () => {
  it("monitoring: drift on the production model's latest batch loops back to retraining", () => {
    const deployed: ProjectFacts = {
      ...empty,
      models: [{ name: 'm', version: 1, metrics: metrics(0.95), status: 'production' }],
    };
    expect(phaseStatuses(deployed).monitor.reason).toBe('no batch scored yet');
    expect(phaseStatuses({ ...deployed, batches: 2, alert: 'watch' }).monitor).toMatchObject({
      state: 'done',
      reason: '2 batches monitored (watch)',
    });
    const drifted = phaseStatuses({ ...deployed, batches: 3, alert: 'act' }).monitor;
    expect(drifted.state).toBe('attention');
    expect(drifted.loopBacks).toEqual([{ to: 'monitor', label: 'drift → retrain' }]);
    expect(phaseStatuses(empty).monitor.state).toBe('not-started');
  });

  it('a new project: the goal needs attention, the rest has not started', () => {
    const s = phaseStatuses(empty);
    expect(s.goal).toMatchObject({ state: 'attention', reason: 'no business goal written yet' });
    expect(phaseStatuses({ ...empty, goalStatement: 'Sort penguins' }).goal.reason).toBe('no KPI yet');
    expect(s.data.state).toBe('not-started');
    expect(s.evaluate.state).toBe('not-started');
    expect(projectStage(empty)).toBe('just started');
  });

  it('a leak warning and a failing KPI need attention, with the loop-backs', () => {
    const facts: ProjectFacts = {
      ...empty,
      goalStatement: 'Sort penguins',
      kpis: [accuracyKpi],
      versions: 2,
      preparedVersions: 1,
      framed: true,
      target: 'Species',
      leakColumns: ['species_copy'],
      models: [
        { name: 'm', version: 1, metrics: metrics(0.7) },
        { name: 'm', version: 2, metrics: metrics(0.85) },
      ],
      runs: 2,
      finishedRuns: 2,
    };
    const s = phaseStatuses(facts);
    expect(s.framing).toMatchObject({
      state: 'attention',
      reason: 'recipe has a leak warning (species_copy)',
    });
    expect(s.evaluate.state).toBe('attention');
    expect(s.evaluate.reason).toBe('best model fails the KPI Accuracy ≥ 0.90 on the test set');
    expect(s.evaluate.loopBacks.map((l) => l.to)).toEqual(['data', 'framing']);
    expect(projectStage(facts)).toBe('trained: fails a KPI');

    const passing = {
      ...facts,
      leakColumns: [],
      models: [...facts.models, { name: 'm', version: 3, metrics: metrics(0.95), status: 'production' }],
    };
    const p = phaseStatuses(passing);
    expect(p.evaluate).toMatchObject({ state: 'done', reason: 'm v3 passes every KPI', loopBacks: [] });
    expect(p.deploy.state).toBe('done');
    expect(projectStage(passing)).toBe('deployed');
  });

  it('names who is involved in every phase', () => {
    expect(Object.keys(PHASE_PEOPLE)).toHaveLength(10);
    expect(PHASE_PEOPLE.goal).toContain('business owner');
    expect(PHASE_PEOPLE.deploy).toContain('operations');
  });
});
