import { test } from 'vitest';
import { openAsBlob } from 'node:fs';
import { ingestCsv } from '../../../src/core/table/ingest';
test('bench', async () => {
  const blob = await openAsBlob('/tmp/bench/big.csv');
  for (let k = 0; k < 2; k++) {
    const t0 = performance.now();
    const r = await ingestCsv(blob, { fileName: 'big.csv' });
    const t1 = performance.now();
    console.log(
      'ingest ms',
      (t1 - t0).toFixed(0),
      r.rowsRead,
      r.columns.map((c) => c.type).join(','),
      process.memoryUsage().rss / 1e6,
    );
  }
});
