/**
 * The evaluation worker: every view of Evaluate computed from a run's stored held-out
 * predictions (never by retraining), and explanations of its model, with progress and Cancel.
 */
import type { Kpi } from '../core/lifecycle/kpi';
import type { KpiMatrixRow } from '../core/lifecycle/kpiMatrix';
import type { McNemarResult, PairedBootstrapResult } from '../core/ml/evaluation/paired';
import type { Segment } from '../core/ml/evaluation/segments';
import type { SetViews } from '../core/ml/evaluation/views';
import type { FeatureImportance } from '../core/ml/explain/permutation';
import type { PartialDependence } from '../core/ml/explain/partialDependence';
import type { RowReasons } from '../core/ml/explain/reasons';
import type { HeldOutSplit } from '../core/pipeline/types';
import type { MetricName, Task } from '../core/ml/types';

interface Common {
  dbName?: string;
}

export interface ViewsArgs extends Common {
  runId: string;
}

export interface ViewsResult {
  task: Task;
  classes: string[];
  sets: { split: HeldOutSplit; views: SetViews }[];
}

export interface MatrixArgs extends Common {
  /** Candidate models by their run; the first candidate's baseline is the baseline row. */
  candidates: { id: string; label: string; runId: string }[];
  kpis: Kpi[];
  seed: number;
}

export interface SegmentsArgs extends Common {
  runId: string;
  split: HeldOutSplit;
  column: string;
  metric: MetricName;
  kpi?: { op: '>=' | '<='; threshold: number };
}

export interface SegmentsResult {
  column: string;
  metric: MetricName;
  overall: number;
  segments: Segment[];
}

export type RowSort = 'row' | 'probability' | 'error';

export interface CellRowsArgs extends Common {
  runId: string;
  split: HeldOutSplit;
  /** Class indices of the confusion cell (classification); omitted for regression (all rows). */
  actual?: number;
  predicted?: number;
  /** Binary: rows with probability ≥ threshold are predicted positive (else the argmax). */
  threshold?: number;
  sort: RowSort;
  descending: boolean;
  limit: number;
}

export interface CellRowsResult {
  total: number;
  columns: string[];
  rows: {
    rowId: number;
    cells: string[];
    actual: string;
    predicted: string;
    /** Probability of the predicted class (classification) or the predicted value. */
    score: number;
  }[];
}

export interface PairedArgs extends Common {
  runA: string;
  runB: string;
  split: HeldOutSplit;
  metric: MetricName;
  seed: number;
}

export interface PairedResult {
  /** Rows both models predicted (matched by dataset row). */
  rows: number;
  mcNemar?: McNemarResult;
  bootstrap: PairedBootstrapResult;
}

export interface ExplainArgs extends Common {
  modelId: string;
}

export interface ImportanceArgs extends ExplainArgs {
  metric: MetricName;
  repeats: number;
  maxRows: number;
  seed: number;
}

export interface DependenceArgs extends ExplainArgs {
  column: string;
  /** Which output (class index) to show; default the positive class, or the only output. */
  output?: number;
}

export interface ReasonsArgs extends ExplainArgs {
  /** The row of the model's dataset version. */
  rowId: number;
  seed: number;
}

export interface ReasonsResult extends RowReasons {
  rowId: number;
  /** The row's input values, as text, for the columns the reasons name. */
  values: Record<string, string>;
  /** What the model predicted for the row (probabilities, or the value). */
  prediction: number[];
}

export interface EvaluateRequests {
  views: { args: ViewsArgs; result: ViewsResult };
  matrix: { args: MatrixArgs; result: KpiMatrixRow[] };
  segments: { args: SegmentsArgs; result: SegmentsResult };
  cellRows: { args: CellRowsArgs; result: CellRowsResult };
  paired: { args: PairedArgs; result: PairedResult };
  importance: { args: ImportanceArgs; result: FeatureImportance[] };
  dependence: { args: DependenceArgs; result: PartialDependence };
  reasons: { args: ReasonsArgs; result: ReasonsResult };
}

export interface EvaluateEvents {
  progress: { task: 'importance' | 'dependence' | 'reasons' | 'loading'; done: number; total: number };
}
