import { describe, expect, it } from 'vitest';
import { retrainPlan } from '../../../src/state/retrainPlan';
import type { ModelVersionSummary, ScoredBatch } from '../../../src/store';

const champion = { id: 'm1', name: 'weather', datasetVersionId: 'train' } as ModelVersionSummary;
const batch = (id: string, datasetVersionId?: string) =>
  ({ id, fileName: `${id}.csv`, ...(datasetVersionId ? { datasetVersionId } : {}) }) as ScoredBatch;

describe('retrainPlan', () => {
  it('appends every labelled batch but the latest, which is kept for the comparison', () => {
    const plan = retrainPlan(champion, [batch('a', 'va'), batch('b'), batch('c', 'vc'), batch('d', 'vd')]);
    expect(typeof plan).toBe('object');
    if (typeof plan === 'string') return;
    expect(plan.base).toBe('train');
    expect(plan.appended).toEqual(['va', 'vc']);
    expect(plan.batches).toEqual(['va', 'vc']);
    expect(plan.holdout.id).toBe('d');
  });
  it('a window trains on the latest labelled batches only, still holding the latest out', () => {
    const batches = [batch('a', 'va'), batch('b', 'vb'), batch('c', 'vc'), batch('d', 'vd')];
    const two = retrainPlan(champion, batches, 2);
    if (typeof two === 'string') throw new Error(two);
    expect([two.base, two.appended, two.batches, two.holdout.id]).toEqual(['vb', ['vc'], ['vb', 'vc'], 'd']);
    const one = retrainPlan(champion, batches, 1);
    if (typeof one === 'string') throw new Error(one);
    expect([one.base, one.appended, one.holdout.id]).toEqual(['vc', [], 'd']);
    // A window wider than the history holds all of it, without the champion's data.
    const wide = retrainPlan(champion, batches, 10);
    if (typeof wide === 'string') throw new Error(wide);
    expect([wide.base, wide.appended]).toEqual(['va', ['vb', 'vc']]);
    expect(retrainPlan(champion, batches, 0)).toMatch(/at least 1/);
    expect(retrainPlan(champion, batches, 1.5)).toMatch(/whole number/);
  });
  it('never appends the holdout version or the training version, nor one twice', () => {
    const plan = retrainPlan(champion, [
      batch('a', 'va'),
      batch('a2', 'va'),
      batch('t', 'train'),
      batch('d', 'va'),
    ]);
    expect(plan).toMatch(/at least two labelled batches/);
  });
  it('says why it cannot start', () => {
    expect(retrainPlan(null, [])).toMatch(/production/);
    expect(retrainPlan(champion, [batch('a')])).toMatch(/has the target/);
    expect(retrainPlan(champion, [batch('a', 'va')])).toMatch(/at least two/);
  });
});
