/** The score worker: a registered model applied to a new CSV, entirely in the browser. */
import type { InputProblem } from '../core/deploy/inputCheck';

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

export interface ScoreRequests {
  score: { args: ScoreArgs; result: ScoreSummary };
}

export interface ScoreEvents {
  progress: { stage: 'reading' | 'scoring'; fraction: number };
}
