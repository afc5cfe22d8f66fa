/**
 * Automatic backend choice by measurement: start each backend that can run here (never a software
 * adapter), time a few real training steps of the model about to be trained, keep the fastest.
 * Starting a backend needs the worker's environment, so it is passed in; everything else is core
 * and runs in Node on the cpu and wasm backends.
 */
import type { BackendChoice, BackendMeasurement, BackendName, BackendProbe } from './backendChoice';
import { BACKEND_NAMES, chooseMeasured, usesTfjs } from './backendChoice';
import { treeWorkers } from './models/gbdt/helpers';
import { linearSolver } from './models/linear/fit';
import { mlpTrainsInJs } from './models/mlp/fit';
import type { ModelSpec } from './models/spec';
import { timeTrainingSteps, type StepTimingOptions } from './models/tfjs/stepTiming';

/** The model about to be trained and the shape of its data. */
export interface ProbeShape {
  spec: ModelSpec;
  /** Training rows. */
  rows: number;
  /** Feature columns after the recipe. */
  cols: number;
  /** Classes for classification; 1 (or 0) for regression. */
  nClasses: number;
  /** Helper workers boosted trees could use beside the training worker (0 or absent: none). */
  treeHelpers?: number;
  /** Why boosted trees cannot use the machine's other cores here (no shared memory), if so. */
  treeHelpersUnavailable?: string;
}

/** Starts a backend; resolves false (or rejects) when it cannot run here. */
export type StartBackend = (name: BackendName) => Promise<boolean>;

export interface MeasuredChoice {
  choice: BackendChoice;
  measurements: BackendMeasurement[];
}

const NO_TFJS = 'as JavaScript in the worker: no TensorFlow.js backend does the work';

/**
 * Why the fit of `shape`'s model needs no tfjs backend, in words for the run (the baseline,
 * boosted trees, a linear model solved exactly, an MLP on a small table); null when tfjs trains it.
 */
export function fitsInJavaScript(shape: ProbeShape): string | null {
  const { spec, rows, cols, nClasses } = shape;
  if (spec.family === 'baseline') return `The baseline runs ${NO_TFJS}`;
  if (spec.family === 'gbdt')
    return `Boosted trees run ${NO_TFJS}, ${treeWorkers(rows, cols, shape.treeHelpers ?? 0, undefined, shape.treeHelpersUnavailable).reason}`;
  if (spec.family === 'linear') {
    const task = nClasses >= 2 ? 'classification' : 'regression';
    const solver = linearSolver(spec, task, rows, cols, nClasses);
    if (solver.name !== 'tfjs-minibatch') return `Linear model: ${solver.reason}, ${NO_TFJS}`;
  }
  if (spec.family === 'mlp' && mlpTrainsInJs(spec, rows, cols, nClasses)) {
    return `The MLP trains on a table small enough that tfjs's cost per batch would dominate: it runs ${NO_TFJS}`;
  }
  return null;
}

/**
 * What makes two probes interchangeable: step cost depends on the network, the batch and the
 * widths, not on the number of epochs, the learning rate or the data's values.
 */
export function probeKey(shape: ProbeShape): string {
  const { spec } = shape;
  if (!usesTfjs(spec.family)) return spec.family;
  const s = spec as Extract<ModelSpec, { family: 'linear' | 'mlp' }>;
  const net = s.family === 'mlp' ? [s.hiddenLayers.join('x'), s.activation, s.dropout > 0] : [];
  return JSON.stringify([
    s.family,
    ...net,
    s.optimizer,
    s.family === 'mlp' ? s.l2 > 0 : true,
    Math.min(s.batchSize, shape.rows),
    shape.cols,
    shape.nClasses,
  ]);
}

/**
 * Times `shape`'s model on every available hardware or CPU backend, in the order webgpu, webgl,
 * wasm, cpu, then starts the fastest and returns it with the reason and the measurements. A
 * backend that fails to start or to train is reported and skipped. Baseline and boosted trees do
 * not use tfjs and must not be passed here.
 */
export async function chooseBySteps(
  probes: readonly BackendProbe[],
  shape: ProbeShape,
  start: StartBackend,
  options: StepTimingOptions = {},
): Promise<MeasuredChoice> {
  const { spec } = shape;
  if (spec.family !== 'linear' && spec.family !== 'mlp') {
    throw new Error(`${spec.family} does not train with TensorFlow.js: there is no backend to time.`);
  }
  const task = shape.nClasses >= 2 ? 'classification' : 'regression';
  const measurements: BackendMeasurement[] = [];
  for (const name of BACKEND_NAMES) {
    const probe = probes.find((p) => p.name === name);
    if (!probe?.available || probe.software) continue;
    const failed = (failure: string): void => {
      measurements.push({ name, batch: 0, steps: 0, totalMs: 0, medianMs: NaN, warmupMs: 0, failure });
    };
    let started = false;
    try {
      started = await start(name);
    } catch (err) {
      failed(`it did not start (${String(err)})`);
      continue;
    }
    if (!started) {
      failed('it did not start');
      continue;
    }
    try {
      const measured = measurements.filter((m) => m.failure === undefined).map((m) => m.medianMs);
      const t = await timeTrainingSteps(
        spec,
        { task, rows: shape.rows, cols: shape.cols, nClasses: Math.max(1, shape.nClasses) },
        { ...options, bestMs: Math.min(Infinity, ...measured) },
      );
      measurements.push({
        name,
        batch: t.batch,
        steps: t.stepMs.length,
        totalMs: t.stepMs.reduce((a, b) => a + b, 0),
        medianMs: t.medianMs,
        warmupMs: t.warmupMs,
      });
    } catch (err) {
      failed(err instanceof Error ? err.message : String(err));
    }
  }
  const choice = chooseMeasured(probes, measurements);
  // tf.getBackend() may name a backend that failed to start: start the choice again regardless.
  if (!(await start(choice.name))) {
    throw new Error(`The ${choice.name} backend was measured but would not start again.`);
  }
  return { choice, measurements };
}
