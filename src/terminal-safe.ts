/**
 * Terminal-safe text: a document id, a file name, a metadata value or a document's text may hold
 * escape sequences (`\x1b]0;title\x07`, `\x1b[2J`) that a terminal or a CI log viewer would obey:
 * retitle the window, clear the screen, hide lines, fake a green run. The human formats (scan's
 * table, check's stylish and compact) and the messages on standard error show every control
 * character escaped (`\x1b`, `\x07`, `\n`), and Unicode's bidirectional overrides and isolates
 * ("Trojan source") and line/paragraph separators as `\u202e`. Machine formats (CSV, JSON, SARIF)
 * keep the text as it is: their readers quote it.
 */

// C0 controls, DEL, C1 controls, line and paragraph separators, bidi embeddings/overrides/isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every control character shown escaped; `keepNewlines` leaves `\n` as a line break (messages). */
export function terminalSafe(s: string, keepNewlines = false): string {
  const re = keepNewlines ? UNSAFE_BUT_NEWLINE : UNSAFE;
  re.lastIndex = 0;
  return re.test(s) ? s.replace(re, escapeChar) : s;
}

const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A whole human-readable text (a table, markdown): line breaks and tabs kept, every other control escaped. */
export function terminalSafeText(s: string): string {
  UNSAFE_IN_TEXT.lastIndex = 0;
  return UNSAFE_IN_TEXT.test(s) ? s.replace(UNSAFE_IN_TEXT, escapeChar) : s;
}

/** A copy of a value with every string in it made terminal-safe (records and reports before a human format). */
export function terminalSafeDeep<T>(value: T): T {
  if (typeof value === 'string') return terminalSafe(value) as T;
  if (Array.isArray(value)) return value.map((v) => terminalSafeDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = terminalSafeDeep(v);
    return out as T;
  }
  return value;
}
