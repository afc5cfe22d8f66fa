// The Chromium side of bench/trainBackend.mjs: a module worker that calls the train worker's own
// startBackend (workers/tfBackend.ts) with backend "auto" for each model and data shape it is
// sent, and reports the choice, its reason, how long choosing took and the tensor count around it.
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../src/core/ml/models/spec';
import { startBackend } from '../workers/tfBackend';

export interface ProbeCase {
  label: string;
  spec: ModelSpec;
  rows: number;
  cols: number;
  nClasses: number;
}

export interface ProbeOutcome {
  label: string;
  backend: string;
  reason: string;
  ms: number;
  tensorsBefore: number;
  tensorsAfter: number;
}

self.addEventListener('message', (ev: MessageEvent<{ cases: ProbeCase[] }>) => {
  void (async () => {
    const out: ProbeOutcome[] = [];
    try {
      // tf.memory() needs a started backend; cpu starts at once and is not a candidate's cost.
      await tf.setBackend('cpu');
      for (const c of ev.data.cases) {
        const tensorsBefore = tf.memory().numTensors;
        const started = performance.now();
        const choice = await startBackend('auto', {
          spec: c.spec,
          rows: c.rows,
          cols: c.cols,
          nClasses: c.nClasses,
        });
        out.push({
          label: c.label,
          backend: choice.name,
          reason: choice.reason,
          ms: performance.now() - started,
          tensorsBefore,
          tensorsAfter: tf.memory().numTensors,
        });
      }
      self.postMessage({ out });
    } catch (err) {
      self.postMessage({ out, error: err instanceof Error ? err.message : String(err) });
    }
  })();
});
