import type { Expr } from './ast';

/** Children of a node, in source order. */
function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'unary':
    case 'isNull':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'in':
      return [e.operand, ...e.items];
    case 'call':
      return e.args;
    default:
      return [];
  }
}

/**
 * The distinct column names an expression reads, in order of first appearance. Recipes and
 * lineage use it to know which inputs a derived column depends on.
 */
export function expressionColumns(expr: Expr): string[] {
  const seen = new Set<string>();
  const visit = (e: Expr): void => {
    if (e.kind === 'column') seen.add(e.name);
    for (const c of children(e)) visit(c);
  };
  visit(expr);
  return [...seen];
}
