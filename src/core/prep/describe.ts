import type { PrepOp } from './types';

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/**
 * A one-line description of an operation for step lists and lineage labels, before it runs
 * (the result's `summary` says what it did).
 */
export function describePrepOp(op: PrepOp): string {
  switch (op.kind) {
    case 'filter':
      return `Keep rows where ${op.expression}`;
    case 'dropColumns':
      return `Drop ${op.columns.length === 1 ? 'column' : 'columns'} ${quoted(op.columns)}`;
    case 'selectColumns':
      return `Keep only ${op.columns.length === 1 ? 'column' : 'columns'} ${quoted(op.columns)}`;
    case 'renameColumns':
      return `Rename ${op.renames.map((r) => `"${r.from}" to "${r.to}"`).join(', ')}`;
    case 'cast':
      return `Cast "${op.column}" to ${op.to}`;
    case 'dedupe':
      return `Remove duplicate rows${op.columns ? ` by ${quoted(op.columns)}` : ''}, keeping the ${op.keep}`;
    case 'dropMissing':
      return `Drop rows with missing values${op.columns ? ` in ${quoted(op.columns)}` : ''}`;
    case 'fillMissing':
      return op.strategy === 'constant'
        ? `Fill missing "${op.column}" with ${JSON.stringify(op.value)}`
        : `Fill missing "${op.column}" with the ${op.strategy}`;
    case 'outliers':
      return `${op.action === 'clip' ? 'Clip' : 'Remove'} outliers in "${op.column}" (${op.method === 'iqr' ? 'IQR' : 'z-score'}, k = ${op.k})`;
    case 'derive':
      return `Derive "${op.name}" = ${op.expression}`;
    case 'join':
      return `${op.how === 'inner' ? 'Inner' : 'Left'} join with version ${op.rightVersionId} on ${op.on
        .map((k) => (k.left === k.right ? `"${k.left}"` : `"${k.left}" = "${k.right}"`))
        .join(', ')}`;
    case 'append':
      return `Append ${op.otherVersionIds.length === 1 ? 'version' : 'versions'} ${op.otherVersionIds.join(', ')}`;
  }
}
