/** Longest expression text accepted: anything longer is almost certainly pasted by mistake. */
export const MAX_EXPRESSION_LENGTH = 10_000;
/** Deepest nesting of brackets and operators; keeps the recursive parser and evaluator off the stack limit. */
export const MAX_NESTING_DEPTH = 64;
/** Longest chain of operators (a + b + c + …); bounds recursion in the checker and evaluator. */
export const MAX_TREE_HEIGHT = 500;

/**
 * A problem in an expression a user typed. `position` is the 0-based character offset the
 * message refers to (the UI underlines from there); the message repeats it as "at N".
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  readonly position: number;
  /** Characters from `position` that the problem covers (at least 1). */
  readonly length: number;

  constructor(message: string, position: number, length = 1) {
    super(message);
    this.position = position;
    this.length = Math.max(1, length);
  }
}

/** Edit distance between two strings (insertions, deletions, substitutions). */
function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidate the user most likely meant by `name`, or undefined when nothing is close.
 * Case differences count for nothing and a candidate that starts with what was typed scores
 * well, because the usual mistakes are a dropped letter or a truncated long name.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const typed = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const lower = c.toLowerCase();
    let score = levenshtein(typed, lower);
    if (lower.startsWith(typed) || typed.startsWith(lower)) score = Math.min(score, 1);
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  const allowed = Math.max(2, Math.ceil(typed.length / 2));
  return bestScore <= allowed ? best : undefined;
}

/** Names as a short quoted list for messages ("a", "b", … and 12 more). */
export function listNames(names: readonly string[], max = 8): string {
  const shown = names
    .slice(0, max)
    .map((n) => `"${n}"`)
    .join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
