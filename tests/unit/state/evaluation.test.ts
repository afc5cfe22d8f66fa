/**
 * Evaluate's state in Node with the real train and evaluation handlers behind in-process
 * workers: train two models, open Evaluate, read the views, open a cell, save a threshold, rank,
 * compare, explain a row, and build the report with all of it.
 */
import { flushSync } from 'svelte';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultSpec } from '../../../src/core/ml/models/spec';
import { validateReportDocument } from '../../../src/core/report/validateReport';
import { collectEvaluation } from '../../../src/state/evaluationReport';
import { Workbench } from '../../../src/state/workbench.svelte';
import { testServices } from './harness';

beforeAll(() => {
  vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
});

const WAIT = { timeout: 60_000 };
let workbench: Workbench | undefined;
afterEach(() => workbench?.dispose());

describe('Evaluate on the open project', () => {
  it('reads views from kept predictions, saves a threshold, ranks on validation and explains a row', async () => {
    workbench = new Workbench(testServices());
    await workbench.init();
    await workbench.createProject('Penguin sex', 'Tell male from female.');
    const open = workbench.open!;
    await open.saveGoal((g) => ({
      ...g,
      kpis: [{ id: 'k', metric: 'accuracy', op: '>=', threshold: 0.8, split: 'test' }],
    }));
    await open.data.loadSample('penguins');
    workbench.openPhase('framing');
    await open.framing.chooseTarget('Sex');
    // The primary metric follows the first KPI.
    expect(open.project?.framing?.primaryMetric).toBe('accuracy');
    flushSync();
    open.training.setBackendPreference('cpu');
    for (const [i, [name, iterations]] of (
      [
        ['weak', 2],
        ['strong', 60],
      ] as const
    ).entries()) {
      open.trainForm.family = 'gbdt';
      open.trainForm.spec = {
        ...defaultSpec('gbdt', 'classification', 333),
        maxIterations: iterations,
        earlyStopping: null,
      } as never;
      open.trainForm.modelName = name;
      flushSync();
      open.train();
      await vi.waitFor(() => expect(open.training.models).toHaveLength(i + 1), WAIT);
      expect(open.training.error).toBeNull();
    }
    expect(open.training.models.map((m) => m.name)).toEqual(['weak', 'strong']);

    workbench.openPhase('evaluate');
    flushSync();
    const ev = open.evaluation;
    // Opening the phase loads the views (the project's reaction; this file runs with Svelte's
    // client runtime, where $effect runs).
    await vi.waitFor(() => expect(ev.views).not.toBeNull(), WAIT);
    expect(ev.error).toBeNull();
    expect(ev.model?.name).toBe('strong');
    expect(ev.sweep).toHaveLength(101);

    await ev.openCell(1, 1);
    expect(ev.cell?.rows.total).toBe(ev.point!.tp);
    ev.threshold = 0.3;
    await ev.saveThreshold();
    expect(open.training.models.find((m) => m.name === 'strong')?.threshold).toBe(0.3);

    await ev.loadMatrix();
    expect(ev.matrix?.map((r) => r.label)).toEqual([
      'weak v1',
      'strong v1',
      'Baseline (majority class / mean)',
    ]);
    ev.select(open.training.models[0]!.id);
    expect(ev.pickBest()?.name).toBe('strong');
    await ev.compare(open.training.models[0]!.id);
    expect(ev.paired?.mcNemar).toBeDefined();

    await open.explanations.explainRow(5);
    const r = open.explanations.reasons!;
    expect(r.method).toBe('treeShap');
    const sum = r.columns.reduce((a, c) => a + c.contributions[0]!, r.expected[0]!);
    expect(sum).toBeCloseTo(r.output[0]!, 6);

    // Cancel: a long permutation importance, once under way, stops with nothing shown (the
    // worker lets the Cancel in between repeats); the next one runs.
    const long = open.explanations.runImportance(5000, 2000);
    await vi.waitFor(() => expect(open.explanations.progress?.done).toBeGreaterThan(0), WAIT);
    open.explanations.cancel();
    await long;
    expect(open.explanations.progress).toBeNull();
    expect(open.explanations.cancelled).toBe(true);
    expect(open.explanations.importance).toBeNull();
    expect(open.explanations.running).toBeNull();
    await open.explanations.runImportance(1, 200);
    expect(open.explanations.cancelled).toBe(false);
    expect(open.explanations.importance?.items.length).toBeGreaterThan(0);

    const report = await collectEvaluation(open);
    expect(report?.threshold?.value).toBe(0.3);
    expect(report?.matrix?.rows).toHaveLength(3);
    expect(report?.reasons?.row).toBe(6);
    expect(report?.lineage?.[0]).toMatch(/SHA-256 [0-9a-f]{64}/);
    // What the state collects is a valid format-2 report part.
    expect(() =>
      validateReportDocument({
        format: 'lifecycle-workbench-report',
        formatVersion: 2,
        generatedAt: new Date().toISOString(),
        app: { name: 'a', version: '1' },
        project: { name: 'p', goal: 'g', compliance: '' },
        kpis: [],
        overall: 'missing',
        dataset: { name: 'd', version: 1, hash: 'h', rows: 1, columns: 1 },
        framing: { target: 'Sex', task: 'classification', primaryMetric: 'accuracy' },
        recipe: { steps: [], features: 1 },
        model: {
          name: 'm',
          version: 1,
          family: 'gbdt',
          spec: {},
          backend: 'cpu',
          backendReason: 'r',
          durationMs: 1,
          trainedAt: new Date().toISOString(),
        },
        splits: [],
        metrics: {},
        history: [],
        evaluation: JSON.parse(JSON.stringify(report)),
      }),
    ).not.toThrow();
  }, 180_000);
});
