import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendMeasurement, BackendName, BackendProbe } from '../../../src/core/ml/backendChoice';
import { chooseMeasured, CLEAR_MARGIN, usesTfjs } from '../../../src/core/ml/backendChoice';
import { chooseBySteps, probeKey } from '../../../src/core/ml/backendProbe';
import { defaultSpec } from '../../../src/core/ml/models';
import type { LinearSpec, MlpSpec } from '../../../src/core/ml/models';
import { timeTrainingSteps } from '../../../src/core/ml/models/tfjs/stepTiming';

beforeAll(async () => {
  setWasmPaths(
    new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname,
  );
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const mlp = defaultSpec('mlp', 'classification', 100_000) as MlpSpec;
const linear = defaultSpec('linear', 'regression', 500) as LinearSpec;

/** What a browser on a CPU-only machine with SwiftShader reports. */
const swiftShaderProbes = (): BackendProbe[] => [
  { name: 'webgpu', available: true, software: true, detail: 'fallback adapter google swiftshader' },
  { name: 'webgl', available: false, software: false, detail: 'WebGL 2 is not available' },
  { name: 'wasm', available: true, software: false, detail: 'WebAssembly' },
  { name: 'cpu', available: true, software: false, detail: 'plain JavaScript' },
];

const measurement = (name: BackendName, medianMs: number, steps = 3): BackendMeasurement => ({
  name,
  batch: 256,
  steps,
  totalMs: medianMs * steps,
  medianMs,
  warmupMs: 5,
});

describe('timeTrainingSteps', () => {
  it('times real steps of the spec on the active backend and frees every tensor', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const t = await timeTrainingSteps(
      mlp,
      { task: 'classification', rows: 5000, cols: 12, nClasses: 3 },
      { budgetMs: Infinity },
    );
    expect(t.batch).toBe(mlp.batchSize);
    expect(t.stepMs).toHaveLength(3);
    expect(t.stepMs.every((ms) => ms > 0)).toBe(true);
    expect(t.medianMs).toBe([...t.stepMs].sort((a, b) => a - b)[1]);
    expect(t.leakedTensors).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses the whole table as the batch when it is smaller than the batch size, and any task', async () => {
    const t = await timeTrainingSteps(linear, { task: 'regression', rows: 10, cols: 4, nClasses: 1 });
    expect(t.batch).toBe(10);
    const b = await timeTrainingSteps(linear, { task: 'classification', rows: 10, cols: 4, nClasses: 2 });
    expect(b.leakedTensors).toBe(0);
  });

  it('times no step when the warm-up alone is over budget and twice the best so far', async () => {
    const t = await timeTrainingSteps(
      mlp,
      { task: 'classification', rows: 5000, cols: 8, nClasses: 2 },
      { budgetMs: 0, bestMs: 1e-6 },
    );
    expect(t.stepMs).toEqual([]);
    expect(t.medianMs).toBe(t.warmupMs);
    expect(t.leakedTensors).toBe(0);
  });

  it('stops after one timed step when the budget is spent', async () => {
    const t = await timeTrainingSteps(
      mlp,
      { task: 'classification', rows: 5000, cols: 8, nClasses: 2 },
      {
        steps: 10,
        budgetMs: 0,
      },
    );
    expect(t.stepMs).toHaveLength(1);
  });
});

describe('chooseMeasured', () => {
  it('picks the fastest median step and words the reason by that rule', () => {
    const c = chooseMeasured(swiftShaderProbes(), [measurement('wasm', 13.7), measurement('cpu', 31.6)]);
    expect(c.name).toBe('wasm');
    expect(c.reason).toBe(
      'wasm: median step 14 ms (3 steps of 256 rows) vs cpu 32 ms: the fastest median step wins. webgpu is a software adapter (fallback adapter google swiftshader); webgl: WebGL 2 is not available.',
    );
  });

  it('lets the numbers decide when they differ clearly, whatever the usual order', () => {
    const c = chooseMeasured(swiftShaderProbes(), [measurement('wasm', 9), measurement('cpu', 2)]);
    expect(c.name).toBe('cpu');
    expect(c.reason).toMatch(/^cpu: median step 2\.0 ms .* vs wasm 9\.0 ms: the fastest median step wins/);
  });

  it('keeps the earlier backend when the medians are within the margin, in either order of noise', () => {
    // The same machine measured twice: cpu a little faster once, wasm the other time.
    const once = chooseMeasured(swiftShaderProbes(), [measurement('wasm', 10), measurement('cpu', 9)]);
    const again = chooseMeasured(swiftShaderProbes(), [measurement('wasm', 9), measurement('cpu', 10)]);
    expect(once.name).toBe('wasm');
    expect(again.name).toBe('wasm');
    expect(once.reason).toContain(`within ${Math.round((CLEAR_MARGIN - 1) * 100)}% of the fastest, a tie`);
    expect(again.reason).toContain('the fastest median step wins');
    // Just past the margin the faster one wins.
    const clear = chooseMeasured(swiftShaderProbes(), [
      measurement('wasm', 10),
      measurement('cpu', 10 / CLEAR_MARGIN - 0.1),
    ]);
    expect(clear.name).toBe('cpu');
  });

  it('names step counts when a backend was cut short, and reports failures', () => {
    const c = chooseMeasured(swiftShaderProbes(), [measurement('wasm', 10), measurement('cpu', 400, 1)]);
    expect(c.reason).toContain('vs cpu 400 ms (1 step)');
    const lost = chooseMeasured(swiftShaderProbes(), [
      measurement('wasm', 600, 1),
      { ...measurement('cpu', 1568, 0), warmupMs: 1568 },
    ]);
    expect(lost.reason).toContain(
      'wasm: median step 600 ms (1 step of 256 rows) vs cpu 1568 ms for its first step alone',
    );
    const f = chooseMeasured(swiftShaderProbes(), [
      { ...measurement('wasm', NaN), failure: 'it did not start' },
      measurement('cpu', 3),
    ]);
    expect(f.name).toBe('cpu');
    expect(f.reason).toContain('wasm failed: it did not start');
    expect(f.reason).toContain('(the only backend that runs here)');
  });

  it('falls back to the capability order when nothing could be timed', () => {
    const c = chooseMeasured(swiftShaderProbes(), []);
    expect(c.name).toBe('wasm');
    expect(c.reason).toMatch(/^No backend could be timed/);
  });
});

describe('chooseBySteps', () => {
  it('times cpu and wasm, never the software adapter, and leaves the fastest running', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const started: BackendName[] = [];
    const start = async (name: BackendName) => {
      started.push(name);
      return tf.setBackend(name);
    };
    const { choice, measurements } = await chooseBySteps(
      swiftShaderProbes(),
      { spec: mlp, rows: 140_000, cols: 25, nClasses: 2 },
      start,
    );
    expect(measurements.map((m) => m.name)).toEqual(['wasm', 'cpu']);
    expect(started).not.toContain('webgpu');
    expect(started).not.toContain('webgl');
    const fastest = measurements.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
    const wasm = measurements.find((m) => m.name === 'wasm')!;
    // wasm comes first in the order: it keeps the run unless cpu is clearly faster.
    expect(choice.name).toBe(wasm.medianMs <= fastest.medianMs * CLEAR_MARGIN ? 'wasm' : 'cpu');
    expect(tf.getBackend()).toBe(choice.name);
    expect(choice.reason).toMatch(
      new RegExp(
        `^(wasm|cpu): median step [\\d.]+ ms \\([1-3] steps? of ${mlp.batchSize} rows\\) vs (cpu|wasm) [\\d.]+ ms( \\([12] steps?\\)| for its first step alone)?: (the fastest median step wins|within \\d+% of the fastest, a tie).*webgpu is a software adapter`,
      ),
    );
    // Cheap: one warm-up and at most three steps per backend, cut short past the time budget.
    for (const m of measurements) expect(m.steps).toBeGreaterThanOrEqual(1);
    for (const m of measurements) expect(m.steps).toBeLessThanOrEqual(3);
    await tf.setBackend('cpu');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports a backend that does not start and chooses among the others', async () => {
    const { choice, measurements } = await chooseBySteps(
      swiftShaderProbes(),
      { spec: linear, rows: 500, cols: 6, nClasses: 1 },
      async (name) => (name === 'wasm' ? false : tf.setBackend(name)),
    );
    expect(choice.name).toBe('cpu');
    expect(measurements[0]).toMatchObject({ name: 'wasm', failure: 'it did not start' });
    expect(choice.reason).toContain('wasm failed: it did not start');
  });

  it('refuses families that do not use TensorFlow.js', async () => {
    expect(usesTfjs('gbdt')).toBe(false);
    await expect(
      chooseBySteps(
        swiftShaderProbes(),
        { spec: defaultSpec('gbdt', 'classification'), rows: 9, cols: 2, nClasses: 2 },
        () => Promise.resolve(true),
      ),
    ).rejects.toThrow(/does not train with TensorFlow.js/);
  });
});

describe('probeKey', () => {
  it('ignores what does not change a step and tells apart what does', () => {
    const shape = { spec: mlp, rows: 100_000, cols: 25, nClasses: 2 };
    expect(probeKey({ ...shape, spec: { ...mlp, epochs: 3, learningRate: 0.1 } })).toBe(probeKey(shape));
    expect(probeKey({ ...shape, rows: 90_000 })).toBe(probeKey(shape));
    expect(probeKey({ ...shape, cols: 26 })).not.toBe(probeKey(shape));
    expect(probeKey({ ...shape, spec: { ...mlp, batchSize: mlp.batchSize * 2 } })).not.toBe(probeKey(shape));
    expect(probeKey({ ...shape, spec: { ...mlp, hiddenLayers: [64] } })).not.toBe(probeKey(shape));
    // A table smaller than the batch is one batch of its rows.
    expect(probeKey({ ...shape, rows: 100 })).not.toBe(probeKey(shape));
    expect(probeKey({ spec: defaultSpec('gbdt', 'classification'), rows: 1, cols: 1, nClasses: 2 })).toBe(
      'gbdt',
    );
  });
});
