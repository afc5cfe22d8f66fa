// Cuts public/samples/seattle-weather.csv (NOAA daily weather, Seattle 2012–2015) into a
// training period and three later batches for the monitoring demo (Monitor phase):
//   weather-drift-train.csv          2012-01-01 … 2012-12-31  (train the model here)
//   weather-drift-batch-1-2013.csv   2013, a full year        (mild drift: PSI ≈ 0.15, "watch")
//   weather-drift-batch-2-2014.csv   2014, a full year        (mild drift, and no more "drizzle" labels)
//   weather-drift-batch-3-summer-2015.csv  2015-05-01 … 2015-08-31 (hot, dry months: PSI > 3, "act")
// The rows are the source's, unchanged and in date order; nothing is sampled, so the cut needs no
// seed and running this again gives byte-identical files. Run: node scripts/weatherDriftSample.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../public/samples/', import.meta.url);
const text = readFileSync(new URL('seattle-weather.csv', dir), 'utf8');
const [header, ...lines] = text.trim().split(/\r?\n/);
if (header !== 'date,precipitation,temp_max,temp_min,wind,weather') {
  throw new Error(`Unexpected header in seattle-weather.csv: ${header}`);
}
const parts = [
  ['weather-drift-train.csv', '2012-01-01', '2013-01-01'],
  ['weather-drift-batch-1-2013.csv', '2013-01-01', '2014-01-01'],
  ['weather-drift-batch-2-2014.csv', '2014-01-01', '2015-01-01'],
  ['weather-drift-batch-3-summer-2015.csv', '2015-05-01', '2015-09-01'],
];
for (const [name, from, to] of parts) {
  // ISO dates compare correctly as text.
  const rows = lines.filter((l) => l.slice(0, 10) >= from && l.slice(0, 10) < to);
  writeFileSync(new URL(name, dir), `${header}\n${rows.join('\n')}\n`);
  console.log(`${name}: ${rows.length} rows (${from} to ${to}, end excluded)`);
}
