// The shipped monitoring sample tells the story SOURCES.md claims: mild drift on the two
// full-year batches, drift past the "act" threshold on the summer batch.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeBatch } from '../../../src/core/monitoring/batch';
import { DEFAULT_THRESHOLDS, driftLevel } from '../../../src/core/monitoring/alert';
import { buildReferenceProfile } from '../../../src/core/monitoring/profile';
import { type Table } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';

const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];

function read(name: string): Table {
  const text = readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url), 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  const names = header!.split(',');
  const rows = lines.map((l) => l.split(','));
  const columns = FEATURES.map((f) => {
    const j = names.indexOf(f);
    return numericFromNumbers(
      f,
      rows.map((r) => Number(r[j])),
    );
  });
  return { rowCount: rows.length, columns };
}

describe('weather drift sample', () => {
  const profile = buildReferenceProfile(read('weather-drift-train.csv'));
  const level = (file: string) => {
    const a = analyzeBatch(profile, read(file));
    const worst = Math.max(...a.drift.map((d) => d.psi));
    return { worst, level: driftLevel(worst, DEFAULT_THRESHOLDS) };
  };
  it('drifts mildly on the full years and past the act threshold in summer 2015', () => {
    expect(level('weather-drift-batch-1-2013.csv').level).toBe('watch');
    expect(level('weather-drift-batch-2-2014.csv').level).toBe('watch');
    const summer = level('weather-drift-batch-3-summer-2015.csv');
    expect(summer.level).toBe('act');
    expect(summer.worst).toBeGreaterThan(3);
  });
});
