import { untrack } from 'svelte';
import {
  phaseStatuses,
  type PhaseStatus,
  type LifecyclePhase,
  type ProjectFacts,
} from '../core/lifecycle/journey';
import { listRuns } from '../store';
import type { Workbench } from './workbench.svelte';

/**
 * The phase navigator's knowledge: each phase's status for the open project, from its records
 * (goal, versions, framing and its leak check, models, runs). Runs are counted from storage when
 * the project opens and whenever a training or a search trial ends.
 */
export class Journey {
  #runs = $state({ projectId: '', all: 0, done: 0 });
  #stop: () => void;

  facts = $derived.by((): ProjectFacts | null => {
    const open = this.workbench.open;
    const project = open?.project;
    if (!open || !project) return null;
    const framing = project.framing;
    const info = open.framing.info;
    const first = open.framing.current?.spec.steps[0];
    const dropped = (column: string) => first?.kind === 'drop' && first.columns.includes(column);
    const runs = this.#runs.projectId === open.id ? this.#runs : { all: 0, done: 0 };
    return {
      goalStatement: project.goal.statement,
      kpis: project.goal.kpis,
      versions: open.data.versions.length,
      preparedVersions: open.data.versions.filter((v) => v.operation.kind === 'prep').length,
      framed: !!framing?.recipeVersionId,
      ...(framing ? { target: framing.target } : {}),
      // The leak check runs in Framing; a warned column the recipe drops first is dealt with.
      leakColumns: framing && info ? info.leakage.map((l) => l.column).filter((c) => !dropped(c)) : [],
      models: open.training.models,
      runs: runs.all,
      finishedRuns: runs.done,
      batches: open.monitor.batches.length,
      ...(open.monitor.latest ? { alert: open.monitor.latest.alert.level } : {}),
    };
  });

  statuses = $derived(this.facts ? phaseStatuses(this.facts) : null);

  constructor(private readonly workbench: Workbench) {
    this.#stop = $effect.root(() => {
      $effect(() => {
        const open = this.workbench.open;
        if (!open) return;
        void open.training.runsChanged;
        void open.search.runsChanged;
        void open.training.models;
        untrack(() => void this.#countRuns(open.id));
      });
    });
  }

  status(phase: LifecyclePhase): PhaseStatus | null {
    return this.statuses?.[phase] ?? null;
  }

  dispose(): void {
    this.#stop();
  }

  async #countRuns(projectId: string): Promise<void> {
    try {
      const runs = await listRuns(await this.workbench.services.db(), projectId);
      this.#runs = { projectId, all: runs.length, done: runs.filter((r) => r.status === 'done').length };
    } catch {
      // The navigator's counts are a convenience: a failed read leaves the last ones.
    }
  }
}
