import { SAMPLE_PROJECTS } from '../core/lifecycle/sampleProjects';
import { projectStage, type ProjectFacts } from '../core/lifecycle/journey';
import {
  estimateBrowserStorage,
  listModelVersions,
  listProjectVersions,
  listRuns,
  newId,
  type Project,
} from '../store';
import { toShownError, type ShownError } from './errors';
import { ReportReader } from './reportReader.svelte';
import { pageShareState, type ShareState } from './share.svelte';
import type { Workbench } from './workbench.svelte';

/** What the records of a project say, for its stage in the list and the phase navigator. */
export async function projectFacts(workbench: Workbench, project: Project): Promise<ProjectFacts> {
  const db = await workbench.services.db();
  const [versions, models, runs] = await Promise.all([
    listProjectVersions(db, project.id),
    listModelVersions(db, project.id),
    listRuns(db, project.id),
  ]);
  return {
    goalStatement: project.goal.statement,
    kpis: project.goal.kpis,
    versions: versions.length,
    preparedVersions: versions.filter((v) => v.operation.kind === 'prep').length,
    framed: !!project.framing?.recipeVersionId,
    ...(project.framing ? { target: project.framing.target } : {}),
    leakColumns: [],
    models,
    runs: runs.length,
    finishedRuns: runs.filter((r) => r.status === 'done').length,
  };
}

/**
 * The welcome screen: open a ready sample project in one click, the projects with the stage each
 * reached, opening a shared project or report, and the storage the workbench uses.
 */
export class Welcome {
  /** The sample project being made, by id. */
  opening = $state<string | null>(null);
  /** What the opening is doing now, for a status line. */
  step = $state('');
  error = $state.raw<ShownError | null>(null);
  /** A shared report opened from the welcome screen, drawn again from its checked data. */
  readonly reader = new ReportReader();
  /** A project archive picked here goes straight to the import preview (nothing written before "Import"). */
  readonly share: ShareState;
  /** An archive was picked here: the import panel is shown. */
  importing = $state(false);
  stages = $state.raw<Record<string, string>>({});
  storage = $state.raw<{ usage: number; quota: number } | null>(null);

  constructor(private readonly workbench: Workbench) {
    this.share = pageShareState(workbench, () => this.refresh());
  }

  dispose(): void {
    this.share.dispose();
  }

  /** Reads each project's stage and the storage estimate. */
  async refresh(): Promise<void> {
    try {
      const entries = await Promise.all(
        this.workbench.projects.map(
          async (p) => [p.id, projectStage(await projectFacts(this.workbench, p))] as const,
        ),
      );
      this.stages = Object.fromEntries(entries);
      const estimate = await estimateBrowserStorage();
      this.storage =
        estimate?.usage !== undefined && estimate.quota !== undefined
          ? { usage: estimate.usage, quota: estimate.quota }
          : null;
    } catch (err) {
      this.error = toShownError(err);
    }
  }

  /**
   * Makes the sample project `id`: a project with its goal and KPIs, the sample loaded as its
   * first dataset version, the target framed with the default recipe, and (out of time) the
   * Train form set to validate on the latest dates. Opens it on Train, ready to train.
   */
  async openSample(id: string): Promise<void> {
    const sample = SAMPLE_PROJECTS.find((s) => s.id === id);
    if (!sample || this.opening) return;
    this.opening = id;
    this.error = null;
    try {
      this.step = 'Creating the project…';
      await this.workbench.createProject(sample.name, sample.goal);
      const open = this.workbench.open;
      if (!open) throw new Error('The sample project did not open.');
      await open.saveGoal((g) => ({ ...g, kpis: sample.kpis.map((k) => ({ ...k, id: newId() })) }));
      this.step = `Loading ${sample.sample}.csv…`;
      await open.data.loadSample(sample.sample);
      if (open.data.error) throw new Error(open.data.error.message);
      this.step = `Framing: predicting ${sample.target}…`;
      await open.framing.chooseTarget(sample.target, sample.task);
      if (open.framing.error) throw new Error(open.framing.error.message);
      if (sample.timeColumn) {
        open.trainForm.split.kind = 'outOfTime';
        open.trainForm.split.timeColumn = sample.timeColumn;
      }
      this.workbench.openPhase('train');
    } catch (err) {
      this.error = toShownError(err);
    } finally {
      this.opening = null;
      this.step = '';
    }
  }

  /**
   * "Open a shared project or report": a zip is a project archive, read by the import (its manifest
   * is shown and checked before anything is written); anything else is opened as a report.
   */
  async openShared(file: File): Promise<void> {
    this.error = null;
    this.reader.close();
    const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
    if (head[0] === 0x50 && head[1] === 0x4b) {
      this.importing = true;
      await this.share.pickArchive(file);
      return;
    }
    this.importing = false;
    this.share.cancelImport();
    await this.reader.open(file);
  }
}
