import type { Task } from '../core/ml/types';

/** Data worker requests: checks of a target column before training. */

/** What the page needs to frame a problem: the inferred task and what would stop a training. */
export interface TargetInfo {
  inferredTask: Task;
  task: Task;
  classes: number;
  problems: { severity: 'error' | 'warning'; message: string }[];
  leakage: { column: string; reason: string; score: number }[];
}

export interface FramingRequests {
  targetInfo: {
    args: { versionId: string; target: string; task?: Task; dbName?: string };
    result: TargetInfo;
  };
}
