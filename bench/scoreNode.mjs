// One scoring by the exported scorer in its own Node process (so its peak memory is its own):
//   node bench/scoreNode.mjs <score.mjs> <model file> <input.csv>
// Prints JSON: wall milliseconds for reading the model, and for ingest + recipe + predict + CSV,
// rows, and the process's peak RSS.
import { openAsBlob, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [scorer, modelPath, csvPath] = process.argv.slice(2);
const { loadModel, scoreCsv } = await import(pathToFileURL(scorer).href);
const t0 = performance.now();
const model = await loadModel(readFileSync(modelPath, 'utf8'));
const t1 = performance.now();
const result = await scoreCsv(model, await openAsBlob(csvPath), csvPath);
const t2 = performance.now();
console.log(
  JSON.stringify({
    loadMs: t1 - t0,
    scoreMs: t2 - t1,
    rows: result.table.rowCount,
    csvBytes: result.csv.length,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
