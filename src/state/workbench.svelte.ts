import { createProject, listProjects, modifyProject, type Goal, type Project } from '../store';
import { isPhaseId, type PhaseId } from './phases';
import { onDatabaseNotice, pageDb } from './db';
import { toShownError, type ShownError } from './errors';
import { hashParam, replaceHash } from './location';

const LAST_PROJECT_KEY = 'workbench.lastProject';

/**
 * The workbench shell: projects, the open project and the lifecycle phase on screen. Phase and
 * project are mirrored in the URL hash so reload and the back button land where the user was.
 */
export class Workbench {
  projects = $state.raw<Project[]>([]);
  projectId = $state<string | null>(null);
  phase = $state<PhaseId>('goal');
  ready = $state(false);
  notice = $state('');
  error = $state.raw<ShownError | null>(null);

  project = $derived(this.projects.find((p) => p.id === this.projectId) ?? null);

  async init(): Promise<void> {
    onDatabaseNotice((message) => (this.notice = message));
    try {
      const db = await pageDb();
      this.projects = await listProjects(db);
      const wanted = hashParam('project') ?? localStorage.getItem(LAST_PROJECT_KEY);
      this.projectId = this.projects.find((p) => p.id === wanted)?.id ?? this.projects[0]?.id ?? null;
      const phase = hashParam('phase');
      if (phase && isPhaseId(phase)) this.phase = phase;
    } catch (err) {
      this.error = toShownError(err);
    } finally {
      this.ready = true;
    }
  }

  openPhase(phase: PhaseId): void {
    this.phase = phase;
    this.#syncHash();
  }

  /** Re-reads the projects (after an import or a delete); opens `selectId`, or keeps the open one if it is still there. */
  async reloadProjects(selectId?: string): Promise<void> {
    this.projects = await listProjects(await pageDb());
    const keep = selectId ?? this.projectId;
    const next = this.projects.find((p) => p.id === keep)?.id ?? this.projects[0]?.id ?? null;
    if (next) this.selectProject(next);
    else this.projectId = null;
  }

  selectProject(id: string): void {
    this.projectId = id;
    localStorage.setItem(LAST_PROJECT_KEY, id);
    this.#syncHash();
  }

  async createProject(name: string, statement: string): Promise<Project> {
    const db = await pageDb();
    const project = await createProject(db, { name, goal: { statement, compliance: '', kpis: [] } });
    this.projects = [project, ...this.projects];
    this.selectProject(project.id);
    this.openPhase('goal');
    return project;
  }

  /**
   * Changes project `id` as `change` makes it from the stored record, in one transaction: saves
   * of different fields (goal text, KPIs, framing) never overwrite each other, and a save that
   * lands after the user switched project still goes to its own project.
   */
  async modifyProject(id: string, change: (project: Project) => Project): Promise<void> {
    const saved = await modifyProject(await pageDb(), id, change);
    this.projects = this.projects.map((p) => (p.id === saved.id ? saved : p));
  }

  /** Saves project `id`'s goal as `change` makes it from the stored one, and its name when given. */
  async saveGoalOf(id: string, change: (goal: Goal) => Goal, name?: string): Promise<void> {
    await this.modifyProject(id, (stored) => ({
      ...stored,
      goal: change(stored.goal),
      ...(name ? { name } : {}),
    }));
  }

  #syncHash(): void {
    replaceHash({ project: this.projectId, phase: this.phase });
  }
}

export const workbench = new Workbench();
