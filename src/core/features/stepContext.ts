import type { StepSpec } from './types';

/** Which step is running: for error messages and for the `step` of the features it writes. */
export interface StepContext {
  /** 0-based index of the step in the recipe. */
  index: number;
  spec: StepSpec;
}
