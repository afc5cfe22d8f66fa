/**
 * Seeded data splits: holdout (random or stratified), out-of-time, and k-fold. Every split returns
 * sorted row indices (into the rows the caller passed, 0…n−1) so parts are disjoint and cover the
 * rows, and the same seed always gives the same split.
 */
import { createRng, permutation, shuffleInPlace } from './rng';

export interface HoldoutOptions {
  /** Share of rows for the test part, in [0, 1). */
  testFraction: number;
  /** Share of rows for the validation part, in [0, 1); 0 leaves validation empty. */
  validationFraction: number;
  seed: number;
  /** Class index per row: every part then keeps the class proportions and holds every class. */
  stratify?: Int32Array;
  /** Class names for messages (index → name). */
  classNames?: readonly string[];
}

export interface HoldoutSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export interface OutOfTimeOptions {
  validationFraction: number;
  testFraction: number;
  /** The time column's name, for messages. */
  columnName?: string;
}

export interface OutOfTimeSplit extends HoldoutSplit {
  /** Rows whose time is missing: left out of every part. */
  excluded: Int32Array;
  /** First time in the validation part and in the test part (NaN when that part is empty). */
  validationStart: number;
  testStart: number;
}

export interface Fold {
  train: Int32Array;
  validation: Int32Array;
}

export interface KFoldOptions {
  seed: number;
  stratify?: Int32Array;
  classNames?: readonly string[];
}

function checkFractions(testFraction: number, validationFraction: number): void {
  for (const [name, f] of [
    ['testFraction', testFraction],
    ['validationFraction', validationFraction],
  ] as const) {
    if (!(f >= 0 && f < 1)) throw new Error(`${name} must be at least 0 and below 1; got ${f}.`);
  }
  if (testFraction + validationFraction >= 1) {
    throw new Error(
      `Test (${testFraction}) and validation (${validationFraction}) fractions leave no rows to train on: keep their sum below 1.`,
    );
  }
}

function sorted(values: number[]): Int32Array {
  return Int32Array.from(values).sort();
}

function className(c: number, names?: readonly string[]): string {
  return `"${names?.[c] ?? `class ${c}`}"`;
}

/** Rows of each class, in row order. */
function groupByClass(stratify: Int32Array, n: number): number[][] {
  if (stratify.length !== n) throw new Error(`stratify has ${stratify.length} labels for ${n} rows.`);
  const groups: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = stratify[i]!;
    if (c < 0) throw new Error(`Row ${i} has no class (index ${c}): drop rows with a missing target first.`);
    (groups[c] ??= []).push(i);
  }
  return groups;
}

/**
 * Random holdout split into train, validation and test. With `stratify`, each class is split on
 * its own so every part keeps the class proportions, and every part with a non-zero fraction gets
 * at least one row of every class (an error names the class when it has too few rows for that).
 */
export function holdoutSplit(n: number, options: HoldoutOptions): HoldoutSplit {
  const { testFraction: tf, validationFraction: vf, seed, stratify, classNames } = options;
  checkFractions(tf, vf);
  const parts = 1 + (tf > 0 ? 1 : 0) + (vf > 0 ? 1 : 0);
  if (n < parts + 1) {
    throw new Error(`${n} rows are too few to split into ${parts} parts: each part needs rows.`);
  }
  const rng = createRng(seed);
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  const take = (rows: ArrayLike<number>, nTest: number, nVal: number) => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (i < nTest) test.push(r);
      else if (i < nTest + nVal) validation.push(r);
      else train.push(r);
    }
  };
  const count = (m: number, f: number, atLeastOne: boolean) =>
    f > 0 ? Math.max(atLeastOne ? 1 : 0, Math.round(m * f)) : 0;

  if (!stratify) {
    const nTest = count(n, tf, true);
    const nVal = count(n, vf, true);
    if (n - nTest - nVal < 2)
      throw new Error(`${n} rows leave fewer than 2 rows to train on: lower the fractions.`);
    take(permutation(n, rng), nTest, nVal);
  } else {
    groupByClass(stratify, n).forEach((rows, c) => {
      if (!rows) return;
      const need = parts;
      if (rows.length < need) {
        const where = ['train', tf > 0 ? 'test' : '', vf > 0 ? 'validation' : ''].filter(Boolean).join(', ');
        throw new Error(
          `Class ${className(c, classNames)} has ${rows.length} row(s): too few to put one in each of ${where}. ` +
            'Collect more rows of it, merge it with another class, or use fewer parts.',
        );
      }
      shuffleInPlace(rows, rng);
      let nTest = count(rows.length, tf, true);
      let nVal = count(rows.length, vf, true);
      // Rounding up two small parts can eat the whole class; train must keep one row.
      while (rows.length - nTest - nVal < 1) {
        if (nVal > 1 && nVal >= nTest) nVal--;
        else nTest--;
      }
      take(rows, nTest, nVal);
    });
  }
  return { train: sorted(train), validation: sorted(validation), test: sorted(test) };
}

/**
 * Out-of-time split on a time per row (epoch ms or any ordered number): the earliest rows train,
 * later ones validate, the latest test. A cut never separates rows with the same time (that would
 * leak the future into training), so parts can be slightly larger than their fraction. Rows with a
 * missing time are returned in `excluded`.
 */
export function outOfTimeSplit(times: Float64Array, options: OutOfTimeOptions): OutOfTimeSplit {
  const { validationFraction: vf, testFraction: tf } = options;
  const column = options.columnName ? `"${options.columnName}"` : 'the time column';
  checkFractions(tf, vf);
  const timed: number[] = [];
  const excluded: number[] = [];
  times.forEach((t, i) => (Number.isNaN(t) ? excluded : timed).push(i));
  const n = timed.length;
  if (n === 0) throw new Error(`No row has a time in ${column}: check that it parses as dates or numbers.`);
  timed.sort((a, b) => times[a]! - times[b]! || a - b);
  const at = (k: number) => times[timed[k]!]!;
  // Moves a cut forward past rows that share the time just before it.
  const cutAfterTies = (k: number) => {
    while (k > 0 && k < n && at(k) === at(k - 1)) k++;
    return k;
  };
  const nTest = tf > 0 ? Math.max(1, Math.round(n * tf)) : 0;
  const nVal = vf > 0 ? Math.max(1, Math.round(n * vf)) : 0;
  const valStart = cutAfterTies(n - nTest - nVal);
  const testStart = tf > 0 ? cutAfterTies(Math.max(valStart, n - nTest)) : n;
  const problems: string[] = [];
  if (valStart < 2) problems.push('train would have fewer than 2 rows');
  if (vf > 0 && testStart <= valStart) problems.push('validation would be empty');
  if (tf > 0 && testStart >= n) problems.push('test would be empty');
  if (problems.length) {
    throw new Error(
      `Cannot split ${n} timed rows by ${column}: ${problems.join(', ')} (rows sharing a time stay together). ` +
        'Use a finer time column, more rows, or other fractions.',
    );
  }
  return {
    train: sorted(timed.slice(0, valStart)),
    validation: sorted(timed.slice(valStart, testStart)),
    test: sorted(timed.slice(testStart)),
    excluded: Int32Array.from(excluded),
    validationStart: testStart > valStart ? at(valStart) : NaN,
    testStart: testStart < n ? at(testStart) : NaN,
  };
}

/**
 * k-fold cross-validation: every row is in exactly one fold's validation part. With `stratify`,
 * each class is dealt across the folds in turn, so every fold holds every class (an error names a
 * class with fewer rows than folds).
 */
export function kFold(n: number, k: number, options: KFoldOptions): Fold[] {
  if (!Number.isInteger(k) || k < 2)
    throw new Error(`The number of folds must be a whole number of at least 2; got ${k}.`);
  if (n < 2 * k)
    throw new Error(`${n} rows are too few for ${k} folds: use at least ${2 * k} rows or fewer folds.`);
  const rng = createRng(options.seed);
  const foldOf = new Int32Array(n);
  if (!options.stratify) {
    const order = permutation(n, rng);
    // sklearn's KFold sizes: the first n % k folds get one extra row.
    let pos = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
      for (let j = 0; j < size; j++) foldOf[order[pos++]!] = f;
    }
  } else {
    let next = 0;
    groupByClass(options.stratify, n).forEach((rows, c) => {
      if (!rows) return;
      if (rows.length < k) {
        throw new Error(
          `Class ${className(c, options.classNames)} has ${rows.length} row(s), fewer than the ${k} folds: ` +
            'some folds would have none of it. Use fewer folds, or merge it with another class.',
        );
      }
      shuffleInPlace(rows, rng);
      // Continuing the deal where the last class stopped keeps fold sizes within one row.
      for (const r of rows) {
        foldOf[r] = next;
        next = (next + 1) % k;
      }
    });
  }
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const validation: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? validation : train).push(i);
    folds.push({ train: Int32Array.from(train), validation: Int32Array.from(validation) });
  }
  return folds;
}
