/**
 * Parse errors that never echo the file's content. A file given as a lexicon, config, baseline or
 * results file may be anything (`/etc/shadow` through `extends:`), and the messages go to CI logs:
 * they name the file, a byte offset (or line) and the kind of problem, never the text around it.
 * V8's JSON.parse and csv-parse quote the offending text in their messages; these helpers keep only
 * the kind and the position.
 */

/** A JSON.parse error -> "not valid JSON at byte N (kind)". `text` is the text that was parsed. */
export function describeJsonError(e: unknown, text: string): string {
  const message = e instanceof Error ? e.message : String(e);
  let offset: number | undefined;
  const at = /position (\d+)/.exec(message);
  if (at) offset = Number(at[1]);
  else {
    // "Unexpected token 'x', "…snippet…"... is not valid JSON": find the snippet to tell where.
    const snippet = /"((?:[^"\\]|\\.)*)"(?:\.\.\.)? is not valid JSON/.exec(message)?.[1];
    const token = /Unexpected token '(.)'/.exec(message)?.[1];
    if (snippet !== undefined) {
      const head = snippet.replace(/^\.\.\./, '');
      const i = head ? text.indexOf(head) : -1;
      if (i >= 0) offset = token !== undefined && head.includes(token) ? i + head.indexOf(token) : i;
    }
  }
  const kind = /Unexpected end|Unterminated/.test(message)
    ? 'the text ends too early'
    : /Bad control character|Bad escaped character|Bad Unicode escape/.test(message)
      ? 'a bad character in a string'
      : /Unexpected non-whitespace/.test(message)
        ? 'more text after the value'
        : 'an unexpected character';
  return `not valid JSON${offset !== undefined ? ` at byte ${Buffer.byteLength(text.slice(0, offset))}` : ''} (${kind})`;
}

/** A csv-parse error -> "not valid CSV at line N (kind)", from its code and line, without the quoted field. */
export function describeCsvError(e: unknown): string {
  const err = e as { code?: string; lines?: number; message?: string };
  const kind = err.code ? err.code.replace(/^CSV_/, '').toLowerCase().replace(/_/g, ' ') : 'malformed';
  return `not valid CSV${typeof err.lines === 'number' ? ` at line ${err.lines}` : ''} (${kind})`;
}
