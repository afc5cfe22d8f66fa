/** Training and scoring end to end: splits, the recipe fit per split or fold, models, metrics. */
export {
  checkTraining,
  trainingProblems,
  trainOnTable,
  TrainingProblemsError,
  type TrainingCheck,
} from './train';
export { splitMetrics } from './fit';
export { crossValidate, foldAverage, meanAndStd } from './crossValidate';
export {
  planSplit,
  recipeFitNote,
  splitConfigProblems,
  splitProblems,
  timeValues,
  type HoldoutConfig,
  type KFoldConfig,
  type OutOfTimeConfig,
  type PlannedSplit,
  type SplitConfig,
  type SplitSummary,
} from './split';
export type * from './types';
export { scoreTable, type ScoreResult } from './score';
