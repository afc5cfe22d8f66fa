// The split part of the Train form: every field kept (switching kinds loses nothing), turned into
// the SplitConfig the pipeline takes.
import type { SplitConfig } from '../core/pipeline/split';
import type { SchemaColumn } from '../store';

export interface SplitForm {
  kind: SplitConfig['kind'];
  testFraction: number;
  validationFraction: number;
  outOfTimeFraction: number;
  timeColumn: string;
  folds: number;
  stratify: boolean;
}

export function defaultSplitForm(): SplitForm {
  return {
    kind: 'holdout',
    testFraction: 0.2,
    validationFraction: 0.1,
    outOfTimeFraction: 0.2,
    timeColumn: '',
    folds: 5,
    stratify: true,
  };
}

export function toSplitConfig(f: SplitForm): SplitConfig {
  switch (f.kind) {
    case 'holdout':
      return {
        kind: 'holdout',
        testFraction: f.testFraction,
        validationFraction: f.validationFraction,
        stratify: f.stratify,
      };
    case 'outOfTime':
      return {
        kind: 'outOfTime',
        timeColumn: f.timeColumn,
        outOfTimeFraction: f.outOfTimeFraction,
        validationFraction: f.validationFraction,
        testFraction: f.testFraction,
        stratify: f.stratify,
      };
    case 'kFold':
      return { kind: 'kFold', folds: f.folds, testFraction: f.testFraction, stratify: f.stratify };
  }
}

/** Columns that can order rows in time: dates first, then numbers, then text that may hold dates. */
export function timeColumnChoices(schema: readonly SchemaColumn[], target: string): SchemaColumn[] {
  const rank = (t: string) =>
    t === 'date' || t === 'datetime'
      ? 0
      : t === 'integer' || t === 'number'
        ? 1
        : t === 'text' || t === 'category'
          ? 2
          : 3;
  return schema
    .filter((c) => c.name !== target && rank(c.type) < 3)
    .sort((a, b) => rank(a.type) - rank(b.type));
}
