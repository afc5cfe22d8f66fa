/**
 * The records the workbench keeps in IndexedDB. These names are the product's vocabulary (a
 * project has a goal with KPIs; a dataset has versions; a model version came from a run), and
 * their field names are stored on users' devices: renaming one needs a migration (see schema.ts).
 *
 * Ids are random UUID strings; times are epoch milliseconds (UTC).
 */
import type { ColumnType, SchemaColumn } from '../core/table/table';
import type { MetricName, MetricsBySplit, SerializedModel, SizesBySplit, Task } from '../core/ml/types';
import type { ModelSpec } from '../core/ml/models/spec';
import type { PrepOp } from '../core/prep/types';
import type { FittedRecipe, RecipeSpec } from '../core/features/types';
import type { Kpi } from '../core/lifecycle/kpi';
import type { MonitoringThresholds } from '../core/monitoring/alert';
import type { KpiResult } from '../core/lifecycle/kpiEvaluation';
import type { AuditAction, ModelStage } from '../core/lifecycle/registry';
import type { SplitConfig, SplitSummary } from '../core/pipeline/split';
import type { CrossValidationSummary, RecipeFit } from '../core/pipeline/types';
import type { ValueMatrix } from '../core/ml/evaluation/threshold';

// The store persists these core types as they are: their field names are a stored format too.
export type { FittedRecipe, Kpi, KpiResult, MetricsBySplit, ModelSpec, PrepOp, RecipeSpec, SchemaColumn };

export interface Goal {
  statement: string;
  compliance: string;
  kpis: Kpi[];
  /** What a true positive, false positive, false negative and true negative are worth per row (binary). */
  valueMatrix?: ValueMatrix;
  /** Drift thresholds for monitoring (absent: PSI 0.1 watch, 0.25 act). */
  monitoring?: MonitoringThresholds;
}

/** What the model predicts, from which dataset, judged by which metric. */
export interface Framing {
  datasetId: string;
  target: string;
  task: Task;
  primaryMetric: MetricName;
  /** The feature recipe trained with this framing (a RecipeVersion id). */
  recipeVersionId?: string;
}

/** Where an imported record came from (set on the project and its records by an import). */
export interface ImportedFrom {
  /** The project's id and name in the archive (a copy gets new ids). */
  projectId: string;
  projectName: string;
  /** When the archive was written, and by which workbench version. */
  exportedAt: number;
  appVersion: string;
  importedAt: number;
  fileName?: string;
}

export interface Project {
  id: string;
  name: string;
  goal: Goal;
  framing?: Framing;
  /** Model versions scored in the shadow of the production model (Monitor). */
  challengerIds?: string[];
  createdAt: number;
  updatedAt: number;
  importedFrom?: ImportedFrom;
}

export interface Dataset {
  id: string;
  projectId: string;
  name: string;
  createdAt: number;
  importedFrom?: ImportedFrom;
}

/** How a dataset version came to be: part of its lineage, shown in audits. */
export type DatasetOperation =
  | {
      kind: 'ingest';
      fileName: string;
      fileSize: number;
      /** SHA-256 hex of the file's bytes: the same file imported twice is found by this. */
      fileHash: string;
      delimiter: string;
      encoding: string;
      /** Column name → the type the user chose over the inferred one. */
      typeOverrides?: Record<string, ColumnType>;
    }
  | { kind: 'prep'; op: PrepOp; summary: string }
  | { kind: 'import'; from: string };

/**
 * An immutable version of a dataset. Its values live in the columnChunks and dictionaries tables
 * (see chunks.ts); this record says how to read them back.
 */
export interface DatasetVersion {
  id: string;
  datasetId: string;
  projectId: string;
  /** 1, 2, 3… per dataset. */
  version: number;
  /** SHA-256 hex of the table's canonical encoding (computed by src/core/table). */
  hash: string;
  /** Ids of the versions this one was made from (empty for an ingest). */
  parents: string[];
  operation: DatasetOperation;
  createdAt: number;
  rowCount: number;
  schema: SchemaColumn[];
  /** Bytes of column data and dictionaries as stored (an estimate of disk use). */
  byteSize: number;
  /** Rows per column chunk; the last chunk of each column may be shorter. */
  chunkRows: number;
  note?: string;
  importedFrom?: ImportedFrom;
}

export interface RecipeVersion {
  id: string;
  projectId: string;
  spec: RecipeSpec;
  createdAt: number;
  parents: string[];
  importedFrom?: ImportedFrom;
}

/** One point of a training curve. */
export interface EpochPoint {
  epoch: number;
  loss: number;
  valLoss?: number;
}

/** Stored as is ('staging' added in schema version 2; older records hold the other three). */
export type ModelStatus = ModelStage;

/** Where an imported model version came from (absent on models trained here). */
export interface ModelOrigin {
  kind: 'import';
  fileName: string;
  /** When the file was written, by the browser that exported it. */
  exportedAt: number;
  /** The model version's id and project name in the workbench that exported it. */
  sourceModelId: string;
  sourceProject: string;
  /** Lineage in the exporting workbench: its run and recipe version (not records of this one). */
  sourceRunId?: string;
  sourceRecipeVersionId?: string;
}

export interface ModelVersion {
  id: string;
  projectId: string;
  /** The user's name for the model; versions count up per project and name. */
  name: string;
  version: number;
  createdAt: number;
  datasetVersionId: string;
  datasetHash: string;
  target: string;
  task: Task;
  /** Class labels in the order of the model's outputs (empty for regression). */
  classes: string[];
  spec: ModelSpec;
  fittedRecipe: FittedRecipe;
  metrics: MetricsBySplit;
  /** Rows in each split the model was trained and judged on. */
  splitSizes?: SizesBySplit;
  /** Seed of the split and the model's initialisation. */
  seed?: number;
  kpiResults?: KpiResult[];
  backend: string;
  backendReason: string;
  durationMs: number;
  history: EpochPoint[];
  model: SerializedModel;
  status: ModelStatus;
  runId?: string;
  /** The baseline (majority class / mean) fit on the same training rows, on the same splits. */
  baselineMetrics?: MetricsBySplit;
  /** How the rows were split (settings) and what came of it (sizes, time bounds, words). */
  split?: SplitConfig;
  splitSummary?: SplitSummary;
  /** Cross-validation: per-fold scores and their mean ± std. */
  crossValidation?: CrossValidationSummary;
  recipeVersionId?: string;
  /**
   * The probability of the positive class above which a binary model says "positive", when one
   * was chosen in Evaluate; absent means the most probable class wins.
   */
  threshold?: number;
  /** Set when the version was imported from a model file rather than trained here. */
  origin?: ModelOrigin;
  importedFrom?: ImportedFrom;
}

/**
 * One line of the registry's append-only audit log: who moved which model version, when, from
 * which stage to which, and why. Written in the same transaction as the change it records.
 */
export interface AuditEntry {
  /** Auto-incremented by IndexedDB: the log's order. */
  seq?: number;
  projectId: string;
  modelId: string;
  /** "name vN", kept so the line still reads after the model version is deleted. */
  modelLabel: string;
  at: number;
  /** This browser's stable id (see state/browserId.ts). */
  who: string;
  action: AuditAction;
  /** null: the model version did not exist before (import) or no longer exists after (delete). */
  from: ModelStage | null;
  to: ModelStage | null;
  reason?: string;
  /** The production gate's verdict when the change was a move to production. */
  gate?: 'pass' | 'fail' | 'missing';
}

/**
 * A model version without its weights: what lists and leaderboards need. The weights are kept in
 * a table of their own so listing fifty models does not read fifty sets of weights.
 */
export type ModelVersionSummary = Omit<ModelVersion, 'model'>;

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** One training run: an experiment record, kept whether or not it produced a model. */
export interface Run {
  id: string;
  projectId: string;
  createdAt: number;
  status: RunStatus;
  datasetVersionId: string;
  datasetHash: string;
  recipeVersionId?: string;
  spec: ModelSpec;
  seed: number;
  backend: string;
  backendReason: string;
  durationMs: number;
  history: EpochPoint[];
  metrics: MetricsBySplit;
  error?: string;
  modelVersionId?: string;
  /** Set when the run is a trial of a hyperparameter search. */
  searchId?: string;
  // Optional fields added with experiments (issue 5); runs stored before them lack them.
  /** When the run ended (epoch ms): with createdAt, shows which runs trained at the same time. */
  endedAt?: number;
  target?: string;
  task?: Task;
  /** The model version's name the run registers under (a re-run keeps it). */
  modelName?: string;
  split?: SplitConfig;
  splitSummary?: SplitSummary;
  splitSizes?: SizesBySplit;
  baselineMetrics?: MetricsBySplit;
  crossValidation?: CrossValidationSummary;
  /** Epochs or boosting iterations actually run (early stopping may end sooner). */
  epochsRun?: number;
  /** A search trial: its number, successive-halving rung, budget and drawn settings. */
  trial?: RunTrial;
  /** The run this one repeats with the same settings. */
  rerunOf?: string;
  /**
   * Set only by the guided tour's leakage demonstration: the recipe was fit on all rows, so its
   * held-out scores are not honest. Absent: fit on the training rows only, as always.
   */
  recipeFit?: RecipeFit;
  /** The Web Lock its worker holds while it trains: a 'running' run whose lock is free was abandoned. */
  lock?: string;
  importedFrom?: ImportedFrom;
}

export interface RunTrial {
  number: number;
  rung: number;
  budget: number;
  params: Record<string, number | string>;
}
