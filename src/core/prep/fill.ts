import { parseDateLiteral } from '../expr/staticTypes';
import {
  MISSING_BOOL,
  MISSING_CODE,
  isBooleanColumn,
  isCategoricalColumn,
  isDateColumn,
  type Column,
  type NumericColumn,
} from '../table/table';
import { family } from './schema';
import { formatNumber, meanStd, modeOf, quantileSorted, sortedPresent } from './stats';
import type { FillStrategy, SchemaColumn } from './types';

const DAY_MS = 86_400_000;

/** A fill constant in the column's storage form (epoch ms for dates, 0/1 for booleans), or why it does not fit. */
export function parseConstant(
  value: number | string | boolean | undefined,
  col: SchemaColumn,
): number | string | { problem: string } {
  const where = `column "${col.name}" (${col.type})`;
  if (value === undefined || value === null || value === '') {
    return { problem: `Give the value to fill missing cells of ${where} with.` };
  }
  switch (family(col.type)) {
    case 'number': {
      const v = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
      if (!Number.isFinite(v))
        return {
          problem: `The fill value ${JSON.stringify(value)} is not a number, but ${where} holds numbers.`,
        };
      if (col.type === 'integer' && !Number.isInteger(v)) {
        return {
          problem: `The fill value ${v} is not a whole number, but ${where} holds integers — use a whole number or cast the column to number first.`,
        };
      }
      return v;
    }
    case 'date': {
      const v =
        typeof value === 'number' ? value : typeof value === 'string' ? parseDateLiteral(value) : undefined;
      if (v === undefined || !Number.isFinite(v)) {
        return {
          problem: `The fill value ${JSON.stringify(value)} is not a date — write it as YYYY-MM-DD for ${where}.`,
        };
      }
      return v;
    }
    case 'boolean': {
      const text = String(value).trim().toLowerCase();
      if (text === 'true' || text === 'false') return text === 'true' ? 1 : 0;
      return {
        problem: `The fill value ${JSON.stringify(value)} is not true or false, but ${where} holds true/false values.`,
      };
    }
    case 'text':
      return String(value);
  }
}

function describeFill(strategy: FillStrategy, shown: string): string {
  return strategy === 'constant' ? shown : `the ${strategy} (${shown})`;
}

/**
 * Replaces missing values of one column. Mean and median of an integer column make it a
 * number column (the fill is usually fractional; deciding by value would make a replay on new
 * data change the schema). Throws with a message when there is nothing to compute a statistic from.
 */
export function fillColumn(
  c: Column,
  strategy: FillStrategy,
  value: number | string | boolean | undefined,
): { column: Column; filled: number; description: string } {
  if (isCategoricalColumn(c)) {
    let fill: string;
    if (strategy === 'constant') {
      fill = String(parseConstant(value, c));
    } else {
      const counts = new Float64Array(c.dictionary.length);
      for (const code of c.codes) if (code !== MISSING_CODE) counts[code]!++;
      let best = -1;
      counts.forEach((n, code) => {
        if (
          n > 0 &&
          (best < 0 ||
            n > counts[best]! ||
            (n === counts[best]! && c.dictionary[code]! < c.dictionary[best]!))
        )
          best = code;
      });
      if (best < 0)
        throw new Error(`Column "${c.name}" has no values to take the mode from — fill it with a constant.`);
      fill = c.dictionary[best]!;
    }
    let code = c.dictionary.indexOf(fill);
    const dictionary = code >= 0 ? c.dictionary : [...c.dictionary, fill];
    if (code < 0) code = dictionary.length - 1;
    const codes = c.codes.slice();
    let filled = 0;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] === MISSING_CODE) {
        codes[i] = code;
        filled++;
      }
    }
    return { column: { ...c, codes, dictionary }, filled, description: describeFill(strategy, `"${fill}"`) };
  }
  if (isBooleanColumn(c)) {
    let fill: number;
    if (strategy === 'constant') fill = parseConstant(value, c) as number;
    else {
      let ones = 0;
      let zeros = 0;
      for (const v of c.values)
        if (v === 1) ones++;
        else if (v === 0) zeros++;
      if (ones + zeros === 0)
        throw new Error(`Column "${c.name}" has no values to take the mode from — fill it with a constant.`);
      fill = ones > zeros ? 1 : 0;
    }
    const values = c.values.slice();
    let filled = 0;
    for (let i = 0; i < values.length; i++) {
      if (values[i] === MISSING_BOOL) {
        values[i] = fill;
        filled++;
      }
    }
    return {
      column: { ...c, values },
      filled,
      description: describeFill(strategy, fill === 1 ? 'true' : 'false'),
    };
  }
  let fill: number;
  if (strategy === 'constant') fill = parseConstant(value, c) as number;
  else if (strategy === 'mean') fill = meanStd(c.values).mean;
  else if (strategy === 'median') fill = quantileSorted(sortedPresent(c.values), 0.5);
  else fill = modeOf(c.values);
  if (Number.isNaN(fill)) {
    throw new Error(
      `Column "${c.name}" has no values to compute the ${strategy} from — fill it with a constant.`,
    );
  }
  // A calendar date column keeps whole days.
  if (c.type === 'date' && strategy !== 'constant') fill = Math.round(fill / DAY_MS) * DAY_MS;
  const values = c.values.slice();
  let filled = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) {
      values[i] = fill;
      filled++;
    }
  }
  if (isDateColumn(c)) {
    const shown = new Date(fill).toISOString().slice(0, c.type === 'date' ? 10 : 19);
    return { column: { ...c, values }, filled, description: describeFill(strategy, shown) };
  }
  const type = c.type === 'integer' && (strategy === 'mean' || strategy === 'median') ? 'number' : c.type;
  const column = { name: c.name, type, values } satisfies NumericColumn;
  return { column, filled, description: describeFill(strategy, formatNumber(fill)) };
}
