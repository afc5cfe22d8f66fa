import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { fitGbdt } from '../../../src/core/ml/models/gbdt/boost';
import type { Forest } from '../../../src/core/ml/models/gbdt/forest';
import type { HelperPort, TreeHelpers } from '../../../src/core/ml/models/gbdt/helpers';
import { treeWorkers } from '../../../src/core/ml/models/gbdt/helpers';
import { defaultSpec, isAbortError } from '../../../src/core/ml/models';
import type { GbdtSpec, TrainingData } from '../../../src/core/ml/models';
import { createRng } from '../../../src/core/ml/rng';
import { fitsInJavaScript } from '../../../src/core/ml/backendProbe';
import { normal } from './synthetic';

const THREAD = fileURLToPath(new URL('../../../bench/treeHelperThread.mjs', import.meta.url));
const ROWS_TS = fileURLToPath(new URL('../../../src/core/ml/models/gbdt/rows.ts', import.meta.url));

interface ThreadOptions {
  failWith?: string;
  failAtStart?: string;
  slowMs?: number;
  hang?: boolean;
}

/**
 * Helpers on real Node worker threads sharing memory with this one, running the core code the
 * browser's helper workers run. `misbehave` makes them fail, lag or hang.
 */
async function threadHelpers(
  available: number,
  { trial = false, misbehave = {} as ThreadOptions, localCells = 300 * 8 } = {},
) {
  const log = { opened: 0, closed: 0 };
  const threads = await Promise.all(
    Array.from(
      { length: available },
      () =>
        new Promise<Worker>((resolve, reject) => {
          const w = new Worker(THREAD, { workerData: { path: ROWS_TS, ...misbehave } });
          w.once('message', () => resolve(w));
          w.once('error', reject);
        }),
    ),
  );
  const helpers: TreeHelpers = {
    available,
    minCells: 1,
    trial,
    // Nodes under 300 rows (of 3,000) are split by the coordinator alone: both kinds are tested.
    localCells,
    open(count) {
      log.opened += count;
      return threads.slice(0, count).map((w) => {
        const port: HelperPort = {
          onFailure: () => undefined,
          post: (start) => w.postMessage(start),
          close() {
            log.closed++;
            void w.terminate();
          },
        };
        w.on('message', (m: { error?: string }) => m.error !== undefined && port.onFailure(m.error));
        return port;
      });
    },
  };
  const end = () => Promise.all(threads.map((w) => w.terminate()));
  return { helpers, log, end };
}

/**
 * Numbers with missing cells, a 5-level one-hot block (bundled into one histogram column), a
 * mostly-on flag and a column of few values: every kind of column the recipe hands the trees.
 */
function table(rows: number, seed: number, task: 'binary' | 'multi' | 'regression'): TrainingData {
  const rng = createRng(seed);
  const cols = 11;
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const a = normal(rng);
    const b = rng() < 0.1 ? NaN : normal(rng);
    const c = Math.floor(rng() * 5);
    const d = rng() < 0.9 ? 1 : 0;
    const e = Math.floor(rng() * 4);
    const row = [a, b, 0, 0, 0, 0, 0, d, e, normal(rng), rng()];
    row[2 + c] = 1;
    x.set(row, r * cols);
    const z =
      a - 0.5 * (Number.isNaN(b) ? 1 : b) + [0.8, -0.3, 0.1, -1, 0.4][c]! + (d ? 0 : 0.9) + 0.2 * e * a;
    if (task === 'regression') y[r] = z + 0.3 * normal(rng);
    else if (task === 'binary') y[r] = rng() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    else y[r] = z < -0.5 ? 0 : z < 0.7 ? 1 : 2;
  }
  return {
    task: task === 'regression' ? 'regression' : 'classification',
    nClasses: task === 'regression' ? 1 : task === 'binary' ? 2 : 3,
    x,
    y,
    rows,
    cols,
    seed: 5,
  };
}

const spec = (over: Partial<GbdtSpec> = {}): GbdtSpec => ({
  ...(defaultSpec('gbdt', 'classification') as GbdtSpec),
  maxIterations: 25,
  earlyStopping: null,
  ...over,
});

/** Every array of the forest as bytes: equal only when bit for bit the same. */
function bytes(forest: Forest): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [key, value] of Object.entries(forest)) {
    if (ArrayBuffer.isView(value))
      out[key] = Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  return out;
}

describe('boosted trees on several workers', () => {
  const cases: [string, 'binary' | 'multi' | 'regression', Partial<GbdtSpec>][] = [
    [
      'binary, leaf-wise, early stopping',
      'binary',
      { earlyStopping: { patience: 5, validationFraction: 0.15 } },
    ],
    ['three classes, depth-wise', 'multi', { growth: 'depthwise', maxDepth: 4, maxLeaves: 16 }],
    ['regression, small leaves', 'regression', { minSamplesLeaf: 5, maxLeaves: 20 }],
  ];
  for (const [name, task, over] of cases) {
    it(`grows bit-for-bit the single-worker trees on 2 and 3 workers: ${name}`, async () => {
      const data = table(3000, 11, task);
      const single = await fitGbdt(spec(over), data);
      expect(single.info.treeWorkers).toBe(1);
      const trees = single.forest.feature.filter((f) => f >= 0).length;
      expect(trees).toBeGreaterThan(50);
      for (const available of [1, 2]) {
        const { helpers, log, end } = await threadHelpers(available);
        try {
          const multi = await fitGbdt(spec(over), data, { helpers });
          expect(multi.info.treeWorkers).toBe(available + 1);
          expect(log).toEqual({ opened: available, closed: available });
          expect(bytes(multi.forest)).toEqual(bytes(single.forest));
          expect(multi.info.epochsRun).toBe(single.info.epochsRun);
          expect(multi.info.bestEpoch).toBe(single.info.bestEpoch);
        } finally {
          await end();
        }
      }
    });
  }

  it('splits every node on all workers or every node here: the same trees', async () => {
    const data = table(3000, 4, 'binary');
    const single = await fitGbdt(spec(), data);
    for (const localCells of [0, Infinity]) {
      const { helpers, end } = await threadHelpers(1, { localCells });
      try {
        const multi = await fitGbdt(spec(), data, { helpers });
        expect(bytes(multi.forest)).toEqual(bytes(single.forest));
      } finally {
        await end();
      }
    }
  });

  it('stops its helpers when growing alone proves faster, and the trees stay the same', async () => {
    const data = table(3000, 11, 'binary');
    const single = await fitGbdt(spec(), data);
    // Every block the helper takes lasts 10 ms longer (and it takes one of most commands: it
    // spins between them): trees grown alone win the trial.
    const { helpers, log, end } = await threadHelpers(1, { trial: true, misbehave: { slowMs: 10 } });
    try {
      const multi = await fitGbdt(spec(), data, { helpers });
      expect(multi.info.treeWorkers).toBe(1);
      expect(multi.info.treeWorkersNote).toMatch(
        /^helpers stopped after 20 trees: one tree took [\d.]+ ms here alone against [\d.]+ ms shared$/,
      );
      expect(log.closed).toBe(1);
      expect(bytes(multi.forest)).toEqual(bytes(single.forest));
    } finally {
      await end();
    }
  });

  it('fails the fit with a clear message when a helper fails, and stops the others', async () => {
    const { helpers, log, end } = await threadHelpers(2, {
      misbehave: { failWith: 'out of memory in the helper' },
    });
    try {
      await expect(fitGbdt(spec(), table(2000, 3, 'binary'), { helpers })).rejects.toThrow(
        /helper worker of the boosted-tree fit failed: out of memory in the helper/,
      );
      expect(log.closed).toBe(2);
    } finally {
      await end();
    }
  });

  it('finishes on the other workers when a helper cannot start, with the same trees, and says so', async () => {
    const data = table(2000, 3, 'binary');
    const single = await fitGbdt(spec(), data);
    const { helpers, log, end } = await threadHelpers(2, {
      misbehave: { failAtStart: 'no module worker here' },
    });
    // Slow enough that the helpers' start messages arrive while it runs.
    const slow = { ...spec(), maxIterations: 60 };
    const reference = await fitGbdt(slow, data);
    try {
      const fit = await fitGbdt(slow, data, {
        helpers,
        onEpoch: () => new Promise((resolve) => setTimeout(resolve, 2)),
      });
      expect(fit.info.treeWorkers).toBe(1);
      expect(fit.info.treeWorkersNote).toMatch(
        /A helper worker of the boosted-tree fit failed: no module worker here; the other workers finished the fit without it/,
      );
      expect(bytes(fit.forest)).toEqual(bytes(reference.forest));
      expect(log.closed).toBe(2);
    } finally {
      await end();
    }
    expect(single.info.treeWorkers).toBe(1);
  });

  it('cancels between iterations and closes its helpers', async () => {
    const { helpers, log, end } = await threadHelpers(1);
    let epochs = 0;
    try {
      const fit = fitGbdt(spec(), table(2000, 3, 'binary'), {
        helpers,
        onEpoch: () => void epochs++,
        shouldStop: () => epochs >= 3,
      });
      await expect(fit).rejects.toSatisfy(isAbortError);
      expect(epochs).toBe(3);
      expect(log.closed).toBe(1);
    } finally {
      await end();
    }
  });

  it('cancels while a helper never answers (a crashed worker may not report)', async () => {
    const { helpers, log, end } = await threadHelpers(1, { misbehave: { hang: true } });
    let stop = false;
    setTimeout(() => (stop = true), 300);
    try {
      await expect(
        fitGbdt(spec(), table(2000, 3, 'binary'), { helpers, shouldStop: () => stop }),
      ).rejects.toSatisfy(isAbortError);
      expect(log.closed).toBe(1);
    } finally {
      await end();
    }
  });

  it('grows on one worker when helpers cannot be created', async () => {
    const data = table(2000, 3, 'binary');
    const single = await fitGbdt(spec(), data);
    const helpers: TreeHelpers = {
      available: 1,
      minCells: 1,
      open: () => {
        throw new Error('Worker is not defined');
      },
    };
    const fit = await fitGbdt(spec(), data, { helpers });
    expect(fit.info.treeWorkers).toBe(1);
    expect(bytes(fit.forest)).toEqual(bytes(single.forest));
  });

  it('grows on one worker without shared memory, and says why', async () => {
    const data = table(2000, 3, 'binary');
    const unavailable = 'this page is not cross-origin isolated';
    let opened = 0;
    const helpers: TreeHelpers = {
      available: 3,
      minCells: 1,
      unavailable,
      open: () => {
        opened++;
        return [];
      },
    };
    const fit = await fitGbdt(spec(), data, { helpers });
    expect(fit.info.treeWorkers).toBe(1);
    expect(opened).toBe(0);
    expect(treeWorkers(140_000, 25, 3, undefined, unavailable).reason).toBe(`on one worker (${unavailable})`);
  });

  it('uses several workers only for a large table and when helpers are there, and says so', () => {
    expect(treeWorkers(140_000, 25, 1)).toMatchObject({ workers: 2 });
    expect(treeWorkers(140_000, 25, 1).reason).toMatch(
      /on 2 workers, each partitioning its share of the rows.*140,000 rows × 25 features; same trees/,
    );
    expect(treeWorkers(140_000, 25, 7).workers).toBe(4);
    expect(treeWorkers(400_000, 3, 7).workers).toBe(4);
    expect(treeWorkers(140_000, 25, 0)).toMatchObject({
      workers: 1,
      reason: 'on one worker (no other core to spare)',
    });
    expect(treeWorkers(2_000, 25, 3).reason).toMatch(/on one worker \(2,000 rows × 25 features is too small/);
    // The run's backend reason says it.
    const shape = { spec: spec(), rows: 140_000, cols: 25, nClasses: 2 };
    expect(fitsInJavaScript({ ...shape, treeHelpers: 1 })).toMatch(
      /^Boosted trees run as JavaScript.*, on 2 workers, /,
    );
    expect(fitsInJavaScript(shape)).toMatch(/, on one worker \(no other core to spare\)$/);
    expect(fitsInJavaScript({ ...shape, treeHelpers: 1, treeHelpersUnavailable: 'no isolation' })).toMatch(
      /, on one worker \(no isolation\)$/,
    );
  });
});
