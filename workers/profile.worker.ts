// A profile worker: profiles the columns of one table while the data worker stores it, then
// closes itself (workers/data/profileColumns.ts). The page creates it and hands the data worker
// the other end of its port; it talks to the data worker only.
import { serveProfileColumns } from './data/profileColumns';

self.addEventListener('message', (ev: MessageEvent<{ port: MessagePort }>) => {
  serveProfileColumns(ev.data.port, () => self.close());
});
