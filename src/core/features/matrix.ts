/** Feature tables to the row-major Float32 matrix the models train and predict on. */

import type { Table } from '../table/table';
import { numericValues } from '../table/table';
import { describeStep } from './describe';
import { applyRecipe } from './recipe';
import type { FeatureMatrix, FittedRecipe } from './types';

function whereFrom(name: string, fitted: FittedRecipe | undefined): string {
  const info = fitted?.features.find((f) => f.name === name);
  if (!info) return '';
  const sources = info.sources.map((s) => `"${s}"`).join(', ');
  const spec = info.step >= 0 ? fitted?.spec.steps[info.step] : undefined;
  const made = spec ? `, made by step ${info.step + 1} (${describeStep(spec)})` : '';
  return ` (from column ${sources}${made})`;
}

/** Largest finite float32: larger magnitudes are clamped to it rather than becoming Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Packs feature columns (from fitTransform or applyRecipe) row-major into a Float32Array.
 * Magnitudes beyond the float32 range (an extreme out-of-range input after a power or product
 * step) are clamped to ±3.4e38, so one wild row cannot stop a batch. A missing value is a recipe
 * problem: it throws naming the feature, the row (1-based) and, when `fitted` is given, where the
 * feature came from, with the fix (an impute step).
 */
export function matrixFromFeatures(features: Table, fitted?: FittedRecipe): FeatureMatrix {
  const rows = features.rowCount;
  const cols = features.columns.length;
  const x = new Float32Array(rows * cols);
  features.columns.forEach((column, j) => {
    const values = numericValues(column);
    for (let i = 0; i < rows; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) {
        throw new Error(
          `Feature "${column.name}"${whereFrom(column.name, fitted)} is missing in row ${i + 1}. Add an ` +
            `impute step for it (after any step that can produce missing values) so every row has a value.`,
        );
      }
      x[i * cols + j] = Math.min(Math.max(v, -FLOAT32_MAX), FLOAT32_MAX);
    }
  });
  return { x, rows, cols, names: features.columns.map((c) => c.name) };
}

/**
 * applyRecipe, then the row-major matrix for the models. For the training split use
 * `matrixFromFeatures(fitTransform(...).features, fitted)` instead: it keeps target encoding out-of-fold.
 */
export function toFeatureMatrix(fitted: FittedRecipe, table: Table): FeatureMatrix {
  return matrixFromFeatures(applyRecipe(fitted, table), fitted);
}
