import { WorkerError } from '../protocol/rpc';

/** What the UI shows for a failure: a sentence, and where there are some, the lines at fault. */
export interface ShownError {
  message: string;
  details: string[];
  more: number;
}

export function toShownError(err: unknown): ShownError {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof WorkerError) {
    const problems = err.details['problems'];
    const count = Number(err.details['problemCount'] ?? 0);
    if (Array.isArray(problems)) {
      const details = problems.map((p: { line?: number; message?: string }) =>
        p.line ? `Line ${p.line}: ${p.message ?? ''}` : String(p.message ?? ''),
      );
      return { message, details, more: Math.max(0, count - details.length) };
    }
  }
  return { message, details: [], more: 0 };
}
