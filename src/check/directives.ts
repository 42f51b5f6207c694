/**
 * Suppression comments that cannot be mistyped silently. A comment that mentions `harmlex-` but is
 * not a directive harmlex understands would otherwise suppress nothing and say nothing (ESLint
 * reports such comments the same way). Each problem carries the right form, so the message is the
 * fix. Pure.
 */
import type { Finding } from './findings.js';
import { DIRECTIVE_KINDS, harmlexComments, type Directive } from './suppress.js';

/** The rule id of these findings, like ESLint's `eslint-comments/...`: not a lexicon entry. */
export const INVALID_DIRECTIVE = 'harmlex/invalid-directive';

export interface DirectiveProblem {
  /** Offset of the mistyped text in the document. */
  at: number;
  /** Its length. */
  length: number;
  message: string;
}

const RIGHT_FORM = 'harmlex-disable-next-line [entry ...] -- reason';
/** A `harmlex-word` that opens a comment body or one of its lines: meant as a directive. */
const ANY_DIRECTIVE = /(^|[\r\n])([ \t*]*)(harmlex-[A-Za-z-]*)/g;

function closest(word: string): string {
  // A cheap edit distance: enough to turn "disabel-line" into "disable-line".
  const distance = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length]!;
  };
  return [...DIRECTIVE_KINDS].sort((x, y) => distance(word, x) - distance(word, y))[0]!;
}

/**
 * Problems with the `harmlex-` comments of a text: words that are not directives, directives that
 * name entries the lexicon does not have (often a reason written without ` -- `), and, when
 * `requireReason` is set, disable directives without a reason.
 */
export function directiveProblems(
  text: string,
  directives: readonly Directive[],
  comments: readonly { body: string; bodyStart: number }[],
  knownEntries: ReadonlySet<string>,
  options: { requireReason?: boolean } = {},
): DirectiveProblem[] {
  const problems: DirectiveProblem[] = [];
  const understood = new Set(directives.map((d) => d.at));
  for (const c of comments) {
    ANY_DIRECTIVE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = ANY_DIRECTIVE.exec(c.body)) !== null) {
      const word = m[3]!;
      const at = c.bodyStart + m.index + m[1]!.length + m[2]!.length;
      if (understood.has(at)) continue;
      const kind = word.slice('harmlex-'.length);
      problems.push({
        at,
        length: word.length,
        message: `"${word}" is not a harmlex directive; did you mean "harmlex-${closest(kind)}"? The form is "${RIGHT_FORM}"`,
      });
    }
  }
  for (const d of directives) {
    const name = `harmlex-${d.kind}`;
    const unknown = (d.words ?? []).filter((w) => !knownEntries.has(w));
    const known = (d.words ?? []).filter((w) => knownEntries.has(w));
    const reason = unknown.filter((w, i) => i > 0 || !/^reason:?$/i.test(w)).join(' ');
    if (unknown.length) {
      problems.push({
        at: d.at,
        length: name.length,
        message: `the directive "${name}" names ${unknown.map((w) => `"${w}"`).join(', ')}, which ${unknown.length === 1 ? 'is not an entry id' : 'are not entry ids'}, so it suppresses nothing; write a reason after " -- ": "${[name, ...known].join(' ')} -- ${reason || 'reason'}"`,
      });
    } else if (options.requireReason && d.kind !== 'enable' && !d.reason) {
      problems.push({ at: d.at, length: name.length, message: `the directive "${name}" has no reason, and the config requires one: "${RIGHT_FORM}"` });
    }
  }
  return problems.sort((a, b) => a.at - b.at);
}

/** A finding about a comment (a mistyped or unused directive): a warning at the comment's text. */
export function commentFinding(file: string, text: string, at: number, length: number, entry: string, shownText: string, message: string): Finding {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1) lineEnd = text.length;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  const column = at - lineStart + 1;
  return {
    file,
    line,
    column,
    endLine: line,
    endColumn: column + length,
    start: at,
    end: at + length,
    entry,
    category: 'suppression',
    principle: null,
    severity: 'warning',
    problem: true,
    text: shownText,
    message,
    suggest: [],
    lineText: text.slice(lineStart, lineEnd).replace(/\r$/, ''),
  };
}

/** Findings (rule `harmlex/invalid-directive`) for the mistyped `harmlex-` comments of a text. */
export function invalidDirectiveFindings(
  file: string,
  text: string,
  directives: readonly Directive[],
  knownEntries: ReadonlySet<string>,
  options: { requireReason?: boolean } = {},
): Finding[] {
  return directiveProblems(text, directives, harmlexComments(text), knownEntries, options).map((p) =>
    commentFinding(file, text, p.at, p.length, INVALID_DIRECTIVE, text.slice(p.at, p.at + p.length), p.message),
  );
}
