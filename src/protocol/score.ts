/** The score worker: a registered model applied to a new CSV, entirely in the browser. */

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
  backend: string;
}

export interface ScoreRequests {
  score: { args: ScoreArgs; result: ScoreSummary };
}

export interface ScoreEvents {
  progress: { stage: 'reading' | 'scoring'; fraction: number };
}
