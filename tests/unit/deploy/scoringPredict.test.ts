/**
 * The score worker's choice of prediction path: dense networks scored by the plain-JavaScript
 * path only when it agrees with tfjs on a spread sample, and then (here, on every row) within
 * 1e-6 of tfjs; everything else, and a disagreement, predicts as the model does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainModel } from '../../../src/core/deploy/plainModel';
import { AGREEMENT, CHECK_ROWS, predictForScoring } from '../../../src/core/deploy/scoringPredict';
import { toFeatureMatrix } from '../../../src/core/features/matrix';
import { WITH_ENCODERS } from '../features/fixtures';
import { disposeCase, trainCase, useCpu, type CaseTask, type TrainedCase } from './trained';

const ROWS = 3000;
const made: TrainedCase[] = [];
beforeAll(useCpu);
afterAll(() => made.forEach(disposeCase));

async function scored(family: 'linear' | 'mlp' | 'gbdt', task: CaseTask, rows = ROWS, tolerance = AGREEMENT) {
  const c = await trainCase(family, task, WITH_ENCODERS, rows);
  made.push(c);
  const m = toFeatureMatrix(c.outcome.fittedRecipe, c.input);
  const result = await predictForScoring(c.outcome.model, c.exportable.model, m.x, m.rows, tolerance);
  return { c, m, result };
}

function largest(a: Float32Array, b: Float32Array, regression: boolean): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (regression ? Math.max(1, Math.abs(b[i]!)) : 1));
  }
  return worst;
}

describe('predictForScoring', () => {
  const paths: string[] = [];
  afterAll(() => {
    // The plain path is used for some networks (else it would be dead code here).
    expect(paths).toContain('plain');
  });

  it.each([
    ['linear', 'binary'],
    ['linear', 'multiclass'],
    ['linear', 'regression'],
    ['mlp', 'binary'],
    ['mlp', 'multiclass'],
    ['mlp', 'regression'],
  ] as const)('%s %s: within 1e-6 of tfjs on every row, whichever path it takes', async (family, task) => {
    const { c, m, result } = await scored(family, task);
    paths.push(result.path);
    expect(result.out).toHaveLength(c.workbenchOut.length);
    expect(largest(result.out, c.workbenchOut, task === 'regression')).toBeLessThanOrEqual(AGREEMENT);
    const expected =
      result.path === 'plain' ? plainModel(c.exportable.model).predict(m.x, m.rows) : c.workbenchOut;
    expect(result.out).toEqual(expected);
  });

  it('falls back to the model when the paths disagree on the sample', async () => {
    const { c, result } = await scored('mlp', 'binary', ROWS, 0);
    // Float64 and float32 sums differ somewhere in 1,024 rows of an MLP.
    expect(result.checkedDifference).toBeGreaterThan(0);
    expect(result.path).toBe('model');
    expect(result.out).toEqual(c.workbenchOut);
  });

  it('predicts as the model when the plain reader does not know the network', async () => {
    const c = await trainCase('mlp', 'binary', WITH_ENCODERS, ROWS);
    made.push(c);
    const m = toFeatureMatrix(c.outcome.fittedRecipe, c.input);
    const json = structuredClone(c.exportable.model.json) as {
      modelTopology: { config: { layers: { config: { activation?: string } }[] } };
    };
    json.modelTopology.config.layers[0]!.config.activation = 'gelu';
    const unknown = { ...c.exportable.model, json };
    expect(() => plainModel(unknown)).toThrow(/gelu/);
    const result = await predictForScoring(c.outcome.model, unknown, m.x, m.rows);
    expect(result.path).toBe('model');
    expect(result.out).toEqual(c.workbenchOut);
  });

  it('predicts as the model for small files and for other families', async () => {
    const small = await scored('mlp', 'binary', CHECK_ROWS);
    expect(small.result).toMatchObject({ path: 'model', checkedDifference: 0 });
    expect(small.result.out).toEqual(small.c.workbenchOut);
    const trees = await scored('gbdt', 'multiclass');
    expect(trees.result.path).toBe('model');
    expect(trees.result.out).toEqual(trees.c.workbenchOut);
  });
});
