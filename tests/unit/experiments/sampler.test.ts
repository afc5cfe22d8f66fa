import { describe, expect, it } from 'vitest';
import { defaultSpec, specProblems, MODEL_FAMILIES } from '../../../src/core/ml/models';
import {
  applyParams,
  defaultSearchSpace,
  gridPoints,
  gridSample,
  gridSize,
  MAX_GRID,
  randomSample,
  spaceProblems,
  type SearchSpace,
} from '../../../src/core/experiments';

const space: SearchSpace = {
  family: 'mlp',
  params: [
    {
      name: 'learningRate',
      label: 'Learning rate',
      range: { kind: 'float', min: 1e-4, max: 1e-1, log: true },
      enabled: true,
    },
    {
      name: 'dropout',
      label: 'Dropout',
      range: { kind: 'float', min: 0, max: 0.5, log: false },
      enabled: true,
    },
    {
      name: 'batchSize',
      label: 'Batch size',
      range: { kind: 'int', min: 16, max: 256, log: true },
      enabled: true,
    },
    {
      name: 'hiddenLayers',
      label: 'Hidden layers',
      range: { kind: 'choice', values: ['32', '64, 32'] },
      enabled: true,
    },
    { name: 'l2', label: 'L2', range: { kind: 'float', min: 1, max: 2, log: false }, enabled: false },
  ],
};

describe('random search', () => {
  it('is seeded, stays in range and only draws enabled settings', () => {
    const a = randomSample(space, 400, 7);
    expect(randomSample(space, 400, 7)).toEqual(a);
    expect(randomSample(space, 400, 8)).not.toEqual(a);
    expect(a).toHaveLength(400);
    for (const t of a) {
      expect(Object.keys(t).sort()).toEqual(['batchSize', 'dropout', 'hiddenLayers', 'learningRate']);
      expect(t.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(t.learningRate).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(t.batchSize)).toBe(true);
      expect(t.batchSize).toBeGreaterThanOrEqual(16);
      expect(t.batchSize).toBeLessThanOrEqual(256);
      expect(['32', '64, 32']).toContain(t.hiddenLayers);
    }
  });

  it('draws log-scaled ranges evenly per decade, linear ones evenly per unit', () => {
    const draws = randomSample(space, 3000, 1);
    const decades = [0, 0, 0];
    for (const t of draws) decades[Math.min(2, Math.floor(Math.log10(t.learningRate as number) + 4))]!++;
    for (const d of decades) expect(d / draws.length).toBeCloseTo(1 / 3, 1);
    const lowDropout = draws.filter((t) => (t.dropout as number) < 0.25).length / draws.length;
    expect(lowDropout).toBeCloseTo(0.5, 1);
  });

  it('returns fewer trials than asked when the space has fewer points', () => {
    const tiny: SearchSpace = { family: 'mlp', params: [space.params[3]!] };
    expect(randomSample(tiny, 10, 1)).toHaveLength(2);
  });
});

describe('grid search', () => {
  it('takes every combination, log ranges geometric', () => {
    expect(gridPoints(space.params[0]!.range, 4)).toEqual([1e-4, 1e-3, 1e-2, 1e-1]);
    expect(gridPoints(space.params[1]!.range, 3)).toEqual([0, 0.25, 0.5]);
    expect(gridPoints({ kind: 'int', min: 1, max: 3, log: false }, 5)).toEqual([1, 2, 3]);
    const grid = gridSample(space, 3);
    expect(grid).toHaveLength(3 * 3 * 3 * 2);
    expect(gridSize(space, 3)).toBe(54);
    expect(new Set(grid.map((g) => JSON.stringify(g))).size).toBe(54);
    expect(grid[0]).toEqual({ learningRate: 1e-4, dropout: 0, batchSize: 16, hiddenLayers: '32' });
  });

  it('refuses a grid too large to train, with its size', () => {
    expect(() => gridSample(space, 9)).toThrow(
      new RegExp(`has ${9 * 9 * 9 * 2} points, more than the ${MAX_GRID}`),
    );
  });
});

describe('search spaces', () => {
  it('the default space of every family gives valid specs', () => {
    for (const family of MODEL_FAMILIES.filter((f) => f !== 'baseline')) {
      const s = defaultSearchSpace(family, 'classification');
      expect(spaceProblems(s)).toEqual([]);
      const all = { ...s, params: s.params.map((p) => ({ ...p, enabled: true })) };
      for (const a of [...randomSample(all, 30, 3), ...gridSample(s, 2)]) {
        const spec = applyParams(defaultSpec(family, 'classification'), a, 17);
        expect(specProblems(spec)).toEqual([]);
        expect(
          family === 'gbdt'
            ? (spec as { maxIterations: number }).maxIterations
            : (spec as { epochs: number }).epochs,
        ).toBe(17);
      }
    }
  });

  it('applies hidden layers given as text', () => {
    const spec = applyParams(defaultSpec('mlp', 'regression'), { hiddenLayers: '128, 64 16' });
    expect(spec.family === 'mlp' && spec.hiddenLayers).toEqual([128, 64, 16]);
  });

  it('names the setting at fault', () => {
    const bad: SearchSpace = {
      family: 'mlp',
      params: [
        { ...space.params[0]!, range: { kind: 'float', min: 0, max: 1, log: true } },
        { ...space.params[2]!, range: { kind: 'int', min: 50, max: 10, log: false } },
        { ...space.params[3]!, range: { kind: 'choice', values: ['64, x'] } },
      ],
    };
    expect(spaceProblems(bad)).toEqual([
      'Learning rate: a log scale needs a minimum above 0 (got 0).',
      'Batch size: the range needs a minimum no larger than its maximum (got 50 to 10).',
      'Hidden layers: "64, x" is not a list of layer sizes such as "64, 32".',
    ]);
    expect(spaceProblems(defaultSearchSpace('baseline', 'regression'))[0]).toMatch(
      /baseline has no settings/,
    );
  });
});
