// The guided tour's demonstration of a recipe fit on all rows: seattle-weather with its date
// target-encoded, trained three times through the same train worker and pipeline, changing only
// where the recipe is fit (TrainJob.recipeFit). The leaky fits exist for this demonstration only:
// nothing else sets recipeFit, their runs record it (the leaderboard labels them) and they
// register no model version, so a leaked model can never be promoted.
import { metricValue } from '../core/lifecycle/kpiEvaluation';
import type { RecipeSpec, StepSpec } from '../core/features/types';
import type { RecipeFit } from '../core/pipeline/types';
import type { TrainSummary } from '../protocol/train';
import type { OpenProject } from './openProject.svelte';
import { fmt, trained, trainNow } from './tourTraining';

/** The high-cardinality column: every date of seattle-weather is unique. */
const DATE = 'date';

/** The recipe in force without any step on `column`, with a target encoding of it first. */
function targetEncoding(spec: RecipeSpec, column: string): RecipeSpec {
  const steps = spec.steps
    .map((s): StepSpec | null => {
      if (!('columns' in s)) return s;
      const columns = s.columns.filter((c) => c !== column);
      return columns.length ? { ...s, columns } : null;
    })
    .filter((s): s is StepSpec => s !== null);
  return { ...spec, steps: [{ kind: 'targetEncode', columns: [column] }, ...steps] };
}

/** The Train form's job, with the recipe fit `fit` (teaching only), registering no model. */
async function trainLeaky(open: OpenProject, fit: RecipeFit, modelName: string): Promise<TrainSummary> {
  const job = open.trainJob;
  const version = open.data.selectedVersion;
  const recipe = open.recipe;
  if (!job || !version || !recipe) throw new Error('The sample is not framed yet.');
  void open.training.train({
    datasetVersionId: version.id,
    recipeVersionId: recipe.id,
    kpis: open.project?.goal.kpis ?? [],
    job: { ...job, recipeFit: fit },
    modelName,
    keepModel: 'none',
  });
  return trained(open);
}

/**
 * Runs the demonstration on `open` (a fresh seattle-weather sample with the Train form set to
 * boosted trees on a random holdout) and says what was measured.
 */
export async function recipeFitDemo(open: OpenProject): Promise<string> {
  // The date as a category (a Prepare step, a new version), then a recipe that target-encodes it.
  const cast = await open.prep.apply({ kind: 'cast', column: DATE, to: 'category' });
  if (!cast) throw new Error(open.prep.applyError?.message ?? 'The date could not be made a category.');
  const framing = open.project?.framing;
  if (!framing) throw new Error('The sample is not framed.');
  await open.framing.chooseTarget(framing.target, framing.task);
  const base = open.framing.current?.spec;
  if (!base) throw new Error(open.framing.error?.message ?? 'The default recipe was not made.');
  await open.framing.edit(targetEncoding(base, DATE), 'Target-encode the date (teaching)');
  if (open.framing.editError) throw new Error(open.framing.editError.message);

  const metric = 'accuracy';
  open.trainForm.modelName = 'Recipe fit on training rows';
  const honest = await trainNow(open);
  const allRows = await trainLeaky(open, 'allRows', 'Recipe fit on all rows (leaks, teaching)');
  const whole = await trainLeaky(open, 'wholeTable', 'Whole table prepared, then split (leaks, teaching)');
  const test = (r: TrainSummary) => metricValue(r.metrics.test, metric);
  const train = (r: TrainSummary) => metricValue(r.metrics.train, metric);
  const [h, a, w] = [test(honest), test(allRows), test(whole)];
  if (h === null || a === null || w === null) throw new Error('A test accuracy is missing.');

  // Out-of-fold encodings give each training day the average of the other folds (its own answer
  // never), so the model has nothing to learn from the date: a gap this small is noise.
  const hidden = a <= h + 0.03;
  return (
    `Same split, boosted trees, the date target-encoded (every day is unique). ` +
    `Recipe fit on the training rows only, as the workbench always does: test accuracy ${fmt(h)}; ` +
    `test days were never seen, so each got the average. ` +
    `Fit on all rows, training rows still encoded out of fold: ${fmt(a)}` +
    (hidden
      ? `, no higher: in training the model never saw a day's own answer, so the date taught it nothing and the leak stayed hidden. `
      : `, higher by ${fmt(a - h)}: the leak showed even through the out-of-fold encoding. `) +
    `The whole table prepared by one fit, then split: ${fmt(w)}` +
    (w - h > 0.05
      ? `, too good to be true: each test day's encoding carries its own weather (training accuracy ${fmt(train(whole))}). `
      : `, ${w >= h ? 'higher' : 'lower'} by ${fmt(Math.abs(w - h))}. `) +
    `Only the first score is honest; the leaking runs are labelled in Experiments.`
  );
}
