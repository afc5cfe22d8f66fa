/**
 * The model as ONNX nodes on the feature matrix X [N, F]: boosted trees as ai.onnx.ml
 * TreeEnsembleClassifier/Regressor, linear and MLP networks as MatMul + Add + activations, the
 * baseline as a constant. Outputs: classification `label` (int64 class index, the most probable)
 * and `probabilities` [N, classes]; regression `prediction` [N, 1].
 */
import type { SerializedModel } from '../../ml/types';
import { unpackForest, type ForestHeader } from '../../ml/models/gbdt/forest';
import { denseLayersOf, plainModel } from '../plainModel';
import type { GraphBuilder } from './graph';
import { ML_DOMAIN } from './graph';
import { DataType } from './proto';
import type { DenseActivation } from '../dense';

/** The largest float32 at or below `v`: x32 ≤ t exactly when x32 ≤ floor32(t), so splits agree. */
function float32AtOrBelow(v: number): number {
  const f = Math.fround(v);
  if (f <= v) return f;
  const buf = new Float32Array([f]);
  const bits = new Int32Array(buf.buffer);
  bits[0] = f > 0 ? bits[0]! - 1 : f === 0 ? -2147483647 : bits[0]! + 1;
  return buf[0]!;
}

export function modelToOnnx(g: GraphBuilder, x: string, s: SerializedModel): void {
  const plain = plainModel(s);
  const { task, nClasses, cols } = plain;
  const k = task === 'regression' ? 1 : nClasses;
  let probabilities: string | undefined;
  let label: string | undefined;
  if (plain.family === 'gbdt') {
    const forest = unpackForest((s.json as { forest: ForestHeader }).forest, s.weights!);
    const treeIds: number[] = [];
    const nodeIds: number[] = [];
    const featureIds: number[] = [];
    const modes: string[] = [];
    const values: number[] = [];
    const trueIds: number[] = [];
    const falseIds: number[] = [];
    const missingTrue: number[] = [];
    const leafTree: number[] = [];
    const leafNode: number[] = [];
    const leafTarget: number[] = [];
    const leafWeight: number[] = [];
    const trees = forest.treeStart.length;
    for (let t = 0; t < trees; t++) {
      const start = forest.treeStart[t]!;
      const end = t + 1 < trees ? forest.treeStart[t + 1]! : forest.feature.length;
      for (let n = start; n < end; n++) {
        const f = forest.feature[n]!;
        treeIds.push(t);
        nodeIds.push(n - start);
        if (f < 0) {
          featureIds.push(0);
          modes.push('LEAF');
          values.push(0);
          trueIds.push(0);
          falseIds.push(0);
          missingTrue.push(0);
          leafTree.push(t);
          leafNode.push(n - start);
          // Binary: one weight column (class 0) with LOGISTIC gives [1 − p, p]; see design.md.
          leafTarget.push(forest.nOutputs === 1 ? 0 : t % forest.nOutputs);
          leafWeight.push(forest.value[n]!);
        } else {
          featureIds.push(f);
          modes.push('BRANCH_LEQ');
          values.push(float32AtOrBelow(forest.threshold[n]!));
          trueIds.push(forest.left[n]! - start);
          falseIds.push(forest.right[n]! - start);
          missingTrue.push(forest.missingLeft[n]!);
        }
      }
    }
    const common = {
      nodes_treeids: { ints: treeIds },
      nodes_nodeids: { ints: nodeIds },
      nodes_featureids: { ints: featureIds },
      nodes_modes: modes,
      nodes_values: { floats: values },
      nodes_truenodeids: { ints: trueIds },
      nodes_falsenodeids: { ints: falseIds },
      nodes_missing_value_tracks_true: { ints: missingTrue },
      base_values: { floats: Array.from(forest.baseline) },
    };
    if (task === 'regression') {
      const out = g.op(
        'TreeEnsembleRegressor',
        [x],
        {
          ...common,
          n_targets: 1,
          target_treeids: { ints: leafTree },
          target_nodeids: { ints: leafNode },
          target_ids: { ints: leafTarget },
          target_weights: { floats: leafWeight },
          aggregate_function: 'SUM',
          post_transform: 'NONE',
        },
        ML_DOMAIN,
      );
      finishRegression(g, out);
      return;
    }
    [label, probabilities] = g.node(
      'TreeEnsembleClassifier',
      [x],
      {
        ...common,
        class_treeids: { ints: leafTree },
        class_nodeids: { ints: leafNode },
        class_ids: { ints: leafTarget },
        class_weights: { floats: leafWeight },
        classlabels_int64s: { ints: Array.from({ length: nClasses }, (_, c) => c) },
        post_transform: nClasses === 2 ? 'LOGISTIC' : 'SOFTMAX',
      },
      { domain: ML_DOMAIN, outputs: 2 },
    ) as [string, string];
  } else if (plain.family === 'baseline') {
    const constant = (s.json as { constant: number[] }).constant;
    const zeros = g.floats('zeros', new Float32Array(cols * k), [cols, k]);
    const out = g.op('Add', [g.op('MatMul', [x, zeros]), g.floats('constant', constant, [k])]);
    if (task === 'regression') return finishRegression(g, out);
    probabilities = out;
  } else {
    let h = x;
    for (const layer of denseLayersOf(s)) {
      h = g.op('Add', [
        g.op('MatMul', [h, g.floats('kernel', layer.kernel, [layer.inputs, layer.units])]),
        g.floats('bias', layer.bias, [layer.units]),
      ]);
      h = activation(g, layer.activation, h);
    }
    const meta = (s.json as { meta: { yMean?: number; yStd?: number } }).meta;
    if (task === 'regression') {
      return finishRegression(
        g,
        g.op('Add', [g.op('Mul', [h, g.scalar('yStd', meta.yStd ?? 1)]), g.scalar('yMean', meta.yMean ?? 0)]),
      );
    }
    probabilities =
      nClasses === 2 ? g.op('Concat', [g.op('Sub', [g.scalar('one', 1), h]), h], { axis: 1 }) : h;
  }
  label ??= g.op('ArgMax', [probabilities], { axis: 1, keepdims: 0 });
  g.nodes.push({
    opType: 'Identity',
    input: [label],
    output: ['label'],
    name: g.name('label'),
    domain: '',
    attribute: [],
  });
  g.nodes.push({
    opType: 'Identity',
    input: [probabilities],
    output: ['probabilities'],
    name: g.name('probabilities'),
    domain: '',
    attribute: [],
  });
  g.output('label', DataType.INT64);
  g.output('probabilities', DataType.FLOAT, k);
}

function finishRegression(g: GraphBuilder, out: string): void {
  g.nodes.push({
    opType: 'Identity',
    input: [out],
    output: ['prediction'],
    name: g.name('prediction'),
    domain: '',
    attribute: [],
  });
  g.output('prediction', DataType.FLOAT, 1);
}

function activation(g: GraphBuilder, a: DenseActivation, h: string): string {
  switch (a) {
    case 'linear':
      return h;
    case 'relu':
      return g.op('Relu', [h]);
    case 'tanh':
      return g.op('Tanh', [h]);
    case 'sigmoid':
      return g.op('Sigmoid', [h]);
    case 'elu':
      return g.op('Elu', [h], { alpha: { f: 1 } });
    case 'selu':
      return g.op('Selu', [h]);
    case 'swish':
      return g.op('Mul', [h, g.op('Sigmoid', [h])]);
    case 'softmax':
      return g.op('Softmax', [h], { axis: 1 });
  }
}
