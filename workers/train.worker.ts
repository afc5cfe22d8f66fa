// The train worker: dataset version → pipeline → run record and model version. The page never
// trains; it runs several of these workers side by side (state/workerPool.ts), one run each.
import { serve } from '../src/protocol/rpc';
import type { TrainEvents, TrainRequests } from '../src/protocol/train';
import { checkHandlers } from './train/check';
import { trainHandlers } from './train/train';

serve<TrainRequests, TrainEvents>(self, { ...trainHandlers, ...checkHandlers });
