import { createProject, listProjects, modifyProject, type Project } from '../store';
import { isPhaseId, type PhaseId } from './phases';
import { onDatabaseNotice } from './db';
import { toShownError, type ShownError } from './errors';
import { hashParam, replaceHash } from './location';
import { OpenProject } from './openProject.svelte';
import type { PageServices } from './services';

const LAST_PROJECT_KEY = 'workbench.lastProject';

/**
 * The workbench shell: the projects, the one open project (an OpenProject, made when a project
 * is opened and disposed when another is) and the lifecycle phase on screen. Phase and project
 * are mirrored in the URL hash so reload and the back button land where the user was.
 */
export class Workbench {
  projects = $state.raw<Project[]>([]);
  /** The open project: everything the phases show and do for it lives there. */
  open = $state.raw<OpenProject | null>(null);
  phase = $state<PhaseId>('goal');
  ready = $state(false);
  notice = $state('');
  error = $state.raw<ShownError | null>(null);

  projectId = $derived(this.open?.id ?? null);
  project = $derived(this.projects.find((p) => p.id === this.projectId) ?? null);

  constructor(readonly services: PageServices) {}

  async init(): Promise<void> {
    onDatabaseNotice((message) => (this.notice = message));
    try {
      const db = await this.services.db();
      this.projects = await listProjects(db);
      const wanted = hashParam('project') ?? this.services.storage.getItem(LAST_PROJECT_KEY);
      const id = this.projects.find((p) => p.id === wanted)?.id ?? this.projects[0]?.id ?? null;
      if (id) this.#open(id);
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

  /** Opens project `id`: the project open before is disposed, so nothing of it leaks into this one. */
  selectProject(id: string): void {
    if (this.open?.id !== id) this.#open(id);
    this.services.storage.setItem(LAST_PROJECT_KEY, id);
    this.#syncHash();
  }

  async createProject(name: string, statement: string): Promise<Project> {
    const db = await this.services.db();
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
    const saved = await modifyProject(await this.services.db(), id, change);
    this.projects = this.projects.map((p) => (p.id === saved.id ? saved : p));
  }

  /** Closes the open project (the page is going away, or a test is done). */
  dispose(): void {
    this.open?.dispose();
    this.open = null;
  }

  #open(id: string): void {
    this.open?.dispose();
    this.open = new OpenProject(this, id);
  }

  #syncHash(): void {
    replaceHash({ project: this.projectId, phase: this.phase });
  }
}
