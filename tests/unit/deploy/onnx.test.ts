import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx, OnnxUnsupportedError } from '../../../src/core/deploy/onnx/export';
import type { RecipeSpec } from '../../../src/core/features';
import { isCategoricalColumn, MISSING_CODE, numericValues, type Table } from '../../../src/core/table/table';
import { WITH_ENCODERS } from '../features/fixtures';
import { disposeCase, trainCase, useCpu, type CaseTask, type TrainedCase } from './trained';

const dir = mkdtempSync(join(tmpdir(), 'onnx-'));
const PYTHON = '/usr/bin/python3';

beforeAll(async () => {
  await useCpu();
  ort.env.wasm.numThreads = 1;
});

/** Every step kind with an ONNX form: impute (with indicators), scale ×3, clip, log1p, Yeo-Johnson,
 * bin (ordinal and one-hot), one-hot (missing as a category, top-K with other), ordinal, target
 * encoding, interactions, polynomial, drop. */
const ONNX_STEPS: RecipeSpec = {
  formatVersion: 1,
  steps: [
    { kind: 'drop', columns: ['id', 'when'] },
    { kind: 'impute', columns: ['a', 'b'], strategy: 'median', addIndicator: true },
    { kind: 'impute', columns: ['flag'], strategy: 'mode' },
    { kind: 'clipQuantiles', columns: ['a'], lower: 0.05, upper: 0.95 },
    { kind: 'interactions', columns: ['a', 'b'] },
    { kind: 'polynomial', columns: ['a', 'b'], degree: 2 },
    { kind: 'power', columns: ['b'], method: 'log1p' },
    { kind: 'power', columns: ['a*b'], method: 'yeoJohnson' },
    { kind: 'bin', columns: ['a^2'], strategy: 'quantile', nBins: 3, output: 'oneHot' },
    { kind: 'bin', columns: ['b^2'], strategy: 'uniform', nBins: 4, output: 'ordinal' },
    { kind: 'scale', columns: ['a'], method: 'standard' },
    { kind: 'scale', columns: ['b'], method: 'minmax' },
    { kind: 'scale', columns: ['a*b'], method: 'robust' },
    { kind: 'oneHot', columns: ['colour'], topK: 3 },
  ],
};
const ENCODERS: RecipeSpec = {
  formatVersion: 1,
  steps: [
    { kind: 'drop', columns: ['id', 'when'] },
    { kind: 'impute', columns: ['a', 'b', 'flag'], strategy: 'mean' },
    { kind: 'ordinal', columns: ['colour'] },
  ],
};
const TARGET_ENCODED: RecipeSpec = {
  formatVersion: 1,
  steps: [
    { kind: 'drop', columns: ['id', 'when'] },
    { kind: 'impute', columns: ['a', 'b', 'flag'], strategy: 'constant', value: 0 },
    { kind: 'targetEncode', columns: ['colour'] },
  ],
};

function feeds(session: ort.InferenceSession, table: Table): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    const c = table.columns.find((col) => col.name === name)!;
    if (isCategoricalColumn(c)) {
      const values = Array.from(c.codes, (code) => (code === MISSING_CODE ? '' : c.dictionary[code]!));
      out[name] = new ort.Tensor('string', values, [table.rowCount, 1]);
    } else {
      out[name] = new ort.Tensor('float64', Float64Array.from(numericValues(c)), [table.rowCount, 1]);
    }
  }
  return out;
}

const CASES: [string, 'baseline' | 'linear' | 'mlp' | 'gbdt', CaseTask, RecipeSpec, number?][] = [];
for (const family of ['baseline', 'linear', 'mlp', 'gbdt'] as const) {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    CASES.push([`${family} ${task}`, family, task, ONNX_STEPS]);
  }
}
CASES.push(['gbdt binary, ordinal encoding', 'gbdt', 'binary', ENCODERS]);
CASES.push(['linear multiclass, target encoding', 'linear', 'multiclass', TARGET_ENCODED]);
CASES.push(['mlp regression, target encoding', 'mlp', 'regression', TARGET_ENCODED]);
// The training rows themselves: values that sit exactly on tree split points (bin edges).
CASES.push(['gbdt binary, its own training rows', 'gbdt', 'binary', ONNX_STEPS, 5]);
CASES.push(['gbdt regression, its own training rows', 'gbdt', 'regression', ONNX_STEPS, 5]);

describe('ONNX export run in onnxruntime-web against the workbench', () => {
  const made: TrainedCase[] = [];
  afterAll(() => made.forEach(disposeCase));
  const pythonOnnx = existsSync(PYTHON) && spawnOk(PYTHON, ['-c', 'import onnx']);

  it.each(CASES)('%s: same outputs to 1e-5', async (name, family, task, recipe, seed) => {
    const c =
      seed === undefined
        ? await trainCase(family, task, recipe)
        : await trainCase(family, task, recipe, 240, seed);
    made.push(c);
    const bytes = exportOnnx(c.exportable);
    const session = await ort.InferenceSession.create(bytes);
    const result = await session.run(feeds(session, c.input));
    const expected = c.workbenchOut;
    if (c.task === 'regression') {
      const got = result.prediction!.data as Float32Array;
      expect(got.length).toBe(c.rows);
      for (let i = 0; i < c.rows; i++) {
        expect(Math.abs(got[i]! - expected[i]!), `row ${i}`).toBeLessThanOrEqual(
          1e-5 * Math.max(1, Math.abs(expected[i]!)),
        );
      }
    } else {
      const probs = result.probabilities!.data as Float32Array;
      expect(probs.length).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) {
        expect(Math.abs(probs[i]! - expected[i]!), `value ${i}`).toBeLessThanOrEqual(1e-5);
      }
      const labels = result.label!.data as BigInt64Array;
      const k = c.outcome.classes.length;
      for (let r = 0; r < c.rows; r++) {
        const row = Array.from(expected.subarray(r * k, (r + 1) * k));
        const best = row.indexOf(Math.max(...row));
        // A near tie may go either way in float32: only clear winners are compared.
        const sorted = [...row].sort((a, b) => b - a);
        if (sorted[0]! - sorted[1]! > 1e-4) expect(Number(labels[r]), `label row ${r}`).toBe(best);
      }
    }
    await session.release();
    if (pythonOnnx) {
      const path = join(dir, `${name.replace(/\W+/g, '_')}.onnx`);
      writeFileSync(path, bytes);
      execFileSync(PYTHON, [
        '-c',
        'import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)',
        path,
      ]);
    }
  });

  it('passes onnx.checker (python3-onnx), or says why it was not run', () => {
    if (!pythonOnnx)
      console.warn(`onnx.checker not run: ${PYTHON} has no onnx module (apt-get install python3-onnx).`);
    expect(typeof pythonOnnx).toBe('boolean');
  });

  it('refuses a recipe step without an ONNX form, naming it', async () => {
    const c = await trainCase('baseline', 'binary', WITH_ENCODERS);
    made.push(c);
    const failure = (() => {
      try {
        exportOnnx(c.exportable);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(OnnxUnsupportedError);
    expect((failure as Error).message).toMatch(
      /^Step 1 \(New column colour2 = colour\) has no ONNX form here/,
    );
  });
});

function spawnOk(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
