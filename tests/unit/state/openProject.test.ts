/**
 * The open project in Node, with the real data and train handlers behind fake workers: open a
 * project, load data, choose a target, train, switch to another project, reopen the first. What
 * the end-to-end tests cover in Chromium, here without a page.
 */
import { flushSync } from 'svelte';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultSpec } from '../../../src/core/ml/models/spec';
import { listRuns } from '../../../src/store';
import { Workbench } from '../../../src/state/workbench.svelte';
import { testServices } from './harness';

beforeAll(() => {
  // Node 20 has no navigator: no Web Locks, no WebGPU; two cores.
  vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
});

/** The machine may be busy: reactions get time to land. */
const WAIT = { timeout: 20_000 };

let workbench: Workbench | undefined;
afterEach(() => workbench?.dispose());

async function opened() {
  const services = testServices();
  workbench = new Workbench(services);
  await workbench.init();
  return { services, workbench };
}

describe('the open project', () => {
  it('opens, frames, trains, switches project and reopens with nothing leaking', async () => {
    const { services, workbench } = await opened();
    expect(workbench.open).toBeNull();

    // Open a project and load data.
    const first = await workbench.createProject('Penguins', 'Identify the species.');
    const open = workbench.open!;
    expect(open.id).toBe(first.id);
    await open.data.loadSample('penguins');
    expect(open.data.error).toBeNull();
    expect(open.data.versions).toHaveLength(1);
    expect(open.data.selectedVersion?.rowCount).toBe(344);

    // Choose a target: the framing, its default recipe and the recipe in force.
    workbench.openPhase('framing');
    await open.framing.chooseTarget('Species');
    expect([open.framing.error, open.framing.editError, open.data.profileError]).toEqual([null, null, null]);
    expect(open.project?.framing).toMatchObject({ target: 'Species', task: 'classification' });
    expect(open.framing.current?.spec.steps.length).toBeGreaterThan(0);
    expect(open.recipe?.id).toBe(open.project?.framing?.recipeVersionId);
    // The Framing phase's reaction checked the target.
    await vi.waitFor(
      () => expect(open.framing.info).toMatchObject({ task: 'classification', classes: 3 }),
      WAIT,
    );

    // The Train form was reset for this task and row count, and is kept in storage.
    flushSync();
    expect(open.trainForm.madeFor).toBe('classification:344');
    open.trainForm.family = 'gbdt';
    open.trainForm.spec = defaultSpec('gbdt', 'classification', 344);
    open.trainForm.modelName = 'trees';
    open.training.setBackendPreference('cpu');
    flushSync();
    expect(JSON.parse(services.storage.getItem(`lifecycle-workbench.train-form.${first.id}`)!)).toMatchObject(
      {
        family: 'gbdt',
        modelName: 'trees',
      },
    );

    // Train: the job is the form's, on the selected version with the recipe in force.
    expect(open.trainJob).toMatchObject({ target: 'Species', model: { family: 'gbdt' }, seed: 42 });
    open.train();
    expect(open.busy).toBe(true);
    await vi.waitFor(() => expect(open.training.status).toBe('finished'), { timeout: 60_000 });
    expect(open.training.error).toBeNull();
    expect(open.training.result?.metrics.test?.task).toBe('classification');
    expect(open.training.models.map((m) => [m.name, m.spec.family, m.recipeVersionId])).toEqual([
      ['trees', 'gbdt', open.recipe!.id],
    ]);
    const runs = await listRuns(await services.db(), first.id);
    expect(runs.map((r) => [r.status, r.modelVersionId])).toEqual([['done', open.training.models[0]!.id]]);

    // The Framing phase previewed the recipe in a data worker of its own.
    await vi.waitFor(() => expect(open.framing.preview?.trainRows).toBeGreaterThan(0), WAIT);
    const previewWorker = services.made.data[1];
    expect(previewWorker).toBeDefined();

    // Open another project: a fresh open project; the first is disposed.
    const second = await workbench.createProject('Cars', 'Predict fuel use.');
    const other = workbench.open!;
    expect(other).not.toBe(open);
    expect(other.id).toBe(second.id);
    await other.data.refresh(); // what its constructor started, again: the reads have landed
    expect(other.data.versions).toEqual([]);
    expect(other.training.models).toEqual([]);
    expect(other.training.status).toBe('idle');
    expect(other.trainForm.family).toBe('linear');
    expect(other.prepStep.expression).toBe('');
    // The first project's reactions stopped: its form is no longer saved, its preview worker is gone.
    open.trainForm.seed = 7;
    flushSync();
    expect(JSON.parse(services.storage.getItem(`lifecycle-workbench.train-form.${first.id}`)!).seed).toBe(42);
    expect(previewWorker!.terminated).toBe(true);

    // Reopen the first project: its data, model, recipe and form come back from storage.
    workbench.selectProject(first.id);
    const again = workbench.open!;
    expect(again).not.toBe(open);
    await vi.waitFor(() => expect(again.training.models).toHaveLength(1), WAIT);
    await vi.waitFor(() => expect(again.recipe?.id).toBe(open.recipe!.id), WAIT);
    expect(again.data.selectedVersion?.id).toBe(open.data.selectedVersion!.id);
    expect(again.trainForm).toMatchObject({ family: 'gbdt', modelName: 'trees', seed: 42 });
    expect(again.training.status).toBe('idle');
  }, 120_000);

  it('applies a Prepare step as a new selected version and starts the form afresh', async () => {
    const { workbench } = await opened();
    await workbench.createProject('Prep', 'Clean the penguins.');
    const open = workbench.open!;
    await open.data.loadSample('penguins');
    const v1 = open.data.selectedVersion!;
    workbench.openPhase('prepare');
    open.prepStep.kind = 'filter';
    open.prepStep.expression = "Island = 'Biscoe'";
    flushSync();
    expect(open.prepOp).toMatchObject({ kind: 'filter', expression: "Island = 'Biscoe'" });
    // The phase's reaction previews a valid step shortly after the last change.
    await vi.waitFor(() => expect(open.prep.preview.value).not.toBeNull(), WAIT);
    const step = await open.applyStep();
    expect(step?.result.rowCount).toBe(168);
    expect(open.data.selectedVersion?.parents).toEqual([v1.id]);
    expect(open.prepStep).toMatchObject({ kind: 'filter', expression: '' });
    open.prep.undo();
    expect(open.data.selectedVersion?.id).toBe(v1.id);
  });

  it('searches: trials on the pool, the best one registered as a model version', async () => {
    const { services, workbench } = await opened();
    const project = await workbench.createProject('Search', 'Identify the species.');
    const open = workbench.open!;
    await open.data.loadSample('penguins');
    await open.framing.chooseTarget('Species');
    flushSync();
    Object.assign(open.trainForm, {
      mode: 'search',
      family: 'gbdt',
      spec: defaultSpec('gbdt', 'classification', 344),
      modelName: 'searched',
    });
    Object.assign(open.trainForm.search, { method: 'random', trials: 2, halving: false });
    flushSync();
    open.training.setBackendPreference('cpu');
    open.train();
    await vi.waitFor(() => expect(open.search.status).toBe('finished'), { timeout: 60_000 });
    expect(open.search.trials.map((t) => t.status)).toEqual(['done', 'done']);
    const best = open.search.best!;
    const model = open.training.models.find((m) => m.id === best.modelVersionId)!;
    expect(model).toMatchObject({ name: 'searched', runId: best.runId, spec: { family: 'gbdt' } });
    const runs = await listRuns(await services.db(), project.id);
    expect(runs.filter((r) => r.modelVersionId === model.id).map((r) => r.id)).toEqual([best.runId]);
    // The model keeps the run's result as the run recorded it.
    const run = runs.find((r) => r.id === best.runId)!;
    expect(model.metrics).toEqual(run.metrics);
    expect(model.splitSummary).toEqual(run.splitSummary);
  }, 120_000);
});
