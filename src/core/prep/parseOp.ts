import { COLUMN_TYPES, type ColumnType } from '../table/table';
import { PREP_OP_KINDS, type PrepOp } from './types';

type Json = Record<string, unknown>;

class ShapeError extends Error {}

function str(o: Json, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ShapeError(`"${key}" must be text`);
  return v;
}

function strings(o: Json, key: string): string[] {
  const v = o[key];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
    throw new ShapeError(`"${key}" must be a list of names`);
  return [...v];
}

function optionalStrings(o: Json, key: string): { columns?: string[] } {
  return o[key] === undefined ? {} : { columns: strings(o, key) };
}

function oneOf<T extends string>(o: Json, key: string, allowed: readonly T[]): T {
  const v = o[key];
  const found = allowed.find((a) => a === v);
  if (found === undefined) throw new ShapeError(`"${key}" must be one of ${allowed.join(', ')}`);
  return found;
}

function pairs<K extends string>(o: Json, key: string, a: K, b: K): Record<K, string>[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new ShapeError(`"${key}" must be a list`);
  return v.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw new ShapeError(`"${key}" entries must be objects`);
    const entry = item as Json;
    return { [a]: str(entry, a), [b]: str(entry, b) } as Record<K, string>;
  });
}

function build(o: Json): PrepOp {
  const kind = oneOf(o, 'kind', PREP_OP_KINDS);
  switch (kind) {
    case 'filter':
      return { kind, expression: str(o, 'expression') };
    case 'dropColumns':
    case 'selectColumns':
      return { kind, columns: strings(o, 'columns') };
    case 'renameColumns':
      return { kind, renames: pairs(o, 'renames', 'from', 'to') };
    case 'cast':
      return { kind, column: str(o, 'column'), to: oneOf<ColumnType>(o, 'to', COLUMN_TYPES) };
    case 'dedupe':
      return { kind, ...optionalStrings(o, 'columns'), keep: oneOf(o, 'keep', ['first', 'last'] as const) };
    case 'dropMissing':
      return { kind, ...optionalStrings(o, 'columns') };
    case 'fillMissing': {
      const value = o['value'];
      if (value !== undefined && !['number', 'string', 'boolean'].includes(typeof value)) {
        throw new ShapeError('"value" must be a number, text or true/false');
      }
      return {
        kind,
        column: str(o, 'column'),
        strategy: oneOf(o, 'strategy', ['constant', 'mean', 'median', 'mode'] as const),
        ...(value === undefined ? {} : { value: value as number | string | boolean }),
      };
    }
    case 'outliers': {
      const k = o['k'];
      if (typeof k !== 'number') throw new ShapeError('"k" must be a number');
      return {
        kind,
        column: str(o, 'column'),
        method: oneOf(o, 'method', ['iqr', 'zscore'] as const),
        k,
        action: oneOf(o, 'action', ['clip', 'remove'] as const),
      };
    }
    case 'derive':
      return { kind, name: str(o, 'name'), expression: str(o, 'expression') };
    case 'join':
      return {
        kind,
        rightVersionId: str(o, 'rightVersionId'),
        on: pairs(o, 'on', 'left', 'right'),
        how: oneOf(o, 'how', ['inner', 'left'] as const),
        suffix: str(o, 'suffix'),
      };
    case 'append':
      return { kind, otherVersionIds: strings(o, 'otherVersionIds') };
  }
}

/**
 * Reads a preparation record from storage or an imported file, keeping only known fields.
 * Throws an Error that names the field at fault; it does not check columns (validatePrepOp does).
 */
export function parsePrepOp(json: unknown): PrepOp {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('A preparation step must be an object with a "kind".');
  }
  try {
    return build(json as Json);
  } catch (e) {
    if (e instanceof ShapeError) {
      const kind = (json as Json)['kind'];
      throw new Error(
        `Preparation step${typeof kind === 'string' ? ` "${kind}"` : ''} is malformed: ${e.message}.`,
      );
    }
    throw e;
  }
}
