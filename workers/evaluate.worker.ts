// The evaluation worker: Evaluate's views from stored held-out predictions, and explanations of
// a model, off the page's thread. Handlers live in workers/evaluate/.
import { serve } from '../src/protocol/rpc';
import type { EvaluateEvents, EvaluateRequests } from '../src/protocol/evaluate';
import { explainHandlers } from './evaluate/explain';
import { viewHandlers } from './evaluate/views';

serve<EvaluateRequests, EvaluateEvents>(self, { ...viewHandlers, ...explainHandlers });
