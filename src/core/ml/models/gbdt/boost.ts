/**
 * The boosting loop: bins the features, then adds one tree per output per iteration on the
 * loss's gradients, watching validation loss for early stopping. Pure TypeScript on typed
 * arrays: no tfjs, no per-row objects.
 */
import { abortError, yieldToEventLoop } from '../abort';
import { createRng } from '../../rng';
import { checkTrainingData, trainAndValidation } from '../data';
import type { GbdtSpec } from '../spec';
import { specProblems } from '../spec';
import type { FitHooks, FittedGbdt, TrainingData } from '../types';
import { binMatrix, fitBinner } from './binning';
import type { Forest } from './forest';
import { addTreeBinned, ForestBuilder, forestRaw } from './forest';
import type { GrownTree } from './grow';
import { GrowWorkspace, growTree } from './grow';
import { planHistograms } from './bundles';
import type { BoostLoss } from './loss';
import { boostLoss } from './loss';
import type { HelperPort, TreeHelpers } from './helpers';
import { treeWorkers } from './helpers';
import type { ParallelStart, TreeGrower } from './parallel';
import { RowTrees } from './parallel';
import { gradientsOnGrid, quantizeGradients, quantumFor } from './quantize';

/** An improvement smaller than this does not reset early-stopping patience (sklearn's tol). */
const TOLERANCE = 1e-7;
/**
 * Training loss is reported on at most this many evenly spaced rows: the exact mean over 200,000
 * rows costs a logarithm per row per iteration, more than a tenth of the fit.
 */
const LOSS_SAMPLE = 20_000;
/** Longest stretch of synchronous work before letting a Cancel message in. */
const YIELD_MS = 50;

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Trains boosted trees; rejects with an AbortError when `hooks.shouldStop()` turns true. */
export async function fitGbdt(spec: GbdtSpec, data: TrainingData, hooks: FitHooks = {}): Promise<FittedGbdt> {
  const started = performance.now();
  const problems = specProblems(spec);
  if (problems.length) throw new Error(`Boosted trees: ${problems.join(' ')}`);
  checkTrainingData(data, true);
  const { cols } = data;
  const es = spec.earlyStopping;
  const { train, valid, source } = trainAndValidation(data, es ? es.validationFraction : 0);
  const n = train.rows;
  const rng = createRng(data.seed);
  const binner = fitBinner(train.x, n, cols, spec.maxBins, rng);
  const binned = binMatrix(binner, train.x, n);
  const validBinned = valid ? binMatrix(binner, valid.x, valid.rows) : null;
  const loss = boostLoss(data.task, data.nClasses);
  const k = loss.nOutputs;
  const baseline = loss.baseline(train.y);
  const lossSample =
    n > LOSS_SAMPLE
      ? Int32Array.from({ length: LOSS_SAMPLE }, (_, i) => Math.floor((i * n) / LOSS_SAMPLE))
      : undefined;
  const plan = planHistograms(binner, binned, n);
  const validRows = identity(valid?.rows ?? 0);
  const validRaw = new Float64Array((valid?.rows ?? 0) * k);
  for (let r = 0; r < (valid?.rows ?? 0); r++) validRaw.set(baseline, r * k);
  const builder = new ForestBuilder(binner, k, baseline);
  const grow = {
    maxLeaves: spec.maxLeaves,
    maxDepth: spec.maxDepth ?? Infinity,
    growth: spec.growth,
    learningRate: spec.learningRate,
    l2: spec.l2,
    minSamplesLeaf: spec.minSamplesLeaf,
    minHessian: 1e-3,
  };
  // Several workers only for a large table and when the environment offers helpers; the trees
  // are the same either way (see parallel.ts).
  const helpers = hooks.helpers;
  const parts = treeWorkers(
    n,
    cols,
    helpers?.available ?? 0,
    helpers?.minCells,
    helpers?.unavailable,
  ).workers;
  const start = {
    plan,
    binned,
    rows: n,
    task: data.task,
    nClasses: data.nClasses,
    y: train.y,
    baseline,
    options: grow,
  };
  const trees = openGrower(start, loss, parts, helpers, hooks.shouldStop);
  const { raw } = trees;
  let best = Infinity;
  let bestIteration = 0;
  let iterations = 0;
  let stoppedEarly = false;
  let lastYield = Date.now();
  try {
    await trees.gradients();
    for (let it = 1; it <= spec.maxIterations; it++) {
      if (hooks.shouldStop?.()) throw abortError();
      const grown: GrownTree[] = [];
      for (let c = 0; c < k; c++) {
        const tree = await trees.grow(c);
        builder.add(tree);
        grown.push(tree);
      }
      iterations = it;
      let trainLoss = 0;
      let valLoss: number | undefined;
      let metric: number | undefined;
      // Scoring the validation rows and the losses needs neither the new gradients nor anything
      // they change: done here while helpers, if any, compute the gradients.
      await trees.gradients(() => {
        if (valid) {
          grown.forEach((tree, c) =>
            addTreeBinned(tree, validBinned!, cols, binner.nBins, validRows, validRaw, k, c),
          );
          valLoss = loss.loss(validRaw, valid.y, valid.rows);
          metric = loss.metric(validRaw, valid.y, valid.rows);
        }
        trainLoss = loss.loss(raw, train.y, n, lossSample);
      });
      await hooks.onEpoch?.({
        epoch: it,
        epochs: spec.maxIterations,
        loss: trainLoss,
        valLoss,
        metric,
        metricName: valid ? loss.metricName : undefined,
        elapsedMs: performance.now() - started,
      });
      if (es && valLoss !== undefined) {
        if (valLoss < best - TOLERANCE) {
          best = valLoss;
          bestIteration = it;
        } else if (it - bestIteration >= es.patience) {
          stoppedEarly = true;
          break;
        }
      }
      if (Date.now() - lastYield > YIELD_MS) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
    }
  } finally {
    trees.close();
  }
  if (hooks.shouldStop?.()) throw abortError();
  const keep = es && valid ? bestIteration : iterations;
  const forest = builder.build(keep * k);
  return {
    family: 'gbdt',
    spec,
    task: data.task,
    nClasses: data.nClasses,
    cols,
    forest,
    info: {
      epochsRun: iterations,
      bestEpoch: es && valid ? bestIteration : null,
      stoppedEarly,
      validation: source,
      fitMs: performance.now() - started,
      treeWorkers: trees.workers,
      ...(trees.note ? { treeWorkersNote: trees.note } : {}),
    },
  };
}

/**
 * Helpers when there are to be several workers, else (or when they cannot even be created or
 * sent their data, e.g. a browser without nested workers) this worker alone: same trees.
 */
function openGrower(
  start: ParallelStart,
  loss: BoostLoss,
  parts: number,
  helpers: TreeHelpers | undefined,
  shouldStop: (() => boolean) | undefined,
): TreeGrower {
  if (parts < 2 || !helpers) return new LocalTrees(start, loss);
  let ports: HelperPort[] = [];
  try {
    ports = helpers.open(parts - 1);
    return new RowTrees(start, ports, {
      localCells: helpers.localCells,
      trial: helpers.trial,
      ...(shouldStop ? { shouldStop } : {}),
    });
  } catch {
    for (const p of ports) p.close();
    return new LocalTrees(start, loss);
  }
}

/** One worker growing every tree over all rows and histogram columns. */
class LocalTrees implements TreeGrower {
  readonly raw: Float64Array;
  readonly workers = 1;
  private readonly gh: Float32Array;
  private readonly ws: GrowWorkspace;
  private readonly rows: Int32Array;
  private readonly k: number;

  constructor(
    private readonly start: ParallelStart,
    private readonly loss: BoostLoss,
  ) {
    const n = start.rows;
    this.k = loss.nOutputs;
    this.raw = new Float64Array(n * this.k);
    for (let r = 0; r < n; r++) this.raw.set(start.baseline, r * this.k);
    this.gh = new Float32Array(2 * n * this.k);
    this.ws = new GrowWorkspace(n, start.plan);
    this.rows = identity(n);
  }

  /** Gradients on the fixed-point grid of quantize.ts: the several-worker fit uses the same one. */
  gradients(meanwhile?: () => void): void {
    const n = this.start.rows;
    const ranges = gradientsOnGrid(this.loss, this.raw, this.start.y, n, this.gh, 0, n);
    ranges?.forEach(({ g, h }, c) =>
      quantizeGradients(this.gh.subarray(2 * c * n, 2 * (c + 1) * n), 0, n, quantumFor(g), quantumFor(h)),
    );
    meanwhile?.();
  }

  grow(c: number): Promise<GrownTree> {
    const { plan, binned, rows: n, options } = this.start;
    const ghk = this.gh.subarray(2 * c * n, 2 * (c + 1) * n);
    return Promise.resolve(growTree(this.ws, plan, binned, this.rows, ghk, options, this.raw, this.k, c));
  }

  close(): void {}
}

/** Probabilities (n × nClasses) or values (n) of the boosted trees for row-major `x`. */
export function predictGbdt(
  model: { forest: Forest; task: 'classification' | 'regression'; nClasses: number },
  x: Float32Array,
  rows: number,
): Float32Array {
  const raw = forestRaw(model.forest, x, rows);
  return boostLoss(model.task, model.nClasses).output(raw, rows);
}
