/**
 * The formula step: a new column computed by the safe expression language (src/core/expr, never
 * eval). It learns nothing from the data, so fitting is evaluating.
 */

import { evaluateExpression, ExpressionError, expressionColumns, parseExpression } from '../expr';
import type { Expr } from '../expr';
import type { StepContext } from './stepContext';
import type { FittedFormula, FormulaStep } from './types';
import type { WorkingSet } from './workingSet';
import { stepLabel } from './workingSet';

function parse(expression: string, ctx: StepContext): Expr {
  try {
    return parseExpression(expression);
  } catch (e) {
    if (e instanceof ExpressionError) {
      throw new Error(`${stepLabel(ctx.index, ctx.spec)}: ${e.message}`);
    }
    throw e;
  }
}

export function fitFormula(spec: FormulaStep, set: WorkingSet, ctx: StepContext): FittedFormula {
  const fitted: FittedFormula = { kind: 'formula', name: spec.name, expression: spec.expression };
  applyFormula(fitted, set, ctx);
  return fitted;
}

/**
 * Evaluates the expression over the columns as they are at this step and writes the result as
 * `name`: in place when a column of that name exists, else at the end. Missing values propagate.
 */
export function applyFormula(fitted: FittedFormula, set: WorkingSet, ctx: StepContext): void {
  const expr = parse(fitted.expression, ctx);
  const inputs = expressionColumns(expr).map((n) => set.get(n, ctx.index, ctx.spec));
  let column;
  try {
    column = evaluateExpression(expr, set.toTable());
  } catch (e) {
    if (e instanceof ExpressionError) {
      throw new Error(`${stepLabel(ctx.index, ctx.spec)}: ${e.message}`);
    }
    throw e;
  }
  const made = {
    column: { ...column, name: fitted.name },
    sources: [...new Set(inputs.flatMap((w) => w.sources))],
    step: ctx.index,
  };
  if (set.has(fitted.name)) set.replace(fitted.name, [made]);
  else set.append(made);
}
