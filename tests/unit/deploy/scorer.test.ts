import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScorer } from '../../../scripts/buildScorer.mjs';
import { writeModelFile } from '../../../src/core/deploy/modelFile';
import type { RecipeSpec } from '../../../src/core/features';
import { WITH_ENCODERS } from '../features/fixtures';
import { disposeCase, trainCase, useCpu, type CaseTask, type TrainedCase } from './trained';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'scorer-'));
let scorer = '';

beforeAll(async () => {
  await useCpu();
  scorer = join(dir, 'score.mjs');
  writeFileSync(scorer, await buildScorer());
});

/** The other scale methods and bin outputs, which WITH_ENCODERS does not use. */
const OTHER_OPTIONS: RecipeSpec = {
  formatVersion: 1,
  steps: [
    { kind: 'drop', columns: ['id', 'when'] },
    { kind: 'impute', columns: ['a', 'b'], strategy: 'mean' },
    { kind: 'impute', columns: ['flag'], strategy: 'constant', value: 0 },
    { kind: 'scale', columns: ['a'], method: 'standard' },
    { kind: 'clipQuantiles', columns: ['b'], lower: 0, upper: 0.9 },
    { kind: 'scale', columns: ['b'], method: 'minmax' },
    { kind: 'bin', columns: ['b'], strategy: 'quantile', nBins: 4, output: 'oneHot' },
    { kind: 'oneHot', columns: ['colour'], missing: 'zeros' },
  ],
};

const CASES: [string, 'baseline' | 'linear' | 'mlp' | 'gbdt', CaseTask, RecipeSpec][] = [];
for (const family of ['baseline', 'linear', 'mlp', 'gbdt'] as const) {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    CASES.push([`${family} ${task}, every step kind`, family, task, WITH_ENCODERS]);
  }
}
CASES.push(['linear binary, other step options', 'linear', 'binary', OTHER_OPTIONS]);
CASES.push(['gbdt regression, other step options', 'gbdt', 'regression', OTHER_OPTIONS]);

async function scoreInNode(c: TrainedCase): Promise<{ stdout: string; stderr: string }> {
  const modelPath = join(dir, `${c.exportable.name}.json`);
  const csvPath = join(dir, `${c.exportable.name}.csv`);
  writeFileSync(modelPath, await writeModelFile(c.exportable, 'Test project'));
  writeFileSync(csvPath, c.csv);
  return run(process.execPath, [scorer, modelPath, csvPath], { maxBuffer: 64 << 20 });
}

function parse(csv: string): string[][] {
  return Papa.parse<string[]>(csv.trim(), { header: false }).data;
}

describe('the exported scorer (score.mjs in Node) against the workbench', () => {
  const made: TrainedCase[] = [];
  afterAll(() => made.forEach(disposeCase));

  it('has no import but Node built-ins', async () => {
    const source = await buildScorer();
    // Code lines only: the usage comment at the top shows an import of score.mjs itself.
    const code = source
      .split('\n')
      .filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l))
      .join('\n');
    const imports = [...code.matchAll(/\bimport\s*\(?\s*["']([^"']+)["']|\bfrom\s*["']([^"']+)["']/g)].map(
      (m) => m[1] ?? m[2],
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((i) => i!.startsWith('node:'))).toBe(true);
  });

  // The workbench predicts with tfjs in float32; score.mjs computes in float64 on the same float32
  // weights. Trees and baselines agree to 1e-6; dense networks to float32's own rounding of the
  // sums, which for the exactly-solved linear models (larger weights than minibatch Adam gave)
  // reaches a few 1e-6.
  const tolerance = (family: string) => (family === 'linear' || family === 'mlp' ? 5e-6 : 1e-6);

  it.each(CASES)('%s: same predictions (1e-6; dense networks 5e-6)', async (_name, family, task, recipe) => {
    const c = await trainCase(family, task, recipe);
    made.push(c);
    const { stdout } = await scoreInNode(c);
    const ours = parse(stdout);
    const theirs = parse(c.workbenchCsv);
    expect(ours[0]).toEqual(theirs[0]);
    expect(ours.length).toBe(c.rows + 1);
    const header = theirs[0]!;
    const predAt = header.indexOf('prediction');
    for (let r = 1; r < theirs.length; r++) {
      for (let j = 0; j < header.length; j++) {
        const a = ours[r]![j]!;
        const b = theirs[r]![j]!;
        if (j >= predAt && (c.task === 'regression' || j > predAt)) {
          const scale = c.task === 'regression' ? Math.max(1, Math.abs(Number(b))) : 1;
          expect(Math.abs(Number(a) - Number(b)), `${header[j]} row ${r}`).toBeLessThanOrEqual(
            tolerance(family) * scale,
          );
        } else {
          expect(a, `${header[j]} row ${r}`).toBe(b);
        }
      }
    }
  });
});
