/**
 * Data preparation: replayable operations on tables, dataset diffs and lineage graphs.
 * Every function here is pure and never modifies the tables it is given.
 */
export type { PrepOp, PrepOpKind, PrepResult, PrepProblem, FillStrategy, SchemaColumn } from './types';
export { PrepError, PREP_OP_KINDS } from './types';
export { applyPrepOp } from './apply';
export { validatePrepOp } from './validate';
export { parsePrepOp } from './parseOp';
export { tableSchema } from './schema';
export { MAX_JOIN_ROWS } from './join';
export { diffTables, type DatasetDiff } from './diff';
export {
  lineageGraph,
  ancestors,
  type LineageGraph,
  type LineageVersion,
  type LineageModel,
} from './lineage';
