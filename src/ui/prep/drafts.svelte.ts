// The Prepare step being built, per project, kept while the page lives: leaving the phase (to
// look something up in Explore, say) and coming back finds the half-built step as it was left.
import type { PrepOpKind } from '../../core/prep';
import { emptyDraft, type OpDraft } from './draft';

/** A project's draft in a reactive holder, so the form can bind to it and replace it. */
export interface DraftHolder {
  draft: OpDraft;
}

class Drafts {
  // Not reactive on purpose: the form asks for a holder while it derives, and each holder is
  // reactive itself.
  #holders = new Map<string, DraftHolder>();

  /** The project's draft holder, made with an empty draft of `kind` on first use. */
  for(projectId: string, kind: PrepOpKind): DraftHolder {
    let holder = this.#holders.get(projectId);
    if (!holder) {
      const fresh = $state({ draft: { ...emptyDraft(), kind } });
      holder = fresh;
      this.#holders.set(projectId, holder);
    }
    return holder;
  }
}

export const drafts = new Drafts();
