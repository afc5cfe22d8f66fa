import type { ScoreSummary } from '../protocol/score';
import type { ReasonsResult } from '../protocol/evaluate';
import { toShownError, type ShownError } from './errors';
import { downloadBlob } from './download';
import type { PageServices, ScoreClient } from './services';
import { isAbortError } from './workerClient';

/** Scoring a new CSV with a registered model, in the score worker. */
export class ScoringState {
  running = $state(false);
  fraction = $state<number | null>(null);
  result = $state.raw<ScoreSummary | null>(null);
  fileName = $state('');
  error = $state.raw<ShownError | null>(null);
  /** Why the model predicted what it did for one row of the scored file. */
  reasons = $state.raw<ReasonsResult | null>(null);
  /** The row being explained (0-based), while it is. */
  explaining = $state<number | null>(null);
  reasonsError = $state.raw<ShownError | null>(null);
  #modelVersionId: string | null = null;

  #client: ScoreClient | undefined;
  #abort: AbortController | undefined;

  constructor(private readonly services: PageServices) {}

  get #worker(): ScoreClient {
    this.#client ??= this.services.createScoreWorker();
    return this.#client;
  }

  /** Stops the score worker (the project was closed). */
  dispose(): void {
    this.#abort?.abort();
    this.#client?.terminate();
    this.#client = undefined;
  }

  async score(modelVersionId: string, file: Blob, fileName: string): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.running = true;
    this.result = null;
    this.error = null;
    this.reasons = null;
    this.reasonsError = null;
    this.#modelVersionId = modelVersionId;
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

  /** Explains row `row` (0-based) of the file just scored, with the model that scored it. */
  async explain(row: number): Promise<void> {
    const modelVersionId = this.#modelVersionId;
    if (!this.result || !modelVersionId || this.explaining !== null) return;
    this.explaining = row;
    this.reasonsError = null;
    try {
      this.reasons = await this.#worker.send('scoredReasons', { modelVersionId, row, seed: 1 });
    } catch (err) {
      this.reasons = null;
      this.reasonsError = toShownError(err);
    } finally {
      this.explaining = null;
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
