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
    expect(plan.appended).toEqual(['va', 'vc']);
    expect(plan.holdout.id).toBe('d');
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
