import type { FillStrategy, PrepOp, PrepOpKind, SchemaColumn } from '../core/prep';
import type { ColumnType } from '../core/table/table';

/**
 * What the step form holds while the user builds a step: every field of every kind, so switching
 * kinds keeps what was typed. `draftToOp` turns it into the step record the core validates.
 */
export interface OpDraft {
  kind: PrepOpKind;
  /** filter */
  expression: string;
  /** dropColumns, selectColumns, dedupe, dropMissing (none chosen = every column for the last two) */
  columns: string[];
  renameFrom: string;
  renameTo: string;
  /** cast, fillMissing, outliers */
  column: string;
  to: ColumnType;
  keep: 'first' | 'last';
  strategy: FillStrategy;
  value: string;
  method: 'iqr' | 'zscore';
  k: string;
  action: 'clip' | 'remove';
  /** derive */
  name: string;
  formula: string;
  /** join */
  rightVersionId: string;
  keys: { left: string; right: string }[];
  how: 'inner' | 'left';
  suffix: string;
  /** append */
  otherVersionIds: string[];
}

export const OP_KINDS: readonly { kind: PrepOpKind; label: string }[] = [
  { kind: 'filter', label: 'Filter rows' },
  { kind: 'dropColumns', label: 'Drop columns' },
  { kind: 'selectColumns', label: 'Keep only some columns' },
  { kind: 'renameColumns', label: 'Rename a column' },
  { kind: 'cast', label: "Change a column's type" },
  { kind: 'dedupe', label: 'Remove duplicate rows' },
  { kind: 'dropMissing', label: 'Drop rows with missing values' },
  { kind: 'fillMissing', label: 'Fill missing values' },
  { kind: 'outliers', label: 'Clip or remove outliers' },
  { kind: 'derive', label: 'Derive a column from a formula' },
  { kind: 'join', label: 'Join with another version' },
  { kind: 'append', label: 'Append versions (same columns)' },
];

export function emptyDraft(): OpDraft {
  return {
    kind: 'filter',
    expression: '',
    columns: [],
    renameFrom: '',
    renameTo: '',
    column: '',
    to: 'text',
    keep: 'first',
    strategy: 'median',
    value: '',
    method: 'iqr',
    k: '1.5',
    action: 'clip',
    name: '',
    formula: '',
    rightVersionId: '',
    keys: [{ left: '', right: '' }],
    how: 'inner',
    suffix: '_right',
    otherVersionIds: [],
  };
}

const isNumber = (t: ColumnType): boolean => t === 'integer' || t === 'number';

/** The column a single-column step acts on: the chosen one, else the first that suits the step. */
export function columnFor(d: OpDraft, schema: readonly SchemaColumn[]): string {
  if (schema.some((c) => c.name === d.column)) return d.column;
  const suits = d.kind === 'outliers' ? schema.find((c) => isNumber(c.type)) : undefined;
  return (suits ?? schema[0])?.name ?? '';
}

/** The fill constant as the column's kind of value: a number for number columns, else the text. */
function fillValue(text: string, type: ColumnType | undefined): number | string {
  const trimmed = text.trim();
  if (type && isNumber(type) && trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return text;
}

/** The step record the draft describes (it may still have problems: validatePrepOp names them). */
export function draftToOp(d: OpDraft, schema: readonly SchemaColumn[], versionId: string): PrepOp {
  const column = columnFor(d, schema);
  switch (d.kind) {
    case 'filter':
      return { kind: 'filter', expression: d.expression };
    case 'dropColumns':
    case 'selectColumns':
      return { kind: d.kind, columns: [...d.columns] };
    case 'renameColumns':
      return {
        kind: 'renameColumns',
        renames: [
          { from: schema.some((c) => c.name === d.renameFrom) ? d.renameFrom : column, to: d.renameTo },
        ],
      };
    case 'cast':
      return { kind: 'cast', column, to: d.to };
    case 'dedupe':
      return { kind: 'dedupe', keep: d.keep, ...(d.columns.length ? { columns: [...d.columns] } : {}) };
    case 'dropMissing':
      return { kind: 'dropMissing', ...(d.columns.length ? { columns: [...d.columns] } : {}) };
    case 'fillMissing': {
      const type = schema.find((c) => c.name === column)?.type;
      return {
        kind: 'fillMissing',
        column,
        strategy: d.strategy,
        ...(d.strategy === 'constant' ? { value: fillValue(d.value, type) } : {}),
      };
    }
    case 'outliers':
      return {
        kind: 'outliers',
        column,
        method: d.method,
        k: d.k.trim() === '' ? NaN : Number(d.k),
        action: d.action,
      };
    case 'derive':
      return { kind: 'derive', name: d.name, expression: d.formula };
    case 'join':
      return {
        kind: 'join',
        rightVersionId: d.rightVersionId || versionId,
        on: d.keys.map((k) => ({ ...k })),
        how: d.how,
        suffix: d.suffix,
      };
    case 'append':
      return { kind: 'append', otherVersionIds: [...d.otherVersionIds] };
  }
}

/** A first key pair for a join: a column both sides have, preferring one that looks like an identifier. */
export function guessJoinKey(
  left: readonly SchemaColumn[],
  right: readonly SchemaColumn[],
): { left: string; right: string } {
  const shared = left.filter((c) => right.some((r) => r.name === c.name));
  const best = shared.find((c) => c.type === 'identifier' || /id$/i.test(c.name)) ?? shared[0];
  return { left: best?.name ?? left[0]?.name ?? '', right: best?.name ?? right[0]?.name ?? '' };
}
