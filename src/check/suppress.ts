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

export const DIRECTIVE_KINDS = ['disable-next-line', 'disable-line', 'disable', 'enable'] as const;
export type DirectiveKind = (typeof DIRECTIVE_KINDS)[number];

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
  /** Offset of the directive's own text (for reporting it). */
  at: number;
  /** Words before ` -- ` that are not entry ids (`reason:`), or that may name no entry: checked against the lexicon. */
  words?: string[];
  /** The reason after ` -- `, if any. */
  reason?: string;
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

function parseEntries(rest: string): { entries: string[] | null; words: string[]; reason: string } {
  const [body = '', ...after] = rest.split(/\s--(?:\s|$)/);
  const words = body
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !/^(-->|#\}|\*\/|-?%\}|~?\}\})$/.test(s));
  const ids = words.filter((s) => ENTRY_ID.test(s));
  return { entries: ids.length ? ids : null, words, reason: after.join(' -- ').replace(/(-->|#\}|\*\/)\s*$/, '').trim() };
}

/** The comments of a text that mention `harmlex-`: their bodies and where each body starts. */
export function harmlexComments(text: string): { body: string; bodyStart: number; commentStart: number; commentEnd: number }[] {
  if (!text.includes('harmlex-')) return [];
  const out: { body: string; bodyStart: number; commentStart: number; commentEnd: number }[] = [];
  COMMENTS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COMMENTS.exec(text)) !== null) {
    const groupIndex = m.slice(1).findIndex((g) => g !== undefined);
    const body = groupIndex === -1 ? '' : m[groupIndex + 1]!;
    if (!body.includes('harmlex-')) continue;
    out.push({ body, bodyStart: m.index + m[0].indexOf(body), commentStart: m.index, commentEnd: m.index + m[0].length });
  }
  return out;
}

export function parseDirectives(text: string): Directive[] {
  if (!text.includes('harmlex-')) return [];
  const starts = lineStarts(text);
  const out: Directive[] = [];
  for (const { body, bodyStart, commentStart, commentEnd } of harmlexComments(text)) {
    DIRECTIVE.lastIndex = 0;
    let d: RegExpExecArray | null;
    while ((d = DIRECTIVE.exec(body)) !== null) {
      const kind = d[1] as DirectiveKind;
      const at = bodyStart + d.index;
      const line = lineAt(starts, at);
      const target = kind === 'disable-next-line' ? lineAt(starts, Math.max(commentStart, commentEnd - 1)) + 1 : kind === 'disable-line' ? lineAt(starts, commentStart) : line;
      const { entries, words, reason } = parseEntries(d[2] ?? '');
      out.push({ kind, entries, line, target, offset: kind === 'disable' ? commentStart : commentEnd, at, words, ...(reason ? { reason } : {}) });
    }
  }
  return out;
}

export interface Suppressions {
  directives: Directive[];
  /** Is a finding of `entry` at this line and offset suppressed? Marks the directive as used. */
  suppressed(entry: string, line: number, offset: number): boolean;
  /** Disable directives that suppressed nothing so far. */
  unused(): Directive[];
}

export function parseSuppressions(text: string): Suppressions {
  const directives = parseDirectives(text);
  const lines = directives.filter((d) => d.kind === 'disable-line' || d.kind === 'disable-next-line');
  const ranges = directives.filter((d) => d.kind === 'disable' || d.kind === 'enable').sort((a, b) => a.offset - b.offset);
  const applies = (d: Directive, entry: string) => d.entries === null || d.entries.includes(entry);
  const used = new Set<Directive>();
  return {
    directives,
    suppressed(entry, line, offset) {
      const byLine = lines.find((d) => d.target === line && applies(d, entry));
      if (byLine) {
        used.add(byLine);
        return true;
      }
      let off: Directive | null = null;
      for (const d of ranges) {
        if (d.offset > offset) break;
        if (applies(d, entry)) off = d.kind === 'disable' ? d : null;
      }
      if (off) used.add(off);
      return off !== null;
    },
    unused() {
      return directives.filter((d) => d.kind !== 'enable' && !used.has(d));
    },
  };
}
