/**
 * A stored model (SerializedModel) as a predictor in plain JavaScript, without tfjs: baseline,
 * boosted trees (the workbench's own forest walk and output link) and dense networks (linear and
 * MLP, see dense.ts). The standalone scorer predicts with this; the workbench with core/ml/models.
 * Outputs have the same layout as `predict`: n × classes probabilities, or n values.
 */
import { unpackForest, forestRaw, type ForestHeader } from '../ml/models/gbdt/forest';
import { boostLoss } from '../ml/models/gbdt/loss';
import type { SerializedModel, Task } from '../ml/types';
import { denseForward, readDenseLayers, type DenseLayer } from './dense';

export interface PlainModel {
  family: 'baseline' | 'gbdt' | 'linear' | 'mlp';
  task: Task;
  nClasses: number;
  /** Feature count per row. */
  cols: number;
  predict(x: Float32Array, rows: number): Float32Array;
}

interface Meta {
  spec: { family: string };
  task: Task;
  nClasses: number;
  cols: number;
  yMean?: number;
  yStd?: number;
}

function metaOf(json: unknown): Meta {
  const meta = (json as { meta?: Meta } | null)?.meta;
  if (!meta || typeof meta.cols !== 'number' || typeof meta.nClasses !== 'number') {
    throw new Error('The model description (task, shape) is missing.');
  }
  if (meta.task !== 'classification' && meta.task !== 'regression')
    throw new Error('The model task is unknown.');
  return meta;
}

/** The dense layers of a linear or MLP model (also read by the ONNX export). */
export function denseLayersOf(s: SerializedModel): DenseLayer[] {
  const json = s.json as { modelTopology?: unknown; weightSpecs?: unknown };
  if (!s.weights) throw new Error('The network weights are missing.');
  return readDenseLayers(json.modelTopology, json.weightSpecs, s.weights);
}

/** Builds the predictor; throws naming what is wrong with a damaged or foreign model. */
export function plainModel(s: SerializedModel): PlainModel {
  if (s.formatVersion !== 1) throw new Error(`Model format version ${String(s.formatVersion)} is not read.`);
  const meta = metaOf(s.json);
  const { task, nClasses, cols } = meta;
  const width = task === 'regression' ? 1 : nClasses;
  const check = (x: Float32Array, rows: number) => {
    if (x.length !== rows * cols) {
      throw new Error(`The model expects ${cols} features per row; got ${x.length} values for ${rows} rows.`);
    }
  };
  switch (s.format) {
    case 'baseline': {
      const constant = (s.json as { constant?: number[] }).constant;
      if (!Array.isArray(constant) || constant.length !== width)
        throw new Error('The baseline constant is missing.');
      return {
        family: 'baseline',
        task,
        nClasses,
        cols,
        predict(x, rows) {
          check(x, rows);
          const out = new Float32Array(rows * width);
          for (let r = 0; r < rows; r++) out.set(constant, r * width);
          return out;
        },
      };
    }
    case 'gbdt': {
      if (!s.weights) throw new Error('The trees are missing.');
      const forest = unpackForest((s.json as { forest: ForestHeader }).forest, s.weights);
      if (forest.cols !== cols)
        throw new Error('The trees and the description disagree on the feature count.');
      const link = boostLoss(task, nClasses);
      return {
        family: 'gbdt',
        task,
        nClasses,
        cols,
        predict(x, rows) {
          check(x, rows);
          return link.output(forestRaw(forest, x, rows), rows);
        },
      };
    }
    case 'tfjs-layers': {
      const layers = denseLayersOf(s);
      if (layers[0]!.inputs !== cols)
        throw new Error('The network and the description disagree on the feature count.');
      const family = meta.spec.family === 'mlp' ? 'mlp' : 'linear';
      const yMean = meta.yMean ?? 0;
      const yStd = meta.yStd ?? 1;
      const binary = task === 'classification' && nClasses === 2;
      return {
        family,
        task,
        nClasses,
        cols,
        predict(x, rows) {
          check(x, rows);
          const raw = denseForward(layers, x, rows);
          const out = new Float32Array(rows * width);
          for (let r = 0; r < rows; r++) {
            if (task === 'regression') out[r] = Math.fround(raw[r]!) * yStd + yMean;
            else if (binary) {
              // Rounded to float32 first, as the workbench does, so 1 − p agrees to the last bit.
              const p = Math.fround(raw[r]!);
              out[2 * r] = 1 - p;
              out[2 * r + 1] = p;
            } else for (let k = 0; k < width; k++) out[r * width + k] = raw[r * width + k]!;
          }
          return out;
        },
      };
    }
    default:
      throw new Error(`Unknown model format "${String((s as { format?: unknown }).format)}".`);
  }
}
