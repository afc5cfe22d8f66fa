// A helper of a boosted-tree fit: started by a train worker for a large table, it receives the
// fit's shared memory and its worker number once, then takes blocks of rows of every
// tree (core/ml/models/gbdt/rows.ts), blocked on Atomics.wait between commands, until the fit ends
// and the train worker stops it. A failure inside a command is reported through shared memory;
// one outside (bad start message) as a message.
import type { HelperStart } from '../src/core/ml/models/gbdt/helpers';
import { serveHelper } from '../src/core/ml/models/gbdt/helpers';

self.onmessage = (event: MessageEvent<HelperStart>) => {
  try {
    serveHelper(event.data);
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
  self.close();
};
