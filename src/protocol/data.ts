/**
 * The data worker's protocol: ingest (parse → types → columnar chunks → IndexedDB), explore,
 * framing checks. Each group of requests lives in its own file; this map joins them.
 */
import type { IngestProgressEvent, IngestRequests } from './dataIngest';
import type { ExploreRequests, WorkProgressEvent } from './dataExplore';
import type { PrepRequests } from './dataPrep';
import type { FramingRequests } from './dataFraming';
import type { RecipeRequests } from './dataRecipe';
import type { ProfilerRequests } from './dataProfile';
import type { ColumnProfile } from '../core/table/profile';

export type * from './dataIngest';
export type * from './dataExplore';
export type * from './dataFraming';
export type * from './dataPrep';
export type * from './dataRecipe';
export type * from './dataProfile';

export interface DataRequests
  extends IngestRequests, ExploreRequests, FramingRequests, RecipeRequests, PrepRequests, ProfilerRequests {}

export interface DataEvents {
  progress: IngestProgressEvent;
  /** Explore and prepare requests: the stage of a long computation. */
  work: WorkProgressEvent;
  /** The next columns of a profile asked for in parts, in order. */
  profileColumns: ColumnProfile[];
}
