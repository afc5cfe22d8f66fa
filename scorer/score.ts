/**
 * score.mjs, the standalone scorer shipped beside an exported model file. Bundled with no
 * dependencies (scripts/buildScorer.mjs): the workbench's CSV reader, fitted-recipe replay, tree
 * walk and dense layers in plain JavaScript.
 *
 *   Node 20+:  node score.mjs model.lwbmodel.json input.csv > predictions.csv
 *   Browser:   const { loadModel, scoreCsv } = await import('./score.mjs');
 *              const model = await loadModel(await modelFile.text());
 *              const { csv, problems } = await scoreCsv(model, csvFile);
 */
import { readModelFile, type ReadModelFile } from '../src/core/deploy/modelFile';
import { scoreCsvToText, ScoringRefused } from '../src/core/deploy/scoreFile';

export { ScoringRefused };

/** Reads and checks a model file's text (refuses a changed or foreign file with the reason). */
export function loadModel(text: string): Promise<ReadModelFile> {
  return readModelFile(text);
}

/** Scores CSV text or a Blob/File: the scored CSV, and the problems found per column. */
export function scoreCsv(model: ReadModelFile, csv: Blob | string, fileName?: string) {
  return scoreCsvToText(model, csv, fileName);
}

interface NodeProcess {
  argv: string[];
  exitCode?: number;
  stdout: { write(s: string): boolean };
  stderr: { write(s: string): boolean };
}

async function main(proc: NodeProcess): Promise<void> {
  const [modelPath, csvPath] = proc.argv.slice(2);
  if (!modelPath || !csvPath) {
    proc.stderr.write('Usage: node score.mjs <model file> <input.csv> > predictions.csv\n');
    proc.exitCode = 2;
    return;
  }
  const fs = await import('node:fs');
  try {
    const model = await loadModel(fs.readFileSync(modelPath, 'utf8'));
    const blob = await fs.openAsBlob(csvPath);
    const result = await scoreCsv(model, blob, csvPath);
    for (const p of result.problems) proc.stderr.write(`warning: ${p.message}\n`);
    for (const w of result.warnings) proc.stderr.write(`warning: ${w}\n`);
    proc.stdout.write(result.csv);
  } catch (e) {
    if (e instanceof ScoringRefused) for (const p of e.problems) proc.stderr.write(`problem: ${p.message}\n`);
    proc.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    proc.exitCode = 1;
  }
}

// Run as a command only when Node runs this file itself (not when a page or module imports it).
const proc = (globalThis as { process?: NodeProcess & { versions?: { node?: string } } }).process;
if (
  proc?.versions?.node &&
  proc.argv[1] &&
  import.meta.url.endsWith(proc.argv[1].replace(/\\/g, '/').split('/').pop()!)
) {
  void main(proc);
}
