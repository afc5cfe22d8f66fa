import type { FeatureInfo, RecipeSpec, SchemaColumn } from '../core/features/types';
import type { Task } from '../core/ml/types';
import type { SplitConfig } from '../core/pipeline/split';
import type { StepTrace, ValueDistribution } from '../core/features/stepTrace';

/** Data worker requests: what a feature recipe does, shown on a sample of the training rows. */

/** The split the preview fits on: the Train phase's, with its seed, so the rows are the same. */
export interface PreviewSplit {
  config: SplitConfig;
  seed: number;
}

export interface RecipePreviewArgs {
  versionId: string;
  target: string;
  task: Task;
  spec: RecipeSpec;
  split: PreviewSplit;
  /** A column whose distribution is traced before and after every step that touches it. */
  traceColumn?: string;
  dbName?: string;
}

export type { StepTrace, ValueDistribution };

export interface RecipePreview {
  /** Rows in the training split (labelled rows minus validation and test). */
  trainRows: number;
  /** Training rows the recipe was fit on for this preview (a seeded sample when there are many). */
  fitRows: number;
  /** Rows the distributions are computed on. */
  traceRows: number;
  /** The first rows of the traced sample after the whole recipe: the model's input. */
  output: { columns: string[]; rows: (number | null)[][] };
  /** The same rows before the recipe (the columns it reads), as text. */
  input: { columns: string[]; rows: string[][] };
  features: FeatureInfo[];
  /** Columns before step 1 (`stages[0]`) and after each step i (`stages[i + 1]`). */
  stages: SchemaColumn[][];
  traces: StepTrace[];
}

export interface RecipeRequests {
  recipePreview: { args: RecipePreviewArgs; result: RecipePreview };
}
