import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScorer } from '../../../scripts/buildScorer.mjs';
import { decodeBase64, encodeBase64 } from '../../../src/core/deploy/base64';
import { ModelFileError, readModelFile, writeModelFile } from '../../../src/core/deploy/modelFile';
import { WITH_ENCODERS } from '../features/fixtures';
import { disposeCase, trainCase, useCpu, type TrainedCase } from './trained';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'model-file-'));
let trained: TrainedCase;
let text = '';
let scorer = '';

beforeAll(async () => {
  await useCpu();
  trained = await trainCase('gbdt', 'binary', WITH_ENCODERS);
  text = await writeModelFile(
    { ...trained.exportable, threshold: 0.3 },
    'Churn <project>',
    1_750_000_000_000,
  );
  scorer = join(dir, 'score.mjs');
  writeFileSync(scorer, await buildScorer());
  writeFileSync(join(dir, 'model.json'), text);
});
afterAll(() => disposeCase(trained));

describe('base64', () => {
  it('round-trips every length and byte value', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 255, 256, 12_289]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(new Uint8Array(decodeBase64(encodeBase64(bytes.buffer)))).toEqual(bytes);
    }
    expect(encodeBase64(new TextEncoder().encode('Man').buffer)).toBe('TWFu');
    expect(encodeBase64(new TextEncoder().encode('Ma').buffer)).toBe('TWE=');
    expect(() => decodeBase64('TW!u')).toThrow(/character 3/);
  });
});

describe('the model file', () => {
  it('holds weights, recipe, schema, classes, threshold, metrics and lineage, and reads back', async () => {
    const { file, serialized } = await readModelFile(text);
    expect(file.format).toBe('lifecycle-workbench-model');
    expect(file.formatVersion).toBe(1);
    expect(file.project).toBe('Churn <project>');
    expect(file.model.classes).toEqual(trained.outcome.classes);
    expect(file.model.threshold).toBe(0.3);
    expect(file.model.metrics.test).toBeDefined();
    expect(file.inputSchema.map((c) => c.name)).not.toContain('y');
    expect(file.recipe.steps.length).toBe(trained.outcome.fittedRecipe.steps.length);
    expect(file.lineage).toEqual({
      datasetVersionId: 'dv1',
      datasetHash: 'f'.repeat(64),
      recipeVersionId: 'rv1',
      runId: 'run1',
    });
    expect(new Uint8Array(serialized.weights!)).toEqual(new Uint8Array(trained.exportable.model.weights!));
  });

  it('refuses a changed, foreign, newer or broken file with the reason', async () => {
    const changed = text.replace('"threshold":0.3', '"threshold":0.31');
    await expect(readModelFile(changed)).rejects.toThrow(/changed after it was exported/);
    await expect(readModelFile('{"format":"onnx"}')).rejects.toThrow(
      /not a workbench model file \(format "onnx"/,
    );
    await expect(readModelFile('PK\u0003\u0004')).rejects.toThrow(/not JSON/);
    const newer = JSON.parse(text) as Record<string, unknown>;
    newer.formatVersion = 2;
    await expect(readModelFile(JSON.stringify(newer))).rejects.toThrow(/newer than this scorer reads/);
    // A consistent checksum over inconsistent content (a "forged" file) is still refused.
    const body = JSON.parse(text) as Record<string, unknown> & { recipe: { features: unknown[] } };
    delete body.sha256;
    body.recipe.features.pop();
    const forged = await writeWithChecksum(body);
    await expect(readModelFile(forged)).rejects.toBeInstanceOf(ModelFileError);
    await expect(readModelFile(forged)).rejects.toThrow(/reads \d+ features but the recipe makes/);
  });
});

async function writeWithChecksum(body: Record<string, unknown>): Promise<string> {
  const { hashBytes } = await import('../../../src/core/table/hash');
  const t = JSON.stringify(body);
  return `${t.slice(0, -1)},"sha256":"${await hashBytes(new TextEncoder().encode(t).buffer)}"}`;
}

describe('score.mjs on a wrong file to score', () => {
  async function score(csv: string) {
    const path = join(dir, `in-${crypto.randomUUID()}.csv`);
    writeFileSync(path, csv);
    return run(process.execPath, [scorer, join(dir, 'model.json'), path]).then(
      (r) => ({ ...r, code: 0 }),
      (e: { stdout: string; stderr: string; code: number }) => e,
    );
  }

  it('refuses a file missing a column, naming it, and prints nothing on stdout', async () => {
    const lines = trained.csv.trim().split(/\r?\n/);
    const cols = lines[0]!.split(',');
    const drop = cols.indexOf('colour');
    const csv = lines
      .map((l) =>
        l
          .split(',')
          .filter((_, j) => j !== drop)
          .join(','),
      )
      .join('\n');
    const r = await score(csv);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/column "colour" is missing/);
  });

  it('scores unseen categories, wrong types and extra columns, reporting each column', async () => {
    const lines = trained.csv.trim().split(/\r?\n/);
    const cols = lines[0]!.split(',');
    const c = cols.indexOf('colour');
    const b = cols.indexOf('b');
    const edited = lines.map((l, i) => {
      const cells = l.split(',');
      if (i === 1) cells[c] = 'ultraviolet';
      if (i === 2) cells[b] = 'lots';
      return [...cells, i === 0 ? 'note' : 'x'].join(',');
    });
    const r = await score(edited.join('\n'));
    expect(r.stderr).not.toMatch(/error:/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /Column "colour": 1 row\(s\) have categories the model never saw in training \("ultraviolet"\)/,
    );
    expect(r.stderr).toMatch(/Column "b": 1 value\(s\) are not numbers/);
    expect(r.stderr).toMatch(/Column "note" is not used by the model/);
    expect(r.stdout.trim().split(/\r?\n/)).toHaveLength(lines.length);
    expect(r.stdout.split(/\r?\n/)[0]).toMatch(/,note,prediction,probability_/);
  });

  it('applies the chosen threshold to the predicted class', async () => {
    const r = await score(trained.csv);
    const rows = r.stdout
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','));
    const [neg, pos] = trained.outcome.classes;
    for (const cells of rows) {
      const p = Number(cells.at(-1));
      expect(cells.at(-3)).toBe(p >= 0.3 ? pos : neg);
    }
  });
});
