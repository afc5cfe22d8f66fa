/**
 * A deliberately simple CSV reader, the reference the property test compares ingest with. It
 * reads the rules ingest promises, written the obvious way: every line ending (CRLF, LF, CR,
 * inside quotes too) is one '\n'; a field that starts with a quote is quoted, "" inside it is a
 * quote, and its closing quote must be followed by the delimiter, a line end or the end; quotes
 * elsewhere are plain characters. Anything else, and a quote never closed, is malformed.
 */
export type ReferenceResult = { ok: true; records: string[][] } | { ok: false; why: string };

export function referenceParse(text: string, delimiter = ','): ReferenceResult {
  const s = text.replace(/\r\n?/g, '\n');
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const n = s.length;
  if (n === 0) return { ok: true, records };
  for (;;) {
    let field = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) return { ok: false, why: 'quote never closed' };
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += s[i]!;
        i++;
      }
      if (i < n && s[i] !== delimiter && s[i] !== '\n') return { ok: false, why: 'text after closing quote' };
    } else {
      while (i < n && s[i] !== delimiter && s[i] !== '\n') field += s[i++]!;
    }
    record.push(field);
    if (i >= n) {
      records.push(record);
      return { ok: true, records };
    }
    if (s[i] === '\n') {
      records.push(record);
      record = [];
      i++;
      if (i >= n) return { ok: true, records };
    } else i++;
  }
}
