/**
 * The recipe a careful analyst would start from, given the columns (and, when known, their
 * profile). Deliberately plain so the UI can explain every step: drop what cannot be a feature,
 * date parts for dates, fill and standardize numbers, one-hot categories.
 */

import type { Task } from '../ml/types';
import type { ColumnType } from '../table/table';
import type { RecipeSpec, SchemaColumn, StepSpec } from './types';
import { RECIPE_FORMAT_VERSION } from './types';

/** What defaultRecipe needs to know of a column's profile (a subset of the table profile). */
export interface ColumnProfileLike {
  name: string;
  type: ColumnType;
  /** Distinct non-missing values. */
  distinct: number;
  /** Missing cells. */
  missing: number;
}

export interface DefaultRecipeOptions {
  target: string;
  task: Task;
  profile?: readonly ColumnProfileLike[];
  /** Rows in the table the profile describes; lets identifier-like columns be recognised. */
  rowCount?: number;
  /** Categories kept by one-hot encoding; the rest go to an "other" column. Default 20. */
  topK?: number;
}

/** Names that usually mean "row identifier" (id, customer_id, CustomerID, uuid…). */
const ID_NAME = /(^|[_\s.-])(id|uuid|guid|key)$|^id[_\s.-]/i;
/** camelCase identifiers (CustomerID, PassengerId), case-sensitive so "Humid" is not one. */
const CAMEL_ID = /[a-z](ID|Id)$/;

/** Why a column should not be a feature, or undefined when it may be one. */
function dropReason(
  column: SchemaColumn,
  p: ColumnProfileLike | undefined,
  rowCount: number | undefined,
): string | undefined {
  if (column.type === 'identifier' || column.type === 'text') return column.type;
  if (!p) return undefined;
  const present = rowCount === undefined ? undefined : rowCount - p.missing;
  if (p.distinct <= 1) return 'constant';
  if (present !== undefined && present > 0) {
    const nearlyUnique = p.distinct >= 0.95 * present;
    if (column.type === 'category' && nearlyUnique && p.distinct > 50) return 'identifier-like';
    if (
      column.type === 'integer' &&
      p.distinct === present &&
      (ID_NAME.test(column.name) || CAMEL_ID.test(column.name))
    )
      return 'identifier-like';
  }
  return undefined;
}

/**
 * A starting recipe for `schema`: drop the target-less junk (identifier and free-text columns,
 * constants, and — with a profile — identifier-like columns), date parts for dates, median
 * imputation and standardization for numbers (every numeric column is imputed, so missing values
 * in future data are handled even when training had none), the most frequent value for booleans,
 * and one-hot encoding (top K + other, missing as its own category) for categories.
 */
export function defaultRecipe(schema: readonly SchemaColumn[], options: DefaultRecipeOptions): RecipeSpec {
  const profiles = new Map((options.profile ?? []).map((p) => [p.name, p]));
  const drop: string[] = [];
  const numbers: string[] = [];
  const booleans: string[] = [];
  const categories: string[] = [];
  const dates: SchemaColumn[] = [];
  for (const column of schema) {
    if (column.name === options.target) continue;
    if (dropReason(column, profiles.get(column.name), options.rowCount)) {
      drop.push(column.name);
      continue;
    }
    switch (column.type) {
      case 'integer':
      case 'number':
        numbers.push(column.name);
        break;
      case 'boolean':
        booleans.push(column.name);
        break;
      case 'date':
      case 'datetime':
        dates.push(column);
        break;
      default:
        categories.push(column.name);
    }
  }
  const steps: StepSpec[] = [];
  if (drop.length > 0) steps.push({ kind: 'drop', columns: drop });
  if (dates.length > 0) {
    steps.push({ kind: 'dateParts', columns: dates.map((d) => d.name) });
    for (const d of dates) {
      const parts =
        d.type === 'datetime' ? ['year', 'month', 'dayOfWeek', 'hour'] : ['year', 'month', 'dayOfWeek'];
      numbers.push(...parts.map((p) => `${d.name}_${p}`));
    }
  }
  if (numbers.length > 0) {
    steps.push({ kind: 'impute', columns: numbers, strategy: 'median' });
    steps.push({ kind: 'scale', columns: numbers, method: 'standard' });
  }
  if (booleans.length > 0) steps.push({ kind: 'impute', columns: booleans, strategy: 'mode' });
  if (categories.length > 0) {
    steps.push({
      kind: 'oneHot',
      columns: categories,
      topK: options.topK ?? 20,
      other: true,
      missing: 'category',
    });
  }
  return { formatVersion: RECIPE_FORMAT_VERSION, steps };
}
