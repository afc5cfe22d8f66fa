// A helper of a boosted-tree fit: started by a train worker for a large table, it holds every
// training row and grows its share of the histogram columns of each tree (core/ml/models/gbdt/
// shard.ts). It answers in the order it was asked; any failure is sent back as a message, and
// the train worker then fails the run with it.
import { shardServer } from '../src/core/ml/models/gbdt/helpers';
import type { ShardRequest } from '../src/core/ml/models/gbdt/shard';

const serve = shardServer();

self.onmessage = (event: MessageEvent<ShardRequest>) => {
  try {
    const reply = serve(event.data);
    if (reply === undefined) return;
    const transfer = reply.hists.flatMap((h) => (h ? [h.buffer as ArrayBuffer] : []));
    self.postMessage({ reply }, { transfer });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
