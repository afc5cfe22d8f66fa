/**
 * Explore helpers the data worker runs on a stored table: filtering, sorting and paging raw
 * rows, seeded samples for scatter plots, and feature-against-target summaries. Pure functions.
 */
export {
  allRows,
  filterProblem,
  filterRowIndices,
  pageRows,
  sortRowIndices,
  type FilterProblem,
  type RowPage,
  type SortDirection,
} from './rows';
export { argsortFloat64 } from './argsort';
export { sampleIndices, sampleOf } from './sample';
export {
  defaultScatterAxes,
  plotValue,
  presentRows,
  scatterSample,
  type PlotValue,
  type ScatterSample,
} from './scatter';
export { boxStats, featureByTarget, type BoxStats, type FeatureByTarget } from './byTarget';
export {
  capCategories,
  clipText,
  LabelClipper,
  MAX_AXIS_CATEGORIES,
  MAX_CELL_CHARS,
  MAX_LABEL_CHARS,
} from './labels';
