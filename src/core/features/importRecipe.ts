/**
 * Reading a recipe file the user imports: its format stamp, its shape and bounds (parseRecipe),
 * and the columns it names, all checked before anything is stored.
 */
import { parseRecipe } from './parse';
import type { RecipeSpec, SchemaColumn } from './types';
import { validateRecipe } from './validate';

/** What an exported recipe file says it is. */
export const RECIPE_FILE_FORMAT = 'lifecycle-workbench/recipe';

/**
 * The recipe in an imported file, checked: the `format` stamp must name a workbench recipe, the
 * steps must be well formed and within RECIPE_LIMITS, and — given the dataset's `schema` — every
 * column a step names must exist in the data or be made by the recipe itself. Throws an Error
 * whose first line says what is wrong and whose "• " lines list the problems.
 */
export function readRecipeFile(json: unknown, schema?: readonly SchemaColumn[], target?: string): RecipeSpec {
  const format =
    typeof json === 'object' && json !== null ? (json as { format?: unknown }).format : undefined;
  if (format !== RECIPE_FILE_FORMAT) {
    throw new Error(
      `This is not a Lifecycle Workbench recipe file: its "format" is ${
        format === undefined ? 'missing' : JSON.stringify(String(format).slice(0, 60))
      }; expected "${RECIPE_FILE_FORMAT}".`,
    );
  }
  const spec = parseRecipe(json);
  if (!schema || target === undefined) return spec;
  const names = new Set(schema.map((c) => c.name));
  // A column the data does not have at all (not one an earlier step dropped: that is an order
  // to fix in the editor) means the recipe was made for other data.
  const missing = validateRecipe(spec, schema, target).filter(
    (p) => p.kind === 'missingColumn' && p.column !== undefined && !names.has(p.column),
  );
  if (missing.length > 0) {
    const shown = missing.slice(0, 20).map((p) => `• ${p.message}`);
    if (missing.length > 20) shown.push(`• …and ${missing.length - 20} more.`);
    throw new Error(`It names columns this dataset does not have:\n${shown.join('\n')}`);
  }
  return spec;
}
