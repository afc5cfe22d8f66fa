import {
  createProject,
  listProjects,
  modifyProject,
  removeInterruptedImports,
  webImportLock,
  type Project,
} from '../store';
import { isPhaseId, type PhaseId } from './phases';
import { onDatabaseNotice } from './db';
import { toShownError, type ShownError } from './errors';
import { hashParam, replaceHash } from './location';
import { OpenProject } from './openProject.svelte';
import type { PageServices } from './services';
import { ProjectSync } from './projectSync';

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

  /** Other tabs' project saves, read again here; this tab's, announced (see projectSync.ts). */
  readonly #sync: ProjectSync;

  constructor(readonly services: PageServices) {
    this.#sync = new ProjectSync(
      () => services.db(),
      (id, stored) => this.#storedElsewhere(id, stored),
    );
  }

  async init(): Promise<void> {
    onDatabaseNotice((message) => (this.notice = message));
    try {
      const db = await this.services.db();
      // What an import cut short (tab closed mid-way) had staged: invisible, but it takes space.
      void removeInterruptedImports(db, webImportLock(true)).catch(() => undefined);
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

  /** Re-reads the projects (after an import or a delete); opens `selectId`, or keeps the open one if it is still there. */
  async reloadProjects(selectId?: string): Promise<void> {
    this.projects = await listProjects(await this.services.db());
    const keep = selectId ?? this.projectId;
    const next = this.projects.find((p) => p.id === keep)?.id ?? this.projects[0]?.id ?? null;
    if (next) this.selectProject(next);
    else {
      this.open?.dispose();
      this.open = null;
      this.#syncHash();
    }
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
    this.#sync.announce(project);
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
    this.#sync.announce(saved);
  }

  /** Closes the open project (the page is going away, or a test is done). */
  dispose(): void {
    this.open?.dispose();
    this.open = null;
    this.#sync.close();
  }

  /** Another tab saved project `id`: show the stored record (newer than ours), or drop a deleted one. */
  #storedElsewhere(id: string, stored: Project | null): void {
    const mine = this.projects.find((p) => p.id === id);
    if (!stored) {
      if (mine && this.open?.id !== id) this.projects = this.projects.filter((p) => p.id !== id);
    } else if (!mine) this.projects = [stored, ...this.projects];
    else if (stored.updatedAt > mine.updatedAt)
      this.projects = this.projects.map((p) => (p.id === id ? stored : p));
  }

  #open(id: string): void {
    this.open?.dispose();
    this.open = new OpenProject(this, id);
  }

  #syncHash(): void {
    replaceHash({ project: this.projectId, phase: this.phase });
  }
}
