// The data worker: CSV → columnar Table → IndexedDB, profiling, previews and target checks. The
// tables never cross to the page; only summaries do. Each group of handlers has its own module.
import { serve } from '../src/protocol/rpc';
import type { DataEvents, DataRequests } from '../src/protocol/data';
import { ingestHandlers } from './data/ingest';
import { exploreHandlers } from './data/explore';
import { framingHandlers } from './data/framing';
import { prepHandlers } from './data/prep';
import { recipeHandlers } from './data/recipe';
import { profilerHandlers } from './data/profiler';

serve<DataRequests, DataEvents>(self, {
  ...ingestHandlers,
  ...exploreHandlers,
  ...framingHandlers,
  ...recipeHandlers,
  ...prepHandlers,
  ...profilerHandlers,
});
