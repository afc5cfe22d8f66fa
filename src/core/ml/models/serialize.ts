/**
 * Saving and loading fitted models as SerializedModel (JSON + one weights buffer): tfjs models
 * through tf.io.withSaveHandler / tf.io.fromMemory, trees as packed typed arrays. Loading checks
 * the format and version first, because stored models and imported bundles outlive this code.
 */
import * as tf from '@tensorflow/tfjs';
import type { SerializedModel, Task } from '../types';
import type { ForestHeader } from './gbdt/forest';
import { packForest, unpackForest } from './gbdt/forest';
import type { ModelSpec } from './spec';
import type { FitInfo, FittedModel } from './types';

const FORMAT_VERSION = 1;

/** What every format stores beside its weights. */
interface ModelMeta {
  spec: ModelSpec;
  task: Task;
  nClasses: number;
  cols: number;
  info: FitInfo;
}

interface TfjsJson {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  meta: ModelMeta & { yMean: number; yStd: number };
}

interface GbdtJson {
  forest: ForestHeader;
  meta: ModelMeta;
}

interface BaselineJson {
  constant: number[];
  meta: ModelMeta;
}

function metaOf(m: FittedModel): ModelMeta {
  return { spec: m.spec, task: m.task, nClasses: m.nClasses, cols: m.cols, info: m.info };
}

/** A structured-clonable copy of the model for storage or export. */
export async function serializeModel(m: FittedModel): Promise<SerializedModel> {
  switch (m.family) {
    case 'baseline':
      return {
        format: 'baseline',
        formatVersion: FORMAT_VERSION,
        json: { constant: [...m.constant], meta: metaOf(m) } satisfies BaselineJson,
      };
    case 'gbdt': {
      const { header, buffer } = packForest(m.forest);
      return {
        format: 'gbdt',
        formatVersion: FORMAT_VERSION,
        json: { forest: header, meta: metaOf(m) } satisfies GbdtJson,
        weights: buffer,
      };
    }
    case 'linear':
    case 'mlp': {
      let artifacts: tf.io.ModelArtifacts | undefined;
      await m.model.save(
        tf.io.withSaveHandler(async (a) => {
          artifacts = a;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      if (!artifacts?.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
        throw new Error('tfjs returned no topology or weights while saving the model.');
      }
      const json: TfjsJson = {
        modelTopology: artifacts.modelTopology,
        weightSpecs: artifacts.weightSpecs,
        meta: { ...metaOf(m), yMean: m.yMean, yStd: m.yStd },
      };
      return {
        format: 'tfjs-layers',
        formatVersion: FORMAT_VERSION,
        json,
        weights: tf.io.CompositeArrayBuffer.join(artifacts.weightData),
      };
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function damaged(what: string): Error {
  return new Error(
    `This saved model is damaged or not a workbench model: ${what}. Train it again or import another file.`,
  );
}

function checkMeta(json: Record<string, unknown>): ModelMeta {
  const meta = json.meta;
  if (
    !isRecord(meta) ||
    !isRecord(meta.spec) ||
    (meta.task !== 'classification' && meta.task !== 'regression')
  ) {
    throw damaged('its description (task, spec) is missing');
  }
  if (typeof meta.cols !== 'number' || typeof meta.nClasses !== 'number')
    throw damaged('its shape is missing');
  return meta as unknown as ModelMeta;
}

/**
 * Rebuilds a fitted model. Throws a message saying what is wrong when the format is unknown, the
 * format version is newer than this code reads, or parts are missing.
 */
export async function deserializeModel(s: SerializedModel): Promise<FittedModel> {
  if (!isRecord(s)) throw damaged('it is not an object');
  const { format, formatVersion, json, weights } = s as Partial<SerializedModel>;
  if (format !== 'tfjs-layers' && format !== 'gbdt' && format !== 'baseline') {
    throw new Error(
      `Unknown model format "${String(format)}": this workbench reads tfjs-layers, gbdt and baseline models.`,
    );
  }
  if (formatVersion !== FORMAT_VERSION) {
    const newer = typeof formatVersion === 'number' && formatVersion > FORMAT_VERSION;
    throw new Error(
      newer
        ? `This model was saved in format version ${formatVersion}, newer than this workbench reads (${FORMAT_VERSION}). Update the workbench.`
        : `This model has format version ${String(formatVersion)}; this workbench reads version ${FORMAT_VERSION}.`,
    );
  }
  if (!isRecord(json)) throw damaged('its JSON part is missing');
  const meta = checkMeta(json);
  const common = {
    spec: meta.spec,
    task: meta.task,
    nClasses: meta.nClasses,
    cols: meta.cols,
    info: meta.info,
  };
  if (format === 'baseline') {
    if (!Array.isArray(json.constant)) throw damaged('the baseline constant is missing');
    return {
      ...common,
      family: 'baseline',
      spec: { family: 'baseline' },
      constant: Float64Array.from(json.constant as number[]),
    };
  }
  if (!(weights instanceof ArrayBuffer)) throw damaged('its weights are missing');
  if (format === 'gbdt') {
    if (!isRecord(json.forest)) throw damaged('the trees are missing');
    const forest = unpackForest(json.forest as unknown as ForestHeader, weights);
    if (forest.cols !== meta.cols)
      throw damaged('the trees and the description disagree on the feature count');
    return { ...common, family: 'gbdt', spec: common.spec as Extract<ModelSpec, { family: 'gbdt' }>, forest };
  }
  if (!isRecord(json.modelTopology) || !Array.isArray(json.weightSpecs))
    throw damaged('the network topology is missing');
  const tfMeta = meta as TfjsJson['meta'];
  const family = meta.spec.family;
  if (family !== 'linear' && family !== 'mlp') throw damaged(`a network cannot be a "${family}" model`);
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: weights,
    }),
  );
  return {
    ...common,
    family,
    spec: common.spec as Extract<ModelSpec, { family: 'linear' | 'mlp' }>,
    model,
    yMean: tfMeta.yMean ?? 0,
    yStd: tfMeta.yStd ?? 1,
  };
}
