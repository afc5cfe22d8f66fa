// Trainings the guided tour's demonstrations start: they drive the open project's real training
// (TrainingState, the train worker pool) and wait for it, as a user pressing "Train" would.
import type { TrainSummary } from '../protocol/train';
import type { OpenProject } from './openProject.svelte';

/** Resolves when the open project's training has ended; throws with its error if it failed. */
export async function trained(open: OpenProject): Promise<TrainSummary> {
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (open.training.status !== 'running') {
        clearInterval(timer);
        resolve();
      }
    }, 100);
  });
  if (open.training.status !== 'finished' || !open.training.result) {
    throw new Error(open.training.error?.message ?? `The training ${open.training.status}.`);
  }
  return open.training.result;
}

/** Trains what the Train form says (OpenProject.train) and waits for the result. */
export async function trainNow(open: OpenProject): Promise<TrainSummary> {
  open.train();
  // train() starts the work on the next tick; wait for it to be under way.
  for (let i = 0; i < 50 && open.training.status !== 'running'; i++)
    await new Promise((r) => setTimeout(r, 20));
  return trained(open);
}

/** Two decimals, or a dash for a metric that could not be computed. */
export const fmt = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : v.toFixed(2);
