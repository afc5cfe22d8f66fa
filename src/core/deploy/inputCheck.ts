/**
 * What is wrong with a file to score, column by column, before any prediction: missing columns
 * (refused, named), extra columns (ignored, kept in the output), values of the wrong type (made
 * missing and counted by the ingest; scored when the recipe fills missing values), and categories
 * the model never saw in training (scored by the recipe's rule for them, counted here).
 */
import type { FittedRecipe, SchemaColumn } from '../features/types';
import { isCategoricalColumn, MISSING_CODE, type Table } from '../table/table';

export type InputProblemKind = 'missing' | 'extra' | 'wrongType' | 'unseenCategory';

export interface InputProblem {
  column: string;
  kind: InputProblemKind;
  /** Rows affected (wrong type, unseen category). */
  rows?: number;
  /** A few of the offending values. */
  examples?: string[];
  message: string;
}

export interface InputCheck {
  problems: InputProblem[];
  /** Set when the file cannot be scored: the message names the column(s). */
  refusal: string | null;
}

/** Per input column, the categories the fitted recipe knows (from one-hot, ordinal, target encoding). */
function knownCategories(recipe: FittedRecipe): Map<string, Set<string>> {
  const known = new Map<string, Set<string>>();
  for (const step of recipe.steps) {
    if (step.kind !== 'oneHot' && step.kind !== 'ordinal' && step.kind !== 'targetEncode') continue;
    for (const c of step.columns) {
      const set = known.get(c.name) ?? new Set<string>();
      for (const v of c.categories) set.add(v);
      if ('infrequent' in c) for (const v of c.infrequent) set.add(v);
      known.set(c.name, set);
    }
  }
  return known;
}

/**
 * Checks `table` (read with the recipe's input types as overrides) against the recipe. `failures`
 * gives, per column, the values that did not convert to the expected type (from the ingest).
 */
export function checkScoringInput(
  recipe: FittedRecipe,
  table: Table,
  failures: ReadonlyMap<string, { count: number; examples?: string[] }> = new Map(),
): InputCheck {
  const needed: SchemaColumn[] = recipe.inputSchema.filter((c) => c.name !== recipe.target);
  const present = new Set(table.columns.map((c) => c.name));
  const problems: InputProblem[] = [];
  for (const c of needed) {
    if (!present.has(c.name)) {
      problems.push({
        column: c.name,
        kind: 'missing',
        message: `Column "${c.name}" (${c.type}) is missing: the model needs it.`,
      });
    }
  }
  const wanted = new Set(needed.map((c) => c.name));
  for (const c of table.columns) {
    if (!wanted.has(c.name) && c.name !== recipe.target) {
      problems.push({
        column: c.name,
        kind: 'extra',
        message: `Column "${c.name}" is not used by the model; it is kept in the output as is.`,
      });
    }
  }
  for (const c of needed) {
    const failed = failures.get(c.name);
    if (failed && failed.count > 0) {
      problems.push({
        column: c.name,
        kind: 'wrongType',
        rows: failed.count,
        ...(failed.examples ? { examples: failed.examples } : {}),
        message: `Column "${c.name}": ${failed.count} value(s) are not ${c.type === 'integer' || c.type === 'number' ? 'numbers' : `of type ${c.type}`}${failed.examples?.length ? ` (e.g. ${failed.examples.map((e) => JSON.stringify(e)).join(', ')})` : ''}; they are read as missing.`,
      });
    }
  }
  const known = knownCategories(recipe);
  for (const column of table.columns) {
    const set = known.get(column.name);
    if (!set || !isCategoricalColumn(column)) continue;
    const counts = new Int32Array(column.dictionary.length);
    for (const code of column.codes) if (code !== MISSING_CODE) counts[code]!++;
    let rows = 0;
    const examples: string[] = [];
    column.dictionary.forEach((value, code) => {
      if (counts[code]! > 0 && !set.has(value)) {
        rows += counts[code]!;
        if (examples.length < 5) examples.push(value);
      }
    });
    if (rows > 0) {
      problems.push({
        column: column.name,
        kind: 'unseenCategory',
        rows,
        examples,
        message: `Column "${column.name}": ${rows} row(s) have categories the model never saw in training (${examples.map((e) => JSON.stringify(e)).join(', ')}); they are scored as the recipe treats unseen categories.`,
      });
    }
  }
  const missing = problems.filter((p) => p.kind === 'missing');
  const refusal =
    missing.length > 0
      ? `The file cannot be scored: ${missing.length === 1 ? 'column' : 'columns'} ${missing.map((p) => `"${p.column}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. Add ${missing.length === 1 ? 'it' : 'them'} with the name${missing.length === 1 ? '' : 's'} the model was trained on.`
      : null;
  return { problems, refusal };
}

/** Per-column conversion failures from the ingest's column report. */
export function conversionFailures(
  columns: readonly { name: string; failures?: number }[],
): Map<string, { count: number }> {
  const out = new Map<string, { count: number }>();
  for (const c of columns) if (c.failures) out.set(c.name, { count: c.failures });
  return out;
}
