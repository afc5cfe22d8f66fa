/**
 * Linear models fit exactly: logistic regression by Newton's method (few features) or full-batch
 * L-BFGS, softmax regression by L-BFGS and least squares by Cholesky, in plain TypeScript on typed arrays. The optimum is then written into the same
 * tfjs dense network the minibatch path trains (a FittedTfjs), so prediction, serialisation and
 * every export read one representation whichever solver found the weights.
 */
import * as tf from '@tensorflow/tfjs';
import { abortError, yieldToEventLoop } from '../abort';
import { createRng } from '../../rng';
import { checkTrainingData } from '../data';
import type { LinearSpec } from '../spec';
import { specProblems } from '../spec';
import { buildNetwork } from '../tfjs/network';
import { fitTfjs } from '../tfjs/train';
import type { FitHooks, FitInfo, FittedTfjs, TrainingData } from '../types';
import type { LbfgsResult } from './lbfgs';
import { lbfgsSteps } from './lbfgs';
import { solveLeastSquares } from './leastSquares';
import { NEWTON_MAX_COLS, newtonLogistic } from './newton';
import { balancedSampleWeights, logisticObjective, parameterCount } from './objectives';
import { linearScores } from './scores';

export interface LinearSolverChoice {
  name: 'newton' | 'lbfgs' | 'cholesky' | 'tfjs-minibatch';
  reason: string;
}

/**
 * Work of one full-batch gradient (rows × parameters) above which 'auto' trains on minibatches:
 * at ~1 ns per multiply-add and a few hundred L-BFGS iterations, beyond this an exact fit takes
 * minutes while Adam with early stopping needs a few epochs.
 */
const EXACT_GRADIENT_WORK = 2e8;
/** Work of forming XᵀX (rows × cols²/2) above which 'auto' trains least squares on minibatches. */
const EXACT_GRAM_WORK = 1e10;

/** Which solver fits `spec` on a table of this shape, and why, in words for the run. */
export function linearSolver(
  spec: LinearSpec,
  task: TrainingData['task'],
  rows: number,
  cols: number,
  nClasses: number,
): LinearSolverChoice {
  const exact: LinearSolverChoice =
    task === 'regression'
      ? {
          name: 'cholesky',
          reason: `least squares solved exactly (Cholesky on XᵀX${spec.alpha > 0 ? ` + ${spec.alpha}·I` : ''})`,
        }
      : nClasses === 2 && cols <= NEWTON_MAX_COLS
        ? {
            name: 'newton',
            reason: `L2 log loss (C = ${spec.C}) minimised to convergence by Newton's method (full batch)`,
          }
        : {
            name: 'lbfgs',
            reason: `L2 log loss (C = ${spec.C}) minimised to convergence by full-batch L-BFGS`,
          };
  if (spec.solver === 'exact') return { ...exact, reason: `${exact.reason}, as chosen in the settings` };
  if (spec.solver === 'minibatch') {
    return { name: 'tfjs-minibatch', reason: 'minibatch Adam (tfjs), as chosen in the settings' };
  }
  const outputs = nClasses > 2 ? nClasses : 1;
  const work = task === 'regression' ? (rows * cols * cols) / 2 : rows * (cols + 1) * outputs;
  const limit = task === 'regression' ? EXACT_GRAM_WORK : EXACT_GRADIENT_WORK;
  if (work > limit) {
    return {
      name: 'tfjs-minibatch',
      reason: `minibatch Adam (tfjs): ${rows.toLocaleString('en')} rows × ${cols} features is too large for an exact fit in reasonable time (automatic choice)`,
    };
  }
  return { ...exact, reason: `${exact.reason} (automatic choice: the table is small enough)` };
}

/** Runs L-BFGS, reporting progress at most every 100 ms and hearing a cancel between iterations. */
async function minimise(
  problem: Parameters<typeof logisticObjective>[0],
  hooks: FitHooks,
  started: number,
): Promise<LbfgsResult> {
  const steps = lbfgsSteps(logisticObjective(problem), new Float64Array(parameterCount(problem)), {
    maxIterations: 2000,
  });
  let last = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - last > 100) {
      await yieldToEventLoop();
      if (hooks.shouldStop?.()) throw abortError();
      await hooks.onEpoch?.({
        epoch: next.value.iteration,
        epochs: Math.max(next.value.iteration + 1, 100),
        // The objective per unit of weight, penalty included: a progress figure, not a metric.
        loss: next.value.value / problem.C / problem.rows,
        elapsedMs: performance.now() - started,
      });
      last = performance.now();
    }
  }
}

/**
 * Fits a linear spec: exactly (L-BFGS or Cholesky) unless linearSolver picks minibatch Adam, whose
 * fit this hands to the tfjs loop. Early stopping does not apply to an exact fit (the problem has
 * one answer); given validation rows only score it.
 */
export async function fitLinear(
  spec: LinearSpec,
  data: TrainingData,
  hooks: FitHooks = {},
): Promise<FittedTfjs> {
  const started = performance.now();
  const { task, nClasses, rows, cols } = data;
  let choice = linearSolver(spec, task, rows, cols, nClasses);
  if (choice.name === 'tfjs-minibatch') {
    const fitted = await fitTfjs(spec, data, hooks);
    fitted.info.solver = { name: 'tfjs-minibatch', reason: choice.reason };
    return fitted;
  }
  const problems = specProblems(spec);
  if (problems.length) throw new Error(`Linear model: ${problems.join(' ')}`);
  checkTrainingData(data, false);
  if (hooks.shouldStop?.()) throw abortError();

  const outputs = task === 'classification' && nClasses > 2 ? nClasses : 1;
  const kernel = new Float32Array(cols * outputs);
  const bias = new Float32Array(outputs);
  let yMean = 0;
  let yStd = 1;
  let iterations = 1;
  let converged = true;
  if (task === 'regression') {
    const solved = solveLeastSquares(data.x, data.y, rows, cols, spec.alpha);
    // The network predicts the standardised target (the representation tfjs training uses).
    for (const v of data.y) yMean += v;
    yMean /= rows;
    let variance = 0;
    for (const v of data.y) variance += (v - yMean) ** 2;
    yStd = Math.sqrt(variance / rows) || 1;
    for (let j = 0; j < cols; j++) kernel[j] = solved.w[j]! / yStd;
    bias[0] = (solved.intercept - yMean) / yStd;
  } else {
    const problem = {
      x: data.x,
      y: data.y,
      rows,
      cols,
      outputs,
      C: spec.C,
      sampleWeight: spec.classWeights === 'balanced' ? balancedSampleWeights(data.y, nClasses) : null,
    };
    // Newton when linearSolver chose it; L-BFGS otherwise, or if the Hessian cannot be factorised.
    const newton = choice.name === 'newton' ? newtonLogistic(problem) : null;
    if (choice.name === 'newton' && !newton) {
      choice = { name: 'lbfgs', reason: `${choice.reason}; its Hessian was singular, so L-BFGS` };
    }
    const result = newton ?? (await minimise(problem, hooks, started));
    kernel.set(result.w.subarray(0, cols * outputs));
    bias.set(result.w.subarray(cols * outputs));
    iterations = result.iterations;
    converged = result.converged;
  }
  if (hooks.shouldStop?.()) throw abortError();

  const model = buildNetwork(spec, task, nClasses, cols, createRng(data.seed), rows);
  const weights = [tf.tensor2d(kernel, [cols, outputs]), tf.tensor1d(bias)];
  try {
    model.setWeights(weights);
  } finally {
    weights.forEach((t) => t.dispose());
  }
  const scores = linearScores(data, kernel, bias, outputs, yMean, yStd);
  await hooks.onEpoch?.({
    epoch: iterations,
    epochs: iterations,
    ...scores,
    elapsedMs: performance.now() - started,
  });
  const info: FitInfo = {
    epochsRun: iterations,
    bestEpoch: null,
    stoppedEarly: false,
    validation: data.xValid && (data.validRows ?? 0) > 0 ? 'given' : 'none',
    fitMs: performance.now() - started,
    solver: {
      name: choice.name,
      reason: converged ? choice.reason : `${choice.reason}; stopped at ${iterations} iterations`,
      converged,
    },
  };
  return { family: 'linear', spec, task, nClasses, cols, model, yMean, yStd, info };
}
