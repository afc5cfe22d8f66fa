/** The score worker: a registered model applied to a new CSV, entirely in the browser. */
import type { InputProblem } from '../core/deploy/inputCheck';
import type { ReasonsResult } from './evaluate';

export interface ScoreArgs {
  modelVersionId: string;
  file: Blob;
  fileName: string;
  dbName?: string;
}

export interface ScoreSummary {
  rowCount: number;
  predictionColumn: string;
  /** The input columns plus predictions, as CSV text ready to download. */
  csv: string;
  /** The first rows, for a preview table. */
  preview: { columns: string[]; rows: string[][] };
  warnings: string[];
  /** What was found per column (extra, wrong type, unseen category): scored, reported. */
  problems: InputProblem[];
  backend: string;
}

/** One row of the file scored last, explained (the worker keeps that file's rows until the next). */
export interface ScoredReasonsArgs {
  modelVersionId: string;
  /** 0-based row of the scored file. */
  row: number;
  seed: number;
  dbName?: string;
}

export interface ScoreRequests {
  score: { args: ScoreArgs; result: ScoreSummary };
  scoredReasons: { args: ScoredReasonsArgs; result: ReasonsResult };
}

export interface ScoreEvents {
  progress: { stage: 'reading' | 'scoring'; fraction: number };
}
