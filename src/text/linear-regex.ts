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
}

/** Why `source` cannot be compiled (in words, with a hint), or null. */
export function linearPatternProblem(source: string, options: LinearOptions = {}): string | null {
  if (source.length > MAX_PATTERN_LENGTH) return `pattern is ${source.length} characters; at most ${MAX_PATTERN_LENGTH} are allowed`;
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

export class LinearRegex {
  private readonly groupCount: number;
  private readonly names: [string, number][];
  private constructor(
    private readonly re: RE2JS,
    readonly source: string,
  ) {
    this.groupCount = re.groupCount();
    this.names = Object.entries(re.namedGroups());
  }

  /** Compile, or throw an Error whose message is `linearPatternProblem`'s. */
  static compile(source: string, options: LinearOptions = {}): LinearRegex {
    const problem = linearPatternProblem(source, options);
    if (problem) throw new Error(problem);
    return new LinearRegex(compileRe2(source, options), source);
  }

  /** Every non-empty, non-overlapping match, left to right. */
  *matchAll(text: string): Generator<LinearMatch> {
    const m = this.re.matcher(text);
    while (m.find()) {
      const index = m.start();
      const end = m.end();
      if (end === index) continue; // (the matcher moves past an empty match itself)
      yield this.matchOf(m, index, end);
    }
  }

  /** The first match, or null. */
  exec(text: string): LinearMatch | null {
    const m = this.re.matcher(text);
    return m.find() ? this.matchOf(m, m.start(), m.end()) : null;
  }

  private matchOf(m: ReturnType<RE2JS['matcher']>, index: number, end: number): LinearMatch {
    const groups: (string | undefined)[] = [];
    for (let g = 1; g <= this.groupCount; g++) groups[g] = m.group(g) ?? undefined;
    const named: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
    for (const [name, g] of this.names) named[name] = groups[g];
    return { index, end, groups, named };
  }
}
