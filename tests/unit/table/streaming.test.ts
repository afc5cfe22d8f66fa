import { describe, expect, it } from 'vitest';
import { hashTable } from '../../../src/core/table/hash';
import { ingestCsv } from '../../../src/core/table/ingest';
import type { IngestProgress } from '../../../src/core/table/ingestTypes';
import { fixtureBlob, plain } from './helpers';

describe('slices and streaming', () => {
  it('gives the same table whatever the slice size, with quoted line breaks across slices', async () => {
    const whole = await ingestCsv(fixtureBlob('quoted-multiline.csv'), { fileName: 'q.csv' });
    const expected = await hashTable(whole.table);
    for (const chunkBytes of [1, 2, 3, 5, 7, 16, 33]) {
      const r = await ingestCsv(fixtureBlob('quoted-multiline.csv'), { fileName: 'q.csv', chunkBytes });
      expect(await hashTable(r.table), `chunkBytes ${chunkBytes}`).toBe(expected);
      expect(plain(r.table, 'comment')[4]).toBe('three\nlong\nlines');
    }
  });

  it('reports the same malformed lines whatever the slice size', async () => {
    for (const chunkBytes of [1, 4, 9]) {
      const r = await ingestCsv(fixtureBlob('ragged.csv'), {
        fileName: 'r.csv',
        chunkBytes,
        malformed: 'skip',
      });
      expect(r.skipped.map((s) => s.line)).toEqual([5, 7]);
    }
  });

  it('decodes multi-byte characters split across slices', async () => {
    const text = 'word,n\nÄpfel,1\n😀 smile,2\n日本語,3\n';
    const r = await ingestCsv(new Blob([text]), { fileName: 'u.csv', chunkBytes: 1 });
    expect(r.encoding).toBe('utf-8');
    expect(plain(r.table, 'word')).toEqual(['Äpfel', '😀 smile', '日本語']);
  });

  it('reports progress up to the total and awaits the chunk hook before reading on', async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 2000; i++) lines.push(`${i},${i * 2}`);
    const text = lines.join('\n');
    let slicesRequested = 0;
    class CountingBlob extends Blob {
      override slice(start?: number, end?: number): Blob {
        slicesRequested++;
        return super.slice(start, end);
      }
    }
    const progress: IngestProgress[] = [];
    let chunks = 0;
    const r = await ingestCsv(
      new CountingBlob([text]),
      { fileName: 'p.csv', chunkBytes: 1024 },
      {
        onProgress: (p) => {
          progress.push(p);
        },
        onChunk: async () => {
          chunks++;
          const before = slicesRequested;
          // The head read, the current slice and one slice read ahead: nothing more while we wait.
          expect(before).toBeLessThanOrEqual(chunks + 2);
          await new Promise((resolve) => setTimeout(resolve, 2));
          expect(slicesRequested).toBe(before);
        },
      },
    );
    expect(chunks).toBe(Math.ceil(text.length / 1024));
    expect(progress.at(-1)).toEqual({ bytesRead: text.length, totalBytes: text.length, rows: 2000 });
    for (let k = 1; k < progress.length; k++) {
      expect(progress[k]!.bytesRead).toBeGreaterThan(progress[k - 1]!.bytesRead);
      expect(progress[k]!.rows).toBeGreaterThanOrEqual(progress[k - 1]!.rows);
    }
    expect(r.rowsRead).toBe(2000);
  });
});

describe('cancellation', () => {
  it('rejects with an AbortError soon after the signal fires', async () => {
    const text = 'a\n' + '1\n'.repeat(50_000);
    const controller = new AbortController();
    let chunks = 0;
    const run = ingestCsv(
      text,
      { fileName: 'big.csv', chunkBytes: 1000 },
      {
        signal: controller.signal,
        onChunk: () => {
          chunks++;
          if (chunks === 3) controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toBe(3);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      ingestCsv('a\n1\n', { fileName: 'x.csv' }, { signal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('long records', () => {
  it('reads a quoted field much longer than a slice', async () => {
    const long = 'line of text, with a comma\n'.repeat(80_000); // about 2 MB
    const text = `id,body,n\n1,"${long}",5\n2,short,6\n`;
    const started = performance.now();
    const r = await ingestCsv(text, { fileName: 'long.csv', chunkBytes: 64 * 1024 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.rowsRead).toBe(2);
    expect((plain(r.table, 'body')[0] as string).length).toBe(long.length);
    expect(plain(r.table, 'n')).toEqual([5, 6]);
  });

  it('reports an unterminated quote in a long file at the line where it opens', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},row ${i}`);
    rows.splice(10, 0, '10,"never closed');
    const text = `a,b\n${rows.join('\n')}\n`;
    await expect(ingestCsv(text, { fileName: 'open.csv', chunkBytes: 32 * 1024 })).rejects.toMatchObject({
      code: 'malformed',
      line: 12,
    });
  });
});
