/**
 * The exported model file: one JSON document with everything needed to score outside the app
 * (weights as base64, the fitted recipe, input schema, class labels, threshold, metrics and
 * lineage), stamped with a format and version and sealed with a SHA-256 of its content so a
 * changed or foreign file is refused on import with the reason.
 */
import type { FittedRecipe, SchemaColumn } from '../features/types';
import type { ModelSpec } from '../ml/models/spec';
import type { SerializedModel, SplitMetrics, SplitName, Task } from '../ml/types';
import { hashBytes } from '../table/hash';
import { decodeBase64, encodeBase64 } from './base64';
import { plainModel } from './plainModel';

export const MODEL_FILE_FORMAT = 'lifecycle-workbench-model';
export const MODEL_FILE_VERSION = 1;

/** What is exported of a model version (a subset of the stored record, so core need not know it). */
export interface ExportableModel {
  id: string;
  name: string;
  version: number;
  createdAt: number;
  task: Task;
  target: string;
  classes: string[];
  spec: ModelSpec;
  fittedRecipe: FittedRecipe;
  metrics: Partial<Record<SplitName, SplitMetrics>>;
  threshold?: number;
  datasetVersionId: string;
  datasetHash: string;
  recipeVersionId?: string;
  runId?: string;
  model: SerializedModel;
}

export interface ModelFile {
  format: typeof MODEL_FILE_FORMAT;
  formatVersion: typeof MODEL_FILE_VERSION;
  exportedAt: number;
  project: string;
  model: {
    id: string;
    name: string;
    version: number;
    createdAt: number;
    task: Task;
    target: string;
    /** Class labels in the order of the model's outputs (empty for regression). */
    classes: string[];
    spec: ModelSpec;
    /** Binary models: the probability of classes[1] from which it is predicted; absent: argmax. */
    threshold?: number;
    metrics: Partial<Record<SplitName, SplitMetrics>>;
  };
  /** The columns a file to score must have (the target excluded), with their types. */
  inputSchema: SchemaColumn[];
  recipe: FittedRecipe;
  lineage: { datasetVersionId: string; datasetHash: string; recipeVersionId?: string; runId?: string };
  weights: { format: SerializedModel['format']; formatVersion: 1; json: unknown; base64?: string };
  /** SHA-256 (hex) of the JSON text of every field above, in this order. */
  sha256: string;
}

async function digest(text: string): Promise<string> {
  return hashBytes(new TextEncoder().encode(text).buffer);
}

/** The model file's text for one model version. */
export async function writeModelFile(
  m: ExportableModel,
  project: string,
  exportedAt = Date.now(),
): Promise<string> {
  const body: Omit<ModelFile, 'sha256'> = {
    format: MODEL_FILE_FORMAT,
    formatVersion: MODEL_FILE_VERSION,
    exportedAt,
    project,
    model: {
      id: m.id,
      name: m.name,
      version: m.version,
      createdAt: m.createdAt,
      task: m.task,
      target: m.target,
      classes: m.classes,
      spec: m.spec,
      ...(typeof m.threshold === 'number' ? { threshold: m.threshold } : {}),
      metrics: m.metrics,
    },
    inputSchema: m.fittedRecipe.inputSchema.filter((c) => c.name !== m.target),
    recipe: m.fittedRecipe,
    lineage: {
      datasetVersionId: m.datasetVersionId,
      datasetHash: m.datasetHash,
      ...(m.recipeVersionId ? { recipeVersionId: m.recipeVersionId } : {}),
      ...(m.runId ? { runId: m.runId } : {}),
    },
    weights: {
      format: m.model.format,
      formatVersion: m.model.formatVersion,
      json: m.model.json,
      ...(m.model.weights ? { base64: encodeBase64(m.model.weights) } : {}),
    },
  };
  const text = JSON.stringify(body);
  return `${text.slice(0, -1)},"sha256":"${await digest(text)}"}`;
}

/** A model file that cannot be used; the message says why, for the user. */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A model file read back and checked, with its weights decoded. */
export interface ReadModelFile {
  file: ModelFile;
  serialized: SerializedModel;
}

/**
 * Reads and checks a model file: its format and version, its checksum (a file edited after
 * export is refused), its parts, and that the weights make a model of the recipe's feature
 * count. Throws ModelFileError naming the problem.
 */
export async function readModelFile(text: string): Promise<ReadModelFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ModelFileError('This is not a workbench model file: it is not JSON.');
  }
  if (!isRecord(parsed) || parsed.format !== MODEL_FILE_FORMAT) {
    throw new ModelFileError(
      `This is not a workbench model file (format ${isRecord(parsed) ? JSON.stringify(parsed.format ?? null) : 'none'}, expected "${MODEL_FILE_FORMAT}").`,
    );
  }
  if (parsed.formatVersion !== MODEL_FILE_VERSION) {
    const v = parsed.formatVersion;
    throw new ModelFileError(
      typeof v === 'number' && v > MODEL_FILE_VERSION
        ? `This model file has format version ${v}, newer than this scorer reads (${MODEL_FILE_VERSION}). Update it.`
        : `This model file has format version ${String(v)}; version ${MODEL_FILE_VERSION} is read.`,
    );
  }
  const { sha256, ...body } = parsed;
  if (typeof sha256 !== 'string') throw new ModelFileError('The model file has no checksum (sha256).');
  if ((await digest(JSON.stringify(body))) !== sha256) {
    throw new ModelFileError(
      'The model file was changed after it was exported (its SHA-256 does not match its content). Export it again.',
    );
  }
  const file = parsed as unknown as ModelFile;
  const m = file.model;
  if (!isRecord(m) || (m.task !== 'classification' && m.task !== 'regression') || !Array.isArray(m.classes)) {
    throw new ModelFileError('The model file does not say which task and classes the model has.');
  }
  if (!isRecord(file.recipe) || !Array.isArray(file.recipe.features) || !Array.isArray(file.inputSchema)) {
    throw new ModelFileError('The model file lacks its fitted recipe or input schema.');
  }
  if (!isRecord(file.lineage) || typeof file.lineage.datasetHash !== 'string') {
    throw new ModelFileError('The model file lacks its lineage (the hash of the data it was trained on).');
  }
  if (!isRecord(file.weights)) throw new ModelFileError('The model file has no weights.');
  let serialized: SerializedModel;
  try {
    serialized = {
      format: file.weights.format,
      formatVersion: file.weights.formatVersion,
      json: file.weights.json,
      ...(typeof file.weights.base64 === 'string' ? { weights: decodeBase64(file.weights.base64) } : {}),
    };
    const model = plainModel(serialized);
    if (model.cols !== file.recipe.features.length) {
      throw new Error(
        `the model reads ${model.cols} features but the recipe makes ${file.recipe.features.length}`,
      );
    }
    if (model.task !== m.task || (m.task === 'classification' && model.nClasses !== m.classes.length)) {
      throw new Error('the weights and the description disagree on the task or classes');
    }
  } catch (e) {
    throw new ModelFileError(
      `The model in this file cannot be read: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return { file, serialized };
}
