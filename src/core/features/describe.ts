/** One-line descriptions of recipe steps in the user's words, for the UI and for error messages. */

import type { StepSpec } from './types';

function list(columns: readonly string[]): string {
  if (columns.length === 0) return '(no columns)';
  if (columns.length <= 4) return columns.join(', ');
  return `${columns.slice(0, 3).join(', ')} and ${columns.length - 3} more`;
}

const SCALE: Record<string, string> = {
  standard: 'Standardize',
  minmax: 'Min-max scale',
  robust: 'Robust scale (median, IQR)',
};

/**
 * A short sentence saying what the step does, e.g. "Standardize bill_length_mm, body_mass_g".
 * Long column lists are shortened ("a, b, c and 4 more").
 */
export function describeStep(step: StepSpec): string {
  switch (step.kind) {
    case 'impute': {
      const how =
        step.strategy === 'constant'
          ? `with ${JSON.stringify(step.value ?? 0)}`
          : step.strategy === 'mode'
            ? 'with the most frequent value'
            : `with the ${step.strategy}`;
      return `Fill missing ${list(step.columns)} ${how}${step.addIndicator ? ' (+ missing indicator)' : ''}`;
    }
    case 'scale':
      return `${SCALE[step.method] ?? 'Scale'} ${list(step.columns)}`;
    case 'power':
      return step.method === 'log1p'
        ? `Log-transform (log1p) ${list(step.columns)}`
        : `Yeo-Johnson transform ${list(step.columns)}`;
    case 'clipQuantiles':
      return `Clip ${list(step.columns)} to quantiles ${step.lower}–${step.upper}`;
    case 'bin':
      return `Bin ${list(step.columns)} into ${step.nBins} ${step.strategy === 'quantile' ? 'quantile' : 'equal-width'} bins${
        step.output === 'oneHot' ? ' (one-hot)' : ''
      }`;
    case 'oneHot': {
      const top =
        step.topK === undefined ? '' : ` (top ${step.topK}${step.other === false ? '' : ' + other'})`;
      return `One-hot encode ${list(step.columns)}${top}`;
    }
    case 'ordinal':
      return `Ordinal-encode ${list(step.columns)}`;
    case 'targetEncode':
      return `Target-encode ${list(step.columns)} (out-of-fold)`;
    case 'dateParts':
      return `Date parts of ${list(step.columns)}${step.cyclical ? ' (cyclical)' : ''}`;
    case 'interactions':
      return `Pairwise products of ${list(step.columns)}`;
    case 'polynomial':
      return `Squares and pairwise products of ${list(step.columns)}`;
    case 'formula':
      return `New column ${step.name} = ${step.expression}`;
    case 'drop':
      return `Drop ${list(step.columns)}`;
  }
}
