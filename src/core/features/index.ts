/**
 * The feature recipe: a declarative list of steps, fit on the training split only, replayed
 * identically on validation, test, new batches and in exported bundles.
 */
export type {
  BinStep,
  ClipQuantilesStep,
  DatePart,
  DatePartsStep,
  DropStep,
  FeatureInfo,
  FeatureMatrix,
  FittedRecipe,
  FittedStep,
  FormulaStep,
  ImputeStep,
  InteractionsStep,
  OneHotStep,
  OrdinalStep,
  PolynomialStep,
  PowerStep,
  RecipeProblem,
  RecipeProblemKind,
  RecipeSpec,
  ScaleStep,
  SchemaColumn,
  StepKind,
  StepSpec,
  TargetEncodeStep,
} from './types';
export { RECIPE_FORMAT_VERSION } from './types';
export {
  applyRecipe,
  fitRecipe,
  fitTransform,
  traceRecipe,
  type FitOptions,
  type FitResult,
  type RecipeTraceEntry,
} from './recipe';
export { matrixFromFeatures, toFeatureMatrix } from './matrix';
export { parseRecipe, RECIPE_LIMITS } from './parse';
export { validateRecipe } from './validate';
export { defaultRecipe, type ColumnProfileLike, type DefaultRecipeOptions } from './defaults';
export { leakageWarnings, LEAKAGE_THRESHOLD, type LeakageWarning } from './leakage';
export { describeStep } from './describe';
export { readRecipeFile, RECIPE_FILE_FORMAT } from './importRecipe';
