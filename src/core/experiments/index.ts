/** Experiments: search spaces and samplers, successive halving, and comparing runs. */
export {
  applyParams,
  budgetField,
  defaultSearchSpace,
  formatParam,
  spaceProblems,
  specBudget,
  type Assignment,
  type ParamRange,
  type ParamValue,
  type SearchParam,
  type SearchSpace,
} from './space';
export { gridPoints, gridSample, gridSize, MAX_GRID, randomSample } from './sampler';
export {
  halvingProblems,
  planCost,
  planHalving,
  ranksBefore,
  survivors,
  type HalvingOptions,
  type Rung,
} from './halving';
export {
  differingSettings,
  runSettings,
  sortByMetric,
  splitLabel,
  vsBaseline,
  type ComparableRun,
  type SettingDifference,
} from './compare';
export { runSearch, type ScoredTrial, type SearchLoop, type SearchOutcome, type Trial } from './search';
