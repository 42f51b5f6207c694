/**
 * Suppression comments that work in any text format. A directive is recognized inside
 * `<!-- -->` (HTML, Markdown), `{{!-- --}}` and `{{! }}` (Handlebars, Mustache), `{# #}` (Jinja,
 * Nunjucks), `{% comment %}...{% endcomment %}` (Liquid), `/* *\/`, and `#` or `//` line comments:
 *
 *   harmlex-disable-next-line [entry ...]   the line after the comment
 *   harmlex-disable-line [entry ...]        the line of the comment
 *   harmlex-disable [entry ...]             from here ...
 *   harmlex-enable [entry ...]              ... to here (or the end of the file)
 *
 * Without entry ids a directive applies to every entry. Text after ` -- ` is a reason and ignored.
 * Pure.
 */

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

export interface Directive {
  kind: DirectiveKind;
  /** Entry ids, or null for all entries. */
  entries: string[] | null;
  /** 1-based line of the directive. */
  line: number;
  /** The line the directive applies to (line kinds), 1-based. */
  target: number;
  /** Offset where a range starts (disable) or ends (enable). */
  offset: number;
}

const COMMENTS = new RegExp(
  [
    /<!--([\s\S]*?)-->/.source,
    /\{%-?\s*comment\s*-?%\}([\s\S]*?)\{%-?\s*endcomment\s*-?%\}/.source,
    /\{\{~?!--([\s\S]*?)--~?\}\}/.source,
    /\{\{~?!([\s\S]*?)~?\}\}/.source,
    /\{#-?([\s\S]*?)-?#\}/.source,
    /\/\*([\s\S]*?)\*\//.source,
    /(?:^|[ \t])(?:#|\/\/)[ \t]*(harmlex-[^\r\n]*)/.source,
  ].join('|'),
  'gm',
);
const DIRECTIVE = /harmlex-(disable-next-line|disable-line|disable|enable)(?![\w-])([^\r\n]*)/g;
const ENTRY_ID = /^[a-z0-9][a-z0-9._-]*$/;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function parseEntries(rest: string): string[] | null {
  const body = rest.split(/\s--\s|\s--$/)[0]!;
  const ids = body
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => ENTRY_ID.test(s));
  return ids.length ? ids : null;
}

export function parseDirectives(text: string): Directive[] {
  if (!text.includes('harmlex-')) return [];
  const starts = lineStarts(text);
  const out: Directive[] = [];
  COMMENTS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COMMENTS.exec(text)) !== null) {
    const groupIndex = m.slice(1).findIndex((g) => g !== undefined);
    const body = groupIndex === -1 ? '' : m[groupIndex + 1]!;
    if (!body.includes('harmlex-')) continue;
    const commentStart = m.index;
    const commentEnd = m.index + m[0].length;
    const bodyStart = m.index + m[0].indexOf(body);
    DIRECTIVE.lastIndex = 0;
    let d: RegExpExecArray | null;
    while ((d = DIRECTIVE.exec(body)) !== null) {
      const kind = d[1] as DirectiveKind;
      const at = bodyStart + d.index;
      const line = lineAt(starts, at);
      const target = kind === 'disable-next-line' ? lineAt(starts, Math.max(commentStart, commentEnd - 1)) + 1 : kind === 'disable-line' ? lineAt(starts, commentStart) : line;
      out.push({ kind, entries: parseEntries(d[2] ?? ''), line, target, offset: kind === 'disable' ? commentStart : commentEnd });
    }
  }
  return out;
}

export interface Suppressions {
  directives: Directive[];
  /** Is a finding of `entry` at this line and offset suppressed? */
  suppressed(entry: string, line: number, offset: number): boolean;
}

export function parseSuppressions(text: string): Suppressions {
  const directives = parseDirectives(text);
  const lines = directives.filter((d) => d.kind === 'disable-line' || d.kind === 'disable-next-line');
  const ranges = directives.filter((d) => d.kind === 'disable' || d.kind === 'enable').sort((a, b) => a.offset - b.offset);
  const applies = (d: Directive, entry: string) => d.entries === null || d.entries.includes(entry);
  return {
    directives,
    suppressed(entry, line, offset) {
      if (lines.some((d) => d.target === line && applies(d, entry))) return true;
      let off = false;
      for (const d of ranges) {
        if (d.offset > offset) break;
        if (applies(d, entry)) off = d.kind === 'disable';
      }
      return off;
    },
  };
}
