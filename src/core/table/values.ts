/**
 * Reading single CSV cells: which texts mean "missing", which are booleans, and numbers in the
 * two notations files use (decimal point or decimal comma, each with optional thousands groups).
 * These run once per cell on million-row files, so the common case avoids allocation.
 */

/**
 * Cell texts read as missing, besides the empty cell and whitespace-only cells. The same list
 * pandas uses by default, minus its rarer Excel error spellings, plus "-" and "?" which
 * spreadsheets and survey exports use for "no value", and "." (SAS and Stata's missing value).
 * Matching is exact (case-sensitive).
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  'NA',
  'N/A',
  'n/a',
  'NaN',
  'nan',
  '-NaN',
  'null',
  'NULL',
  'Null',
  'None',
  'none',
  '<NA>',
  '#N/A',
  '#NA',
  '-',
  '?',
  '.',
]);

const LONGEST_MISSING_TOKEN = 5;

/** True when a cell text means "no value": empty, whitespace only, or one of MISSING_TOKENS. */
export function isMissingText(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (n <= LONGEST_MISSING_TOKEN && MISSING_TOKENS.has(text)) return true;
  const first = text.charCodeAt(0);
  // Only texts that start with whitespace can be whitespace only; skip the trim otherwise.
  if (first === 32 || first === 9) return text.trim() === '';
  return false;
}

/**
 * Boolean spellings, matched case-insensitively. "0" and "1" are deliberately absent: a 0/1
 * column stays an integer column (models and profiles treat it the same, and it keeps counts
 * and sums meaningful); cast it to boolean when it is a flag.
 */
const BOOLEAN_WORDS = new Map<string, 0 | 1>();
for (const [word, value] of [
  ['true', 1],
  ['yes', 1],
  ['t', 1],
  ['y', 1],
  ['false', 0],
  ['no', 0],
  ['f', 0],
  ['n', 0],
] as const) {
  // The usual spellings are looked up as they are; only odd casings pay for toLowerCase.
  for (const spelling of [word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1)]) {
    BOOLEAN_WORDS.set(spelling, value);
  }
}

/** 1 for a true spelling, 0 for a false one, -1 when the text is not a boolean. */
export function parseBooleanText(text: string): 0 | 1 | -1 {
  if (text.length > 5 || text.length === 0) return -1;
  const v = BOOLEAN_WORDS.get(text) ?? BOOLEAN_WORDS.get(text.toLowerCase());
  return v === undefined ? -1 : v;
}

/**
 * How a file writes numbers. 'dot': 1234.5 or 1,234.5; 'comma': 1234,5 or 1.234,5 (common in
 * semicolon-separated European files). Thousands groups are optional but must be well formed.
 */
export type NumberStyle = 'dot' | 'comma';

/** What a text looks like as a number, before any value is computed. */
export const NumberShape = {
  NotNumber: 0,
  /** Digits only, optional sign: 42, -7. */
  Integer: 1,
  /** Has a fraction or an exponent: 4.2, 1e5. */
  Decimal: 2,
  /** Integer-like with a leading zero (0700, 007): a code, never a quantity. */
  LeadingZero: 3,
  /** Integer-like with more digits than a double holds exactly: an identifier. */
  LongInteger: 4,
} as const;
export type NumberShape = (typeof NumberShape)[keyof typeof NumberShape];

const MAX_EXACT_DIGITS = 15;

/** Exact powers of ten as doubles (10^0 … 10^22 are all exactly representable). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * `value` is what the last `numberShape` call computed, or NaN when it could not be computed
 * exactly on the fast path (exponents, more than 15 significant digits): then use `numberValue`.
 * A shared slot rather than a returned pair: this runs once per cell, and must not allocate.
 */
export const lastScan = { value: NaN };

/**
 * Classifies `text` under `style` without allocating and, on the way, computes its value into
 * `lastScan.value`. The value is exact: a significand below 2^53 divided by an exact power of ten
 * is correctly rounded by IEEE division, so it equals Number(text) (Clinger's fast path).
 */
export function numberShape(text: string, style: NumberStyle): NumberShape {
  return numberShapeAt(text, 0, text.length, style);
}

/**
 * numberShape of `text.slice(start, end)`, read in place: ingest classifies the fields of a
 * line this way without making a string of each.
 */
export function numberShapeAt(text: string, start: number, end: number, style: NumberStyle): NumberShape {
  lastScan.value = NaN;
  const n = end;
  if (n <= start) return NumberShape.NotNumber;
  const decimalMark = style === 'dot' ? 46 : 44;
  const groupMark = style === 'dot' ? 44 : 46;
  let i = start;
  let c = text.charCodeAt(start);
  let negative = false;
  if (c === 45 || c === 43) {
    negative = c === 45;
    i = start + 1;
    if (n === i) return NumberShape.NotNumber;
  }
  const intStart = i;
  let digits = 0;
  let significand = 0;
  let groupDigits = -1; // digits since the last thousands mark; -1 before any mark
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      significand = significand * 10 + (c - 48);
      if (groupDigits >= 0) groupDigits++;
      continue;
    }
    if (c === groupMark) {
      if (groupDigits === -1) {
        if (digits < 1 || digits > 3) return NumberShape.NotNumber;
        // "0,123" is not a grouped thousand in any notation.
        if (text.charCodeAt(intStart) === 48) return NumberShape.NotNumber;
      } else if (groupDigits !== 3) return NumberShape.NotNumber;
      groupDigits = 0;
      continue;
    }
    break;
  }
  if (groupDigits !== -1 && groupDigits !== 3) return NumberShape.NotNumber;
  const intDigits = digits;
  if (i === n) {
    if (intDigits === 0) return NumberShape.NotNumber;
    if (intDigits > 1 && text.charCodeAt(intStart) === 48 && groupDigits === -1)
      return NumberShape.LeadingZero;
    if (intDigits > MAX_EXACT_DIGITS) return NumberShape.LongInteger;
    lastScan.value = negative ? -significand : significand;
    return NumberShape.Integer;
  }
  let fracDigits = 0;
  if (c === decimalMark) {
    for (i++; i < n; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      significand = significand * 10 + (c - 48);
      fracDigits++;
    }
    if (intDigits + fracDigits === 0) return NumberShape.NotNumber;
    if (i === n) {
      if (intDigits + fracDigits <= MAX_EXACT_DIGITS) {
        const v = significand / POW10[fracDigits]!;
        lastScan.value = negative ? -v : v;
      }
      return NumberShape.Decimal;
    }
  } else if (intDigits === 0) return NumberShape.NotNumber;
  if (c !== 101 && c !== 69) return NumberShape.NotNumber; // e, E
  i++;
  if (i < n) {
    c = text.charCodeAt(i);
    if (c === 45 || c === 43) i++;
  }
  if (i === n) return NumberShape.NotNumber;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) return NumberShape.NotNumber;
  }
  return NumberShape.Decimal;
}

/**
 * The value of a text already known to have a numeric shape under `style` (the slow path, for
 * what `lastScan.value` could not hold).
 */
export function numberValue(text: string, style: NumberStyle): number {
  if (style === 'dot') return text.indexOf(',') === -1 ? +text : +text.replaceAll(',', '');
  return +text.replaceAll('.', '').replace(',', '.');
}

/**
 * Parses a number written in `style`; NaN when the text is not a number in that style.
 * Leading-zero codes ("0700") and integers too long for a double are rejected (NaN): they are
 * identifiers, and reading them as numbers would silently change them.
 * Surrounding whitespace is ignored.
 */
export function parseNumber(text: string, style: NumberStyle = 'dot'): number {
  let t = text;
  const last = t.length - 1;
  if (last >= 0 && (t.charCodeAt(0) <= 32 || t.charCodeAt(last) <= 32)) t = t.trim();
  const shape = numberShape(t, style);
  if (shape !== NumberShape.Integer && shape !== NumberShape.Decimal) return NaN;
  return lastScan.value === lastScan.value ? lastScan.value : numberValue(t, style);
}

const PARTNER: Readonly<Record<string, string>> = {
  true: 'false',
  false: 'true',
  yes: 'no',
  no: 'yes',
  t: 'f',
  f: 't',
  y: 'n',
  n: 'y',
};

/** `word` in the casing of `like` (YES → NO, Yes → No, yes → no). */
function sameCase(word: string, like: string): string {
  if (like.length > 1 && like === like.toUpperCase()) return word.toUpperCase();
  if (like[0] === like[0]?.toUpperCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

/**
 * The labels a boolean column keeps from its file: the first true and false spellings read (a
 * side never seen gets the partner of the other, in its casing). Undefined for plain
 * "true"/"false", which need no labels.
 */
export function booleanLabels(
  trueText: string,
  falseText: string,
): { false: string; true: string } | undefined {
  if (!trueText && !falseText) return undefined;
  const t = trueText || sameCase(PARTNER[falseText.toLowerCase()] ?? 'true', falseText);
  const f = falseText || sameCase(PARTNER[trueText.toLowerCase()] ?? 'false', trueText);
  return t === 'true' && f === 'false' ? undefined : { false: f, true: t };
}
