/**
 * How a training divides its labelled rows: holdout, out-of-time (with an out-of-sample test
 * drawn from the earlier period), or k-fold cross-validation (with a test part held out first).
 * Pure index arithmetic on the rows that have a target, seeded, so the same data, config and seed
 * always give the same parts, and cheap enough to run as a check before any training starts.
 */
import { holdoutSplit, kFold, outOfTimeSplit, type Fold } from '../ml/splits';
import type { SplitName, Task } from '../ml/types';
import { parseDate, type DateOrder } from '../table/dates';
import {
  isBooleanColumn,
  isCategoricalColumn,
  isDateColumn,
  MISSING_CODE,
  numericValues,
  type Column,
} from '../table/table';

export interface HoldoutConfig {
  kind: 'holdout';
  /** Share of the rows for the test part, drawn at random. */
  testFraction: number;
  /** Share of the rows for validation (early stopping, model choice). */
  validationFraction: number;
  /** Classification: keep class proportions in every part. */
  stratify: boolean;
}

/**
 * Out-of-time: rows sorted by `timeColumn`; the latest `outOfTimeFraction` form the out-of-time
 * part, the `validationFraction` before them validate, and the earlier period trains. A random
 * `testFraction` of the earlier period is held out as the out-of-sample test, so a model is
 * judged both on unseen rows of its own period (test) and on a later period (outOfTime).
 */
export interface OutOfTimeConfig {
  kind: 'outOfTime';
  timeColumn: string;
  /** Share of the timed rows, the latest ones, for the out-of-time part. */
  outOfTimeFraction: number;
  /** Share of the timed rows, just before the out-of-time part, for validation. */
  validationFraction: number;
  /** Share of the earlier (training) period drawn at random as the out-of-sample test; 0 for none. */
  testFraction: number;
  stratify: boolean;
}

/**
 * k-fold cross-validation: a random `testFraction` is held out first; the rest is dealt into
 * `folds` folds. Each fold fits the recipe and the model on the other folds and is scored on its
 * own rows; the final model is fit on all non-test rows.
 */
export interface KFoldConfig {
  kind: 'kFold';
  folds: number;
  testFraction: number;
  stratify: boolean;
}

export type SplitConfig = HoldoutConfig | OutOfTimeConfig | KFoldConfig;

/** What the split did, in numbers and words: stored with the run and the model version. */
export interface SplitSummary {
  kind: SplitConfig['kind'];
  /** One or two sentences, for the run record and the UI. */
  description: string;
  sizes: Partial<Record<SplitName, number>>;
  /** Cross-validation: rows per fold's validation part. */
  foldSizes?: number[];
  /** Out of time: first time (epoch ms or number) in the validation and out-of-time parts. */
  validationStart?: number;
  outOfTimeStart?: number;
  /** Rows left out because their time is missing. */
  excluded: number;
  /** Things worth knowing that do not stop the training (a class absent from a later period…). */
  notes: string[];
}

/** Row indices into the labelled rows (those with a target), sorted, parts disjoint. */
export interface PlannedSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
  outOfTime: Int32Array;
  /** Cross-validation folds over the `train` rows (indices into the labelled rows too). */
  folds: Fold[] | null;
  summary: SplitSummary;
}

/** What planSplit needs to know of the labelled rows. */
export interface SplitInput {
  task: Task;
  /** Encoded target per labelled row: class index or value. */
  y: Float32Array;
  classes: readonly string[];
  seed: number;
  /** The time column restricted to the labelled rows (out-of-time only). */
  time?: Column;
}

const EMPTY: Int32Array = new Int32Array(0);
const ORDERS: readonly DateOrder[] = ['ymd', 'dmy', 'mdy'];

/**
 * The time of each row of `column` (epoch ms for dates, the number itself for numbers; NaN when
 * missing). Text columns are read as dates when every value parses in one day/month order.
 * Throws a message naming the column and a value that cannot be a time.
 */
export function timeValues(column: Column): Float64Array {
  const name = `"${column.name}"`;
  if (isDateColumn(column) || column.type === 'integer' || column.type === 'number') {
    return numericValues(column);
  }
  if (isBooleanColumn(column)) {
    throw new Error(`The time column ${name} holds true/false values: choose a date or numeric column.`);
  }
  if (isCategoricalColumn(column)) {
    const texts = column.dictionary;
    for (const order of ORDERS) {
      const parsed = texts.map((t) => parseDate(t.trim(), order));
      if (parsed.every((t) => !Number.isNaN(t))) {
        const out = new Float64Array(column.codes.length);
        column.codes.forEach((c, i) => (out[i] = c === MISSING_CODE ? NaN : parsed[c]!));
        return out;
      }
    }
    const bad = texts.find((t) => ORDERS.every((o) => Number.isNaN(parseDate(t.trim(), o)))) ?? texts[0];
    throw new Error(
      `The time column ${name} cannot be read as dates: "${bad ?? ''}" is not a date. ` +
        'Choose a date or numeric column, or convert this one to dates in Preparation.',
    );
  }
  throw new Error(`The time column ${name} cannot be read as times.`);
}

function mapRows(rows: Int32Array, into: Int32Array): Int32Array {
  return Int32Array.from(rows, (r) => into[r]!).sort();
}

function classOf(y: Float32Array, rows: Int32Array): Int32Array {
  return Int32Array.from(rows, (r) => y[r]!);
}

function percent(f: number): string {
  return `${Math.round(f * 1000) / 10}%`;
}

function formatTime(t: number, column?: Column): string {
  if (!Number.isFinite(t)) return '—';
  if (column && isDateColumn(column)) {
    const iso = new Date(t).toISOString();
    return column.type === 'date' ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (column && isCategoricalColumn(column)) return new Date(t).toISOString().slice(0, 10);
  return String(t);
}

/** Classes of `y` present in `rows`. */
function classesIn(y: Float32Array, rows: Int32Array): Set<number> {
  const seen = new Set<number>();
  for (const r of rows) seen.add(y[r]!);
  return seen;
}

/** Names of the classes absent from `rows`. */
function missingClasses(input: SplitInput, rows: Int32Array): string[] {
  if (input.task !== 'classification' || rows.length === 0) return [];
  const seen = classesIn(input.y, rows);
  return input.classes.filter((_, c) => !seen.has(c));
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

function holdout(n: number, input: SplitInput, test: number, validation: number, stratify: boolean) {
  const strat = stratify && input.task === 'classification';
  return holdoutSplit(n, {
    testFraction: test,
    validationFraction: validation,
    seed: input.seed,
    ...(strat ? { stratify: Int32Array.from(input.y), classNames: input.classes } : {}),
  });
}

function planHoldout(config: HoldoutConfig, input: SplitInput): PlannedSplit {
  const n = input.y.length;
  const parts = holdout(n, input, config.testFraction, config.validationFraction, config.stratify);
  const how = config.stratify && input.task === 'classification' ? 'stratified, ' : '';
  return {
    ...parts,
    outOfTime: EMPTY,
    folds: null,
    summary: {
      kind: 'holdout',
      description:
        `Holdout (${how}seed ${input.seed}): ${parts.train.length} training, ${parts.validation.length} ` +
        `validation and ${parts.test.length} test rows, drawn at random.`,
      sizes: { train: parts.train.length, validation: parts.validation.length, test: parts.test.length },
      excluded: 0,
      notes: [],
    },
  };
}

function planOutOfTime(config: OutOfTimeConfig, input: SplitInput): PlannedSplit {
  if (!(config.outOfTimeFraction > 0 && config.outOfTimeFraction < 1)) {
    throw new Error(`The out-of-time share must be above 0 and below 1 (got ${config.outOfTimeFraction}).`);
  }
  if (!input.time) throw new Error(`The time column "${config.timeColumn}" is not in this dataset version.`);
  const times = timeValues(input.time);
  const byTime = outOfTimeSplit(times, {
    validationFraction: config.validationFraction,
    testFraction: config.outOfTimeFraction,
    columnName: config.timeColumn,
  });
  let train: Int32Array = byTime.train;
  let test = EMPTY;
  if (config.testFraction > 0) {
    // The out-of-sample test comes from the training period: same time span, unseen rows.
    const early = byTime.train;
    const sub: SplitInput = { ...input, y: Float32Array.from(early, (r) => input.y[r]!) };
    const parts = holdout(early.length, sub, config.testFraction, 0, config.stratify);
    train = mapRows(parts.train, early);
    test = mapRows(parts.test, early);
  }
  const column = `"${config.timeColumn}"`;
  const fmt = (t: number) => formatTime(t, input.time);
  const notes: string[] = [];
  if (byTime.excluded.length) {
    notes.push(`${byTime.excluded.length} rows have no time in ${column}: they are left out of every part.`);
  }
  const absentLater = missingClasses(input, byTime.test);
  if (absentLater.length) {
    notes.push(
      `The out-of-time part has no row of ${quoteList(absentLater)}: its metrics cover the other classes.`,
    );
  }
  const absentTrain = missingClasses(input, train);
  if (absentTrain.length) {
    notes.push(`The training period has no row of ${quoteList(absentTrain)}: the model cannot learn it.`);
  }
  const testWords = test.length
    ? ` A random ${percent(config.testFraction)} of that period (${test.length} rows) is the out-of-sample test.`
    : '';
  const valWords = byTime.validation.length
    ? `, validation from ${fmt(byTime.validationStart)} (${byTime.validation.length} rows)`
    : '';
  return {
    train,
    validation: byTime.validation,
    test,
    outOfTime: byTime.test,
    folds: null,
    summary: {
      kind: 'outOfTime',
      description:
        `Out of time on ${column}: training period before ${fmt(
          Number.isNaN(byTime.validationStart) ? byTime.testStart : byTime.validationStart,
        )} (${train.length} rows)${valWords}, out-of-time from ${fmt(byTime.testStart)} ` +
        `(${byTime.test.length} rows).${testWords}`,
      sizes: {
        train: train.length,
        validation: byTime.validation.length,
        test: test.length,
        outOfTime: byTime.test.length,
      },
      ...(Number.isNaN(byTime.validationStart) ? {} : { validationStart: byTime.validationStart }),
      outOfTimeStart: byTime.testStart,
      excluded: byTime.excluded.length,
      notes,
    },
  };
}

function planKFold(config: KFoldConfig, input: SplitInput): PlannedSplit {
  const n = input.y.length;
  let train: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  let test = EMPTY;
  if (config.testFraction > 0) {
    const parts = holdout(n, input, config.testFraction, 0, config.stratify);
    train = parts.train;
    test = parts.test;
  }
  const strat = config.stratify && input.task === 'classification';
  const folds = kFold(train.length, config.folds, {
    seed: input.seed,
    ...(strat ? { stratify: classOf(input.y, train), classNames: input.classes } : {}),
  }).map((f) => ({ train: mapRows(f.train, train), validation: mapRows(f.validation, train) }));
  const how = strat ? 'stratified, ' : '';
  const held = test.length ? `; ${test.length} test rows were held out first` : '';
  return {
    train,
    validation: EMPTY,
    test,
    outOfTime: EMPTY,
    folds,
    summary: {
      kind: 'kFold',
      description: `${config.folds}-fold cross-validation (${how}seed ${input.seed}) on ${train.length} rows${held}.`,
      sizes: { train: train.length, test: test.length },
      foldSizes: folds.map((f) => f.validation.length),
      excluded: 0,
      notes: [],
    },
  };
}

function shareProblem(label: string, f: number, allowZero: boolean): string | null {
  const ok = Number.isFinite(f) && (allowZero ? f >= 0 : f > 0) && f < 1;
  return ok ? null : `${label} must be ${allowZero ? 'at least 0' : 'above 0'} and below 1 (got ${f}).`;
}

/** Settings of `config` that cannot work whatever the data, in the Train form's words. */
export function splitConfigProblems(config: SplitConfig): string[] {
  const problems: (string | null)[] = [];
  if (config.kind === 'kFold') {
    if (!Number.isInteger(config.folds) || config.folds < 2 || config.folds > 20) {
      problems.push(`Folds must be a whole number from 2 to 20 (got ${config.folds}).`);
    }
    problems.push(shareProblem('Test share', config.testFraction, true));
  } else {
    problems.push(shareProblem('Test share', config.testFraction, true));
    problems.push(shareProblem('Validation share', config.validationFraction, true));
    if (config.kind === 'outOfTime') {
      problems.push(shareProblem('Out-of-time share', config.outOfTimeFraction, false));
      if (!config.timeColumn) problems.push('Choose the time column for the out-of-time split.');
      if (config.outOfTimeFraction + config.validationFraction >= 1) {
        problems.push(
          'Validation and out-of-time shares together leave no training period: keep their sum below 1.',
        );
      }
    } else if (config.testFraction + config.validationFraction >= 1) {
      problems.push('Test and validation shares together leave no rows to train on: keep their sum below 1.');
    }
  }
  return problems.filter((p): p is string => p !== null);
}

/**
 * Splits the labelled rows as `config` says. Throws a message the user can act on when the rows
 * cannot be split that way (too few rows, a class too rare for stratification, an unreadable
 * time column); see splitProblems for the checks that do not throw.
 */
export function planSplit(config: SplitConfig, input: SplitInput): PlannedSplit {
  switch (config.kind) {
    case 'holdout':
      return planHoldout(config, input);
    case 'outOfTime':
      return planOutOfTime(config, input);
    case 'kFold':
      if (!Number.isInteger(config.folds) || config.folds < 2 || config.folds > 20) {
        throw new Error(`Folds must be a whole number from 2 to 20 (got ${config.folds}).`);
      }
      return planKFold(config, input);
  }
}

/**
 * Problems of a planned split that would make its scores meaningless: a random validation or test
 * part (or a fold) without every class. Out-of-time parts may lack a class (that is the data);
 * planSplit lists that as a note instead.
 */
export function splitProblems(plan: PlannedSplit, input: SplitInput): string[] {
  const problems: string[] = [];
  const fix = 'Turn on stratified splitting, raise its share, or merge rare classes.';
  const check = (label: string, rows: Int32Array) => {
    const absent = missingClasses(input, rows);
    if (absent.length) {
      problems.push(`The ${label} (${rows.length} rows) has no row of ${quoteList(absent)}. ${fix}`);
    }
  };
  check('test part', plan.test);
  if (plan.summary.kind === 'holdout') check('validation part', plan.validation);
  plan.folds?.forEach((f, i) => check(`validation part of fold ${i + 1}`, f.validation));
  return problems;
}

/** Where the feature recipe is fit under `config`, in words for the Train form. */
export function recipeFitNote(config: SplitConfig): string {
  switch (config.kind) {
    case 'holdout':
      return 'The feature recipe is fit on the training rows only, then replayed unchanged on the validation and test rows.';
    case 'outOfTime':
      return 'The feature recipe is fit on the training period’s training rows only, then replayed unchanged on the validation, test and out-of-time rows.';
    case 'kFold':
      return 'The feature recipe is fit inside each fold, on that fold’s training rows only (its validation rows never influence it); the final model’s recipe is fit on all non-test rows.';
  }
}
