import type { ScoreEvents, ScoreRequests, ScoreSummary } from '../protocol/score';
import { toShownError, type ShownError } from './errors';
import { downloadBlob } from './download';
import { isAbortError, type WorkerClient } from './workerClient';
import { createScoreWorker } from './workers';

/** Scoring a new CSV with a registered model, in the score worker. */
export class ScoringState {
  running = $state(false);
  fraction = $state<number | null>(null);
  result = $state.raw<ScoreSummary | null>(null);
  fileName = $state('');
  error = $state.raw<ShownError | null>(null);

  #client: WorkerClient<ScoreRequests, ScoreEvents> | undefined;
  #abort: AbortController | undefined;

  get #worker(): WorkerClient<ScoreRequests, ScoreEvents> {
    this.#client ??= createScoreWorker();
    return this.#client;
  }

  async score(modelVersionId: string, file: Blob, fileName: string): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.running = true;
    this.result = null;
    this.error = null;
    this.fileName = fileName;
    this.fraction = 0;
    try {
      this.result = await this.#worker.send(
        'score',
        { modelVersionId, file, fileName },
        { signal: abort.signal, onEvent: (_n, p) => (this.fraction = p.fraction) },
      );
    } catch (err) {
      if (!isAbortError(err)) this.error = toShownError(err);
    } finally {
      if (this.#abort === abort) this.running = false;
    }
  }

  cancel(): void {
    this.#abort?.abort();
  }

  download(): void {
    if (!this.result) return;
    const base = this.fileName.replace(/\.(csv|tsv|txt)$/i, '') || 'data';
    downloadBlob(new Blob([this.result.csv], { type: 'text/csv;charset=utf-8' }), `${base}-predictions.csv`);
  }
}

export const scoring = new ScoringState();
