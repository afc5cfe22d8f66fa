/**
 * The safe expression language for derived columns, filters and recipe formula steps.
 * Text → tokens → syntax tree → type check against a schema → vectorised evaluation.
 * Never uses eval or Function: user text can only name columns and catalogue functions.
 */
export type { Expr, BinaryOp, ArithmeticOp, ComparisonOp, LogicalOp } from './ast';
export { formatExpression, formatColumnName } from './ast';
export { ExpressionError, MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH, MAX_TREE_HEIGHT } from './errors';
export { parseExpression } from './parse';
export { checkExpression, type SchemaColumn } from './check';
export { evaluateExpression } from './evaluate';
export { FUNCTIONS, type FunctionSpec } from './functions';
export { expressionColumns } from './columns';
