/**
 * Regular expressions from users (lexicon `patterns`, config `add:` entries, speaker label
 * patterns, --meta-from-path) run on RE2 semantics (the `re2js` package, pure JavaScript): matching
 * time is linear in the text by construction, whatever the pattern, so no pattern can hang a batch
 * (V8's backtracking RegExp takes seconds on `(a{1,5}){1,10}c` over 41 characters). What RE2 lacks
 * (back-references, lookahead, lookbehind) is a validation error. Pure: no I/O.
 *
 * Why re2js and not re2-wasm or the native `re2`: no native build and no WebAssembly memory to
 * manage; user patterns are few and short (the built-in lexicon has none), so its speed (about
 * 20 µs a match) costs little.
 */
import { RE2JS } from 're2js';

export const MAX_PATTERN_LENGTH = 200;

export interface LinearMatch {
  /** UTF-16 offsets of the match in the text. */
  index: number;
  end: number;
  /** Numbered groups (1..n; undefined when a group took no part). */
  groups: (string | undefined)[];
  /** Named groups (`(?<name>...)` or `(?P<name>...)`). */
  named: Record<string, string | undefined>;
}

export interface LinearOptions {
  /** `^` and `$` at line starts and ends (JavaScript's `m` flag). */
  multiline?: boolean;
  caseInsensitive?: boolean;
  /** The longest source accepted (default MAX_PATTERN_LENGTH); globs made into patterns pass Infinity. */
  maxLength?: number;
}

/**
 * The answers of linearPatternProblem so far: validation, the compiler and LinearRegex.compile all
 * ask about the same patterns, and each asking compiles the pattern. Cleared when it fills.
 */
const problems = new Map<string, string | null>();
const PROBLEMS_KEPT = 1024;

/** Why `source` cannot be compiled (in words, with a hint), or null. */
export function linearPatternProblem(source: string, options: LinearOptions = {}): string | null {
  const max = options.maxLength ?? MAX_PATTERN_LENGTH;
  if (source.length > max) return `pattern is ${source.length} characters; at most ${max} are allowed`;
  const key = `${options.multiline ? 'm' : ''}${options.caseInsensitive ? 'i' : ''}:${source}`;
  const known = problems.get(key);
  if (known !== undefined) return known;
  if (problems.size >= PROBLEMS_KEPT) problems.clear();
  const problem = re2Problem(source, options);
  problems.set(key, problem);
  return problem;
}

function re2Problem(source: string, options: LinearOptions): string | null {
  try {
    compileRe2(source, options);
    return null;
  } catch (e) {
    if (/\\[1-9]|\\k</.test(source)) return 'back-references are not supported: patterns run on a linear-time engine (RE2 syntax)';
    if (/\(\?<?[=!]/.test(source)) return 'lookahead and lookbehind are not supported: patterns run on a linear-time engine (RE2 syntax)';
    const message = (e as Error).message.replace(/^error parsing regexp: /, '');
    return `invalid regular expression (RE2 syntax): ${message}`;
  }
}

function compileRe2(source: string, options: LinearOptions): RE2JS {
  let flags = 0;
  if (options.multiline) flags |= RE2JS.MULTILINE;
  if (options.caseInsensitive) flags |= RE2JS.CASE_INSENSITIVE;
  return RE2JS.compile(source, flags);
}

/**
 * The literal words one of which every match of `source` starts with (after a leading `\b`), or
 * null when the pattern does not start so: `\b(states|stated|claims) ...` gives the three words;
 * a pattern with an alternation at its top level, an optional first group or a class first gives
 * null. Used to run a pattern only where it can start (see LinearRegex.matchAll).
 */
export function leadingLiterals(source: string): { words: string[]; boundary: boolean } | null {
  const boundary = source.startsWith('\\b');
  const words = startsOf(boundary ? source.slice(2) : source);
  return words && words.length && !words.includes('') ? { words: [...new Set(words)], boundary } : null;
}

/** The index after the group that opens at `i` (source[i] === '('), or -1. */
function groupEnd(s: string, i: number): number {
  let depth = 0;
  let inClass = false;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return -1;
}

/** The top-level alternatives of a sequence (split at `|` outside groups and classes). */
function alternatives(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

const QUANTIFIER = /^(\?|\*|\+|\{)/;
const optional = (rest: string) => /^(\?|\*|\{0)/.test(rest);

/**
 * Literal strings one of which every match of the sequence `s` starts with, or null when some
 * match may start otherwise (with a class, \w, a dot, an anchor...). A literal character followed
 * by a quantifier is not part of a prefix; an optional first element adds what follows it.
 */
function startsOf(s: string): string[] | null {
  const alts = alternatives(s);
  if (alts.length > 1) {
    const all: string[] = [];
    for (const a of alts) {
      const p = startsOf(a);
      if (!p) return null;
      all.push(...p);
    }
    return all;
  }
  if (s === '') return [''];
  if (s[0] === '(') {
    const end = groupEnd(s, 0);
    if (end === -1) return null;
    const inner = s.slice(s.startsWith('(?:') ? 3 : 1, end - 1);
    if (s[1] === '?' && !s.startsWith('(?:')) return null; // named groups, flags, lookaround
    const heads = startsOf(inner);
    const rest = s.slice(end);
    if (!heads) return null;
    if (optional(rest)) {
      const after = startsOf(rest.replace(QUANTIFIER, '').replace(/^[^}]*\}/, (m) => (rest.startsWith('{') ? '' : m)));
      return after ? [...heads.filter((h) => h !== ''), ...after] : null;
    }
    return heads;
  }
  const lit = /^[a-z0-9' -]+/.exec(s);
  if (!lit) return null;
  let prefix = lit[0];
  const rest = s.slice(prefix.length);
  if (QUANTIFIER.test(rest)) prefix = prefix.slice(0, -1); // "dragg?": the second g is optional
  return [prefix];
}

/**
 * How far after a possible start a pattern is tried: a match that reaches this far is looked for
 * again in the whole rest, so it is found whole; a match that could only succeed past it (a
 * "phrase" of over 256 characters) is not found. Lexicon patterns are phrases, and the engine's own
 * prefilter scans its whole input at every try, so the window is kept short.
 */
const START_WINDOW = 256;
const SENTENCE_END = /[.!?\n]/;

/**
 * The number of ways V8's backtracking engine can try a pattern at one start position, when that
 * number is bounded by the pattern alone, or null. Bounded when every quantifier is a `?` or a
 * `{m,n}` with n at most 64, and a repeat `{m,n}` applies to a single character, class or escape
 * (never to a group, which could match one stretch in several ways); each `?` doubles the bound and
 * each `{m,n}` multiplies it by n + 1. Such a pattern does work linear in the text, as RE2 does.
 */
export function backtrackBound(source: string): number | null {
  let bound = 1;
  let lastAtomIsGroup = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      lastAtomIsGroup = false;
    } else if (c === '[') {
      const end = source.indexOf(']', source[i + 1] === ']' ? i + 2 : i + 1);
      if (end === -1) return null;
      i = end;
      lastAtomIsGroup = false;
    } else if (c === '(') {
      if (source[i + 1] === '?' && source[i + 2] !== ':') return null; // lookaround, named groups
      lastAtomIsGroup = false;
    } else if (c === ')') lastAtomIsGroup = true;
    else if (c === '*' || c === '+') return null;
    else if (c === '?') {
      if (source[i - 1] === '?' || source[i - 1] === '}') return null; // lazy quantifiers
      bound *= 2;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (!m) return null;
      const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
      if (lastAtomIsGroup || max > 64) return null;
      bound *= max + 1;
      i += m[0].length - 1;
    } else if (c === '.' || c === '^' || c === '$') return null;
    else lastAtomIsGroup = false;
    if (bound > 100_000) return null;
  }
  return bound;
}

export class LinearRegex {
  /** The RE2 programs, compiled when first used: a run skips most patterns on most texts (scan/pattern-filter.ts), and a bounded one runs on V8 only. */
  private compiled: RE2JS | null = null;
  private compiledAnchored: RE2JS | null = null;
  private groupInfo: { count: number; names: [string, number][] } | null = null;
  /** Where a match can start (a V8 RegExp over literal words only: no backtracking to speak of); the pattern is anchored there. */
  private readonly starts: { at: RegExp } | null;
  /** The same pattern on V8's engine, when its backtracking is bounded by construction (backtrackBound). */
  private readonly bounded: RegExp | null;
  private constructor(
    readonly source: string,
    private readonly options: LinearOptions,
  ) {
    this.bounded = backtrackBound(source) === null ? null : new RegExp(source, `g${options.multiline ? 'm' : ''}${options.caseInsensitive ? 'i' : ''}`);
    const lead = options.multiline ? null : leadingLiterals(source);
    this.starts = lead ? { at: new RegExp(`${lead.boundary ? '\\b' : ''}(?:${lead.words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, `g${options.caseInsensitive ? 'i' : ''}`) } : null;
  }

  /** Compile, or throw an Error whose message is `linearPatternProblem`'s. */
  static compile(source: string, options: LinearOptions = {}): LinearRegex {
    const problem = linearPatternProblem(source, options);
    if (problem) throw new Error(problem);
    return new LinearRegex(source, options);
  }

  /**
   * A pattern that `linearPatternProblem` has already passed (in the build that wrote the built-in
   * lexicon's snapshot), without asking again: asking compiles the RE2 program, which a pattern on
   * V8 never needs. What runs is the same: a pattern runs on V8 only when backtrackBound says so.
   */
  static vetted(source: string, options: LinearOptions = {}): LinearRegex {
    return new LinearRegex(source, options);
  }

  private get re(): RE2JS {
    return (this.compiled ??= compileRe2(this.source, this.options));
  }

  private get anchored(): RE2JS {
    return (this.compiledAnchored ??= compileRe2(`^(?:${this.source})`, this.options));
  }

  private get groups(): { count: number; names: [string, number][] } {
    return (this.groupInfo ??= { count: this.re.groupCount(), names: Object.entries(this.re.namedGroups()) });
  }

  /**
   * Every non-empty, non-overlapping match, left to right. A pattern that starts with literal words
   * is tried only where one of them starts (anchored there), not scanned over the whole text: the
   * same matches (a match can start nowhere else, and RE2 picks the same one at a given start),
   * without running the pure-JavaScript engine over every character of every document, which made
   * the built-in lexicon's 54 patterns take over two minutes on the bench's medium corpus. The
   * switch `fast: false` scans the whole text (the reference the tests compare with; the two agree
   * but for a match that could only end over START_WINDOW characters after its start).
   */
  *matchAll(text: string, fast = true): Generator<LinearMatch> {
    if (fast && this.bounded) {
      const re = new RegExp(this.bounded.source, this.bounded.flags);
      // (A bounded pattern has no named groups: backtrackBound refuses `(?<`.)
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0] === '') {
          re.lastIndex++;
          continue;
        }
        const groups: (string | undefined)[] = [];
        for (let g = 1; g < m.length; g++) groups[g] = m[g];
        yield { index: m.index, end: m.index + m[0].length, groups, named: Object.create(null) as Record<string, string | undefined> };
      }
      return;
    }
    if (fast && this.starts) {
      yield* this.matchAllFromStarts(text, this.starts);
      return;
    }
    const m = this.re.matcher(text);
    while (m.find()) {
      const index = m.start();
      const end = m.end();
      if (end === index) continue; // (the matcher moves past an empty match itself)
      yield this.matchOf(m, index, end);
    }
  }

  private *matchAllFromStarts(text: string, starts: { at: RegExp }): Generator<LinearMatch> {
    const at = new RegExp(starts.at.source, starts.at.flags);
    let from = 0;
    for (let hit = at.exec(text); hit !== null; hit = at.exec(text)) {
      const p = hit.index;
      at.lastIndex = p + 1; // starts may overlap ("ab" and "b")
      if (p < from) continue;
      // The rest of the sentence (at least 64 characters, at most START_WINDOW): the engine's
      // prefilter scans its whole input at every try, so a short input keeps each try short.
      const stop = SENTENCE_END.exec(text.slice(p + 64, p + START_WINDOW));
      let windowEnd = Math.min(text.length, stop ? p + 64 + stop.index + 1 : p + START_WINDOW);
      let m = this.anchored.matcher(text.slice(p, windowEnd));
      let found = m.find();
      // A match that reaches the window's end may go on (or a \b there may not hold): look again in the whole rest.
      if (found && p + m.end() === windowEnd && windowEnd < text.length) {
        windowEnd = text.length;
        m = this.anchored.matcher(text.slice(p));
        found = m.find();
      }
      if (!found || m.end() === 0) continue;
      const match = this.matchOf(m, 0, m.end());
      yield { ...match, index: p, end: p + m.end() };
      from = p + m.end();
      at.lastIndex = Math.max(at.lastIndex, from);
    }
  }

  /** The first match, or null. */
  exec(text: string): LinearMatch | null {
    const m = this.re.matcher(text);
    return m.find() ? this.matchOf(m, m.start(), m.end()) : null;
  }

  private matchOf(m: ReturnType<RE2JS['matcher']>, index: number, end: number): LinearMatch {
    const groups: (string | undefined)[] = [];
    const { count, names } = this.groups;
    for (let g = 1; g <= count; g++) groups[g] = m.group(g) ?? undefined;
    const named: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
    for (const [name, g] of names) named[name] = groups[g];
    return { index, end, groups, named };
  }
}
