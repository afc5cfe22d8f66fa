/**
 * The standalone scorer's work, shared by its Node command line and its browser use: a CSV read
 * with the model's input types, checked column by column, the fitted recipe replayed, the plain
 * JavaScript model applied, and the scored table written as CSV exactly as the workbench does.
 */
import { toFeatureMatrix } from '../features/matrix';
import { scoredTable } from '../pipeline/scoreOutput';
import { tableToCsv } from '../table/csvWriter';
import { ingestCsv } from '../table/ingest';
import type { Table } from '../table/table';
import { checkScoringInput, conversionFailures, type InputProblem } from './inputCheck';
import type { ReadModelFile } from './modelFile';
import { plainModel } from './plainModel';

/** The file could not be scored; `problems` lists what was found per column. */
export class ScoringRefused extends Error {
  override readonly name = 'ScoringRefused';
  constructor(
    message: string,
    readonly problems: InputProblem[],
  ) {
    super(message);
  }
}

export interface ScoredFile {
  table: Table;
  predictionColumn: string;
  problems: InputProblem[];
  warnings: string[];
}

/** Reads `csv` with the model's input types (values that do not convert become missing, counted). */
export async function readInput(read: ReadModelFile, csv: Blob | string, fileName: string) {
  const { file } = read;
  return ingestCsv(csv, {
    fileName,
    malformed: 'stop',
    typeOverrides: Object.fromEntries(file.inputSchema.map((c) => [c.name, c.type])),
  });
}

/**
 * Scores a CSV with a model file read by readModelFile. Throws ScoringRefused naming the column
 * when a needed column is missing or a value the recipe cannot fill is missing.
 */
export async function scoreCsvWithModel(
  read: ReadModelFile,
  csv: Blob | string,
  fileName = 'input.csv',
): Promise<ScoredFile> {
  const { file, serialized } = read;
  const input = await readInput(read, csv, fileName);
  const check = checkScoringInput(file.recipe, input.table, conversionFailures(input.columns));
  if (check.refusal) throw new ScoringRefused(check.refusal, check.problems);
  let x;
  try {
    x = toFeatureMatrix(file.recipe, input.table);
  } catch (e) {
    throw new ScoringRefused(e instanceof Error ? e.message : String(e), check.problems);
  }
  const out = plainModel(serialized).predict(x.x, x.rows);
  const { table, predictionColumn } = scoredTable(
    input.table,
    out,
    file.model.task,
    file.model.classes,
    file.model.threshold,
  );
  return { table, predictionColumn, problems: check.problems, warnings: input.warnings };
}

/** scoreCsvWithModel, written as CSV text (the workbench's writer: same columns, same formatting). */
export async function scoreCsvToText(read: ReadModelFile, csv: Blob | string, fileName?: string) {
  const scored = await scoreCsvWithModel(read, csv, fileName);
  return { ...scored, csv: tableToCsv(scored.table) };
}
