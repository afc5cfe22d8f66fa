/**
 * The feature recipe as data. A RecipeSpec is what the user edits and what is stored as a versioned
 * record; a FittedRecipe is the spec plus everything learned from the training split (means,
 * categories, bin edges, lambdas…). Both are plain JSON: they are stored with each model version
 * and exported in model bundles, so renaming a field here breaks stored records and bundles.
 */

import type { Task } from '../ml/types';

export const RECIPE_FORMAT_VERSION = 1;

/** Step indices are 0-based in data; messages for people number them from 1. */
export interface ImputeStep {
  kind: 'impute';
  columns: string[];
  /** mean/median need numbers (or dates, booleans); mode and constant work on every type. */
  strategy: 'mean' | 'median' | 'mode' | 'constant';
  /** The fill value for `constant`: a number for numeric, boolean (0/1) and date (epoch ms) columns. */
  value?: number | string;
  /** Adds a 0/1 column `<column>_missing` right after each imputed column. */
  addIndicator?: boolean;
}

export interface ScaleStep {
  kind: 'scale';
  columns: string[];
  /** standard: (x − mean) / std; minmax: to [0, 1] on training range; robust: (x − median) / IQR. */
  method: 'standard' | 'minmax' | 'robust';
}

export interface PowerStep {
  kind: 'power';
  columns: string[];
  /** yeoJohnson is standardized afterwards (scikit-learn's PowerTransformer standardize=True). */
  method: 'log1p' | 'yeoJohnson';
}

export interface ClipQuantilesStep {
  kind: 'clipQuantiles';
  columns: string[];
  /** Quantiles in [0, 1], lower < upper, learned on the training split. */
  lower: number;
  upper: number;
}

export interface BinStep {
  kind: 'bin';
  columns: string[];
  strategy: 'uniform' | 'quantile';
  nBins: number;
  /** ordinal: one column of bin numbers 0…n−1; oneHot: one 0/1 column per bin. */
  output: 'ordinal' | 'oneHot';
}

export interface OneHotStep {
  kind: 'oneHot';
  columns: string[];
  /** Keep the K most frequent training categories (ties: alphabetical). Default: all. */
  topK?: number;
  /** Adds `<column>=(other)` for training categories beyond topK. Default true when topK is set. */
  other?: boolean;
  /** category: missing is its own `<column>=(missing)` column (scikit-learn's golden); zeros: all 0. */
  missing?: 'category' | 'zeros';
}

export interface OrdinalStep {
  kind: 'ordinal';
  columns: string[];
  /** Codes follow this order; default: training categories sorted. Unseen and missing → −1. */
  categories?: string[];
}

export interface TargetEncodeStep {
  kind: 'targetEncode';
  columns: string[];
  /** m-estimate weight of the prior: (sum + m·prior) / (n + m). Default 10. */
  smoothing?: number;
  /** Out-of-fold folds for the training rows. Default 5. */
  folds?: number;
}

export type DatePart = 'year' | 'month' | 'day' | 'dayOfWeek' | 'hour';

export interface DatePartsStep {
  kind: 'dateParts';
  columns: string[];
  /** Default: year, month, dayOfWeek (and hour for datetime columns). */
  parts?: DatePart[];
  /** Adds sin/cos columns for month, dayOfWeek and hour so December sits next to January. */
  cyclical?: boolean;
}

export interface InteractionsStep {
  kind: 'interactions';
  /** Every pair a, b (in this order) gives a new column `a*b`. */
  columns: string[];
}

export interface PolynomialStep {
  kind: 'polynomial';
  /** Adds `a^2` for each column and `a*b` for each pair. */
  columns: string[];
  degree: 2;
}

export interface FormulaStep {
  kind: 'formula';
  /** The new column's name. */
  name: string;
  /** Source in the safe expression language (src/core/expr); its columns are read from it. */
  expression: string;
}

export interface DropStep {
  kind: 'drop';
  columns: string[];
}

export type StepSpec =
  | ImputeStep
  | ScaleStep
  | PowerStep
  | ClipQuantilesStep
  | BinStep
  | OneHotStep
  | OrdinalStep
  | TargetEncodeStep
  | DatePartsStep
  | InteractionsStep
  | PolynomialStep
  | FormulaStep
  | DropStep;

export type StepKind = StepSpec['kind'];

export interface RecipeSpec {
  formatVersion: 1;
  steps: StepSpec[];
}

import type { SchemaColumn } from '../table/table';

export type { SchemaColumn };

/** One engineered feature: where it came from (input columns) and which step made it last. */
export interface FeatureInfo {
  name: string;
  /** Input columns it was computed from. */
  sources: string[];
  /** Index of the last step that wrote it; −1 when the input column passes through untouched. */
  step: number;
}

// Fitted state per step. Every number here is finite: JSON cannot hold NaN or Infinity.

export interface FittedImpute {
  kind: 'impute';
  columns: { name: string; fill: number | string; indicator?: string }[];
}

export interface FittedScale {
  kind: 'scale';
  /** out = (x − center) / scale */
  columns: { name: string; center: number; scale: number }[];
}

export interface FittedPower {
  kind: 'power';
  method: 'log1p' | 'yeoJohnson';
  /** log1p: values below `floor` (the training minimum) are raised to it first. */
  columns: { name: string; floor?: number; lambda?: number; mean?: number; std?: number }[];
}

export interface FittedClip {
  kind: 'clipQuantiles';
  columns: { name: string; low: number; high: number }[];
}

export interface FittedBin {
  kind: 'bin';
  output: 'ordinal' | 'oneHot';
  /** `edges` has n+1 entries; `outputs` the one-hot column names (empty for ordinal). */
  columns: { name: string; edges: number[]; outputs: string[] }[];
}

export interface FittedOneHot {
  kind: 'oneHot';
  /** `outputs[i]` is the column for `categories[i]`; then (missing) and (other) when present. */
  columns: {
    name: string;
    categories: string[];
    outputs: string[];
    missingOutput?: string;
    otherOutput?: string;
    /** Training categories beyond topK: they go to the (other) column. */
    infrequent: string[];
  }[];
}

export interface FittedOrdinal {
  kind: 'ordinal';
  columns: { name: string; categories: string[] }[];
}

export interface FittedTargetEncode {
  kind: 'targetEncode';
  /** Class labels when the task is classification (binary encodes the share of `classes[1]`). */
  classes?: string[];
  /**
   * Regression: one output (the smoothed mean); binary: one (share of `classes[1]`); multiclass:
   * one per class. `encodings[i]` belongs to `categories[i]` (an array, not an object keyed by
   * category: a category called "__proto__" must not become a prototype).
   */
  columns: {
    name: string;
    outputs: string[];
    categories: string[];
    encodings: number[][];
    /** Encoding of a missing value when training had missing values; otherwise missing uses `prior`. */
    missing?: number[];
    /** Used for unseen categories. */
    prior: number[];
  }[];
}

export interface FittedDateParts {
  kind: 'dateParts';
  columns: { name: string; parts: DatePart[]; cyclical: boolean; outputs: string[] }[];
}

export interface FittedProducts {
  kind: 'interactions' | 'polynomial';
  /** Each product: its output name and the two columns multiplied (the same one twice for a square). */
  products: { output: string; a: string; b: string }[];
}

export interface FittedFormula {
  kind: 'formula';
  name: string;
  expression: string;
}

export interface FittedDrop {
  kind: 'drop';
  columns: string[];
}

export type FittedStep =
  | FittedImpute
  | FittedScale
  | FittedPower
  | FittedClip
  | FittedBin
  | FittedOneHot
  | FittedOrdinal
  | FittedTargetEncode
  | FittedDateParts
  | FittedProducts
  | FittedFormula
  | FittedDrop;

export interface FittedRecipe {
  formatVersion: 1;
  spec: RecipeSpec;
  target: string;
  task: Task;
  /** The input columns the recipe reads, in training-table order: what a scoring file must have. */
  inputSchema: SchemaColumn[];
  steps: FittedStep[];
  features: FeatureInfo[];
}

export type RecipeProblemKind =
  | 'missingColumn'
  | 'wrongType'
  | 'targetUsed'
  | 'formulaSyntax'
  | 'formulaType'
  | 'badOption'
  | 'duplicateName'
  | 'notNumeric'
  | 'empty';

/**
 * A problem found before training. `step` is the 0-based step index, or −1 for the recipe as a
 * whole (e.g. a column left non-numeric at the end).
 */
export interface RecipeProblem {
  step: number;
  kind: RecipeProblemKind;
  column?: string;
  message: string;
  /** Formula problems: 0-based character offset in the expression, for the UI to underline. */
  position?: number;
}

export interface FeatureMatrix {
  /** Row-major: x[row * cols + col]. */
  x: Float32Array;
  rows: number;
  cols: number;
  names: string[];
}
