/**
 * The words a regular expression's every match must contain, read from its syntax: the prefilter
 * of lexicon patterns (scan/pattern-filter.ts), which skips a pattern on a text that lacks them.
 * Pure: no I/O.
 *
 * A "word" here is a token: a maximal run of the characters a-z and 0-9 (ASCII, lower case), or
 * two such runs with one space between them (a pair, "going through"). The answer is a list of clauses, each a list of tokens, read as "every clause has one of its tokens
 * in the text" (a conjunction of disjunctions); an empty list says nothing (run the pattern). It is
 * conservative: whenever a part of the pattern is not understood, that part adds no clause.
 *
 * Why tokens and not substrings: a text's tokens are read once, in one pass (a hash probe a
 * token), for all patterns, where substrings would cost a search each. A literal's run of a-z0-9
 * is a whole token of the text only where the pattern says what is on both sides: another
 * character of the literal that is not a-z0-9 (a space, an apostrophe), `\b` (a boundary next to a
 * letter or digit means a character that is not a word character, or the text's end, on the other
 * side), `\s`, or a class of such characters. A run at a literal's edge with nothing known beyond
 * (`[a-z ]{0,20} to` before "to": known; `\w+n't`: "n" is not known to be whole) gives no token.
 *
 * How: the classic "exact set or match" analysis (RE2's prefilter, Cox 2012 "Regular Expression
 * Matching with a Trigram Index"): each node is either a small set of the exact strings it can
 * match, or a formula its matches satisfy; a concatenation multiplies exact sets until they grow
 * past EXACT_LIMIT, then reduces them to tokens. Two marks keep what is known at the edges:
 * EDGE (a `\b`) and SEP (some character that is not a-z0-9).
 */

const EDGE = '\u0000';
const SEP = '\u0001';
/** The largest exact set kept before it is reduced to tokens. */
const EXACT_LIMIT = 64;

export interface LiteralOptions {
  caseInsensitive?: boolean;
}

/** A clause: one of these tokens is in every text the pattern matches. */
export type Clause = readonly string[];

/**
 * What a node of the pattern is known to match: an exact set of strings, or (exact null) the
 * clauses its matches satisfy, which depend on whether a separator is known just before and just
 * after it, and whether its every match starts (ends) with a separator.
 */
interface Info {
  exact: Set<string> | null;
  clausesIn: (left: boolean, right: boolean) => string[][];
  startsSep: boolean;
  endsSep: boolean;
}

const NONE = (): string[][] => [];

/** `f` remembered for each of its four arguments (a node's clauses are asked for again by the nodes around it). */
function remembered(f: (left: boolean, right: boolean) => string[][]): (left: boolean, right: boolean) => string[][] {
  const known: (string[][] | undefined)[] = [];
  return (left, right) => (known[(left ? 2 : 0) + (right ? 1 : 0)] ??= f(left, right));
}
const ANY = (): Info => ({ exact: null, clausesIn: NONE, startsSep: false, endsSep: false });
const exactOf = (...strings: string[]): Info => ({ exact: new Set(strings), clausesIn: NONE, startsSep: false, endsSep: false });

class Unsupported extends Error {}

const isTokenChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/** Is every character of `s` a separator (no a-z0-9)? Empty strings are not (they separate nothing). */
function separatorOnly(s: string): boolean {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) if (isTokenChar(s.charCodeAt(i))) return false;
  return true;
}

const startsSeparated = (set: Set<string>) => [...set].every((s) => s !== '' && !isTokenChar(s.charCodeAt(0)));
const endsSeparated = (set: Set<string>) => [...set].every((s) => s !== '' && !isTokenChar(s.charCodeAt(s.length - 1)));
const startsSepOf = (info: Info) => (info.exact ? startsSeparated(info.exact) : info.startsSep);
const endsSepOf = (info: Info) => (info.exact ? endsSeparated(info.exact) : info.endsSep);
/** The strings with a separator mark before (after) each, when one is known there. */
const edged = (set: Set<string>, left: boolean, right: boolean) => (left || right ? new Set([...set].map((s) => `${left ? SEP : ''}${s}${right ? SEP : ''}`)) : set);

/**
 * The tokens a string shows whole: its runs of a-z0-9 with a separator on both sides (a run at
 * either end of `s` is not known whole), and each two such runs with one space between them (a
 * pair, "going through": a text has it only where the two words follow each other so).
 */
function wholeRuns(s: string): string[] {
  const out: string[] = [];
  let previous: { from: number; to: number } | null = null;
  for (let i = 0; i < s.length; ) {
    if (!isTokenChar(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const from = i;
    while (i < s.length && isTokenChar(s.charCodeAt(i))) i++;
    if (from > 0 && i < s.length) {
      out.push(s.slice(from, i));
      if (previous && previous.to === from - 1 && s[from - 1] === ' ') out.push(s.slice(previous.from, i));
      previous = { from, to: i };
    } else previous = null;
  }
  return out;
}

/** Clauses every string of an exact set satisfies (its edges: as the strings carry them). */
function reduce(set: Set<string>): string[][] {
  const lists = [...set].map((s) => wholeRuns(s));
  if (lists.length === 0 || lists.some((l) => l.length === 0)) return [];
  // Tokens every string has, each a clause of its own (a word inside a pair that is one already
  // adds nothing); then, when every string has another, clauses of one of those from each string:
  // the rarest (see tokenChance), the first pair and the last pair (each string's own, so that a
  // cross product of groups gives a clause for either end).
  const counts = new Map<string, number>();
  for (const l of lists) for (const t of new Set(l)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const common = new Set([...counts].filter(([, n]) => n === lists.length).map(([t]) => t));
  const pairWords = new Set([...common].filter((t) => t.includes(' ')).flatMap((p) => p.split(' ')));
  const clauses = [...common].filter((t) => t.includes(' ') || !pairWords.has(t)).map((t) => [t]);
  const rest = lists.map((l) => l.filter((t) => !common.has(t)));
  if (rest.every((l) => l.length > 0)) {
    const picks = [rarest, (l: string[]) => l.find((t) => t.includes(' ')) ?? l[0]!, (l: string[]) => l.findLast((t) => t.includes(' ')) ?? l[l.length - 1]!];
    for (const pick of picks) clauses.push([...new Set(rest.map(pick))]);
  }
  return clauses;
}

/** The clauses of a node, given what is known just before and just after it. */
const clausesOf = (info: Info, left: boolean, right: boolean): string[][] => (info.exact ? reduce(edged(info.exact, left, right)) : info.clausesIn(left, right));

/**
 * A rough chance that a text of some hundred words has a token: short words are common, a pair is
 * rarer than either of its words. Only used to choose among clauses that are all correct.
 */
function tokenChance(t: string): number {
  const space = t.indexOf(' ');
  if (space !== -1) return tokenChance(t.slice(0, space)) * tokenChance(t.slice(space + 1)) * 0.5;
  return t.length <= 3 ? 1 : t.length === 4 ? 0.7 : t.length === 5 ? 0.5 : 0.3;
}
/** The chance that a text has one of a clause's tokens: the lower, the more a clause tells. */
function chance(c: readonly string[]): number {
  let p = 0;
  for (const t of c) p += tokenChance(t);
  return Math.min(1, p);
}
const score = (c: readonly string[]): number => -chance(c) * 1000 - c.length;
/** The token of a list least likely in a text (the longer of two as likely). */
function rarest(l: string[]): string {
  let best = l[0]!;
  let chanceOfBest = tokenChance(best);
  for (let k = 1; k < l.length; k++) {
    const p = tokenChance(l[k]!);
    if (p < chanceOfBest || (p === chanceOfBest && l[k]!.length > best.length)) [best, chanceOfBest] = [l[k]!, p];
  }
  return best;
}

/** The disjunction of nodes; when not an exact set, weakened to one clause: the best clause of each, joined. */
function either(infos: Info[]): Info {
  if (infos.every((i) => i.exact)) {
    const exact = new Set<string>();
    for (const i of infos) for (const s of i.exact!) exact.add(s);
    if (exact.size <= EXACT_LIMIT) return { ...ANY(), exact };
  }
  const clausesIn = (left: boolean, right: boolean): string[][] => {
    const joined = new Set<string>();
    for (const i of infos) {
      const cs = clausesOf(i, left, right);
      if (cs.length === 0) return [];
      for (const t of cs.reduce((a, b) => (score(b) > score(a) ? b : a))) joined.add(t);
    }
    return [[...joined]];
  };
  return { exact: null, clausesIn: remembered(clausesIn), startsSep: infos.every(startsSepOf), endsSep: infos.every(endsSepOf) };
}

/** The concatenation of nodes, left to right: an exact set while the product stays small. */
function sequence(parts: Info[]): Info {
  // Runs of single strings (the characters of a literal) joined first: the same sets, fewer products.
  const items: Info[] = [];
  for (const part of parts) {
    const last = items[items.length - 1];
    if (last?.exact?.size === 1 && part.exact?.size === 1) items[items.length - 1] = exactOf([...last.exact][0]! + [...part.exact][0]!);
    else items.push(part);
  }
  if (items.every((i) => i.exact)) {
    let cur: Set<string> | null = new Set(['']);
    for (const item of items) {
      if (cur.size * item.exact!.size > EXACT_LIMIT) {
        cur = null;
        break;
      }
      const next = new Set<string>();
      for (const a of cur) for (const b of item.exact!) next.add(a + b);
      cur = next;
    }
    if (cur) return { ...ANY(), exact: cur };
  }
  const clausesIn = (left: boolean, right: boolean): string[][] => {
    const clauses: string[][] = [];
    let cur: Set<string> | null = null;
    // Whether a separator is known just before the next item (when `cur` is empty).
    let before = left;
    items.forEach((item, k) => {
      const after = k + 1 < items.length ? startsSepOf(items[k + 1]!) : right;
      if (!item.exact) {
        if (cur) {
          before = endsSeparated(cur);
          clauses.push(...reduce(edged(cur, false, item.startsSep)));
        }
        clauses.push(...item.clausesIn(before, after));
        cur = null;
        before = item.endsSep;
      } else if (!cur) cur = edged(item.exact, before, false);
      else if (cur.size * item.exact.size <= EXACT_LIMIT) {
        const next = new Set<string>();
        for (const a of cur) for (const b of item.exact) next.add(a + b);
        cur = next;
      } else {
        // Too many strings: reduce what came so far, keeping what each side knows of the other's edge.
        clauses.push(...reduce(edged(cur, false, startsSeparated(item.exact))));
        cur = edged(item.exact, endsSeparated(cur), false);
      }
    });
    if (cur) clauses.push(...reduce(edged(cur, false, right)));
    return clauses;
  };
  return { exact: null, clausesIn: remembered(clausesIn), startsSep: items.length > 0 && startsSepOf(items[0]!), endsSep: items.length > 0 && endsSepOf(items[items.length - 1]!) };
}

/** `info` repeated between min and max times (max Infinity: unbounded). */
function repeat(info: Info, min: number, max: number): Info {
  const sep = info.exact !== null && [...info.exact].every(separatorOnly);
  if (max === 0) return exactOf('');
  if (min === 0) {
    // Separators repeated are a separator (or nothing); anything else may be skipped.
    if (sep) return exactOf('', SEP);
    if (max === 1 && info.exact) return exactOf(...info.exact, '');
    return ANY();
  }
  if (min === 1 && max === 1) return info;
  if (sep) return exactOf(SEP);
  // At least once: what one copy must contain. What follows the first copy is another copy or
  // what follows them all.
  const startsSep = startsSepOf(info);
  return { exact: null, clausesIn: remembered((left, right) => clausesOf(info, left, right && startsSep)), startsSep, endsSep: endsSepOf(info) };
}

/** A recursive-descent reader of RE2 syntax, as far as the analysis needs it. */
class Reader {
  i = 0;
  constructor(readonly s: string) {}

  alternation(): Info {
    const branches = [this.concatenation()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.concatenation());
    }
    return branches.length === 1 ? branches[0]! : either(branches);
  }

  concatenation(): Info {
    const items: Info[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') items.push(this.quantified(this.atom()));
    return sequence(items);
  }

  quantified(atom: Info): Info {
    let info = atom;
    for (;;) {
      const c = this.s[this.i];
      let min: number;
      let max: number;
      if (c === '?') [min, max] = [0, 1];
      else if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
        if (!m) throw new Unsupported('a brace that is not a repeat');
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        this.i += m[0].length - 1;
      } else return info;
      this.i++;
      if (this.s[this.i] === '?') this.i++; // lazy: the same strings
      info = repeat(info, min, max);
    }
  }

  atom(): Info {
    const c = this.s[this.i]!;
    this.i++;
    if (c === '(') {
      if (this.s[this.i] === '?') {
        if (this.s[this.i + 1] === ':') this.i += 2;
        else if (this.s.startsWith('P<', this.i + 1) || (this.s[this.i + 1] === '<' && /[A-Za-z_]/.test(this.s[this.i + 2] ?? ''))) {
          const close = this.s.indexOf('>', this.i);
          if (close === -1) throw new Unsupported('a group name without its end');
          this.i = close + 1;
        } else throw new Unsupported('flags or lookaround');
      }
      const inner = this.alternation();
      if (this.s[this.i] !== ')') throw new Unsupported('an unclosed group');
      this.i++;
      return inner;
    }
    if (c === '[') return this.characterClass();
    if (c === '\\') return this.escape();
    if (c === '.') return ANY();
    if (c === '^' || c === '$') return exactOf('');
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === ')' || c === '|') throw new Unsupported(`a misplaced ${c}`);
    return exactOf(c);
  }

  escape(): Info {
    const c = this.s[this.i];
    if (c === undefined) throw new Unsupported('a trailing backslash');
    this.i++;
    if (c === 'b') return exactOf(EDGE);
    if (c === 'B' || c === 'A' || c === 'z') return exactOf('');
    if (c === 's' || c === 'W') return exactOf(SEP);
    if (c === 'w' || c === 'S' || c === 'd' || c === 'D' || c === 'C') return ANY();
    if (c === 'p' || c === 'P') {
      if (this.s[this.i] === '{') {
        const close = this.s.indexOf('}', this.i);
        if (close === -1) throw new Unsupported('a class name without its end');
        this.i = close + 1;
      } else this.i++;
      return ANY();
    }
    const control: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
    if (control[c]) return exactOf(control[c]);
    if (/[A-Za-z0-9]/.test(c)) throw new Unsupported(`the escape \\${c}`);
    return exactOf(c);
  }

  /** A bracketed class: its characters when few, SEP when none is a-z0-9, else anything. */
  characterClass(): Info {
    const negated = this.s[this.i] === '^';
    if (negated) this.i++;
    const chars = new Set<string>();
    let unknown = false;
    let separatorsOnly = true;
    for (let first = true; ; first = false) {
      const c = this.s[this.i];
      if (c === undefined) throw new Unsupported('an unclosed class');
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      if (c === '[' && this.s[this.i + 1] === ':') throw new Unsupported('a POSIX class');
      let lo: string;
      this.i++;
      if (c === '\\') {
        const e = this.s[this.i];
        if (e === undefined) throw new Unsupported('a trailing backslash');
        this.i++;
        if (e === 's' || e === 'W') continue; // separators only
        if (e === 'w' || e === 'S' || e === 'd' || e === 'D' || e === 'p' || e === 'P') {
          if ((e === 'p' || e === 'P') && this.s[this.i] === '{') {
            const close = this.s.indexOf('}', this.i);
            if (close === -1) throw new Unsupported('a class name without its end');
            this.i = close + 1;
          } else if (e === 'p' || e === 'P') this.i++;
          unknown = true;
          separatorsOnly = false;
          continue;
        }
        const control: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
        if (control[e]) lo = control[e];
        else if (/[A-Za-z0-9]/.test(e)) throw new Unsupported(`the escape \\${e} in a class`);
        else lo = e;
      } else lo = c;
      let hi = lo;
      if (this.s[this.i] === '-' && this.s[this.i + 1] !== ']' && this.s[this.i + 1] !== undefined) {
        const h = this.s[this.i + 1]!;
        if (h === '\\' || h === '[') throw new Unsupported('a range to an escape');
        hi = h;
        this.i += 2;
      }
      const a = lo.charCodeAt(0);
      const b = hi.charCodeAt(0);
      if (b < a) throw new Unsupported('a reversed range');
      // Does the range reach a-z or 0-9?
      if ((a <= 122 && b >= 97) || (a <= 57 && b >= 48)) separatorsOnly = false;
      if (b - a > 32) unknown = true;
      else for (let k = a; k <= b; k++) chars.add(String.fromCharCode(k));
    }
    if (negated) return ANY();
    if (separatorsOnly) return exactOf(SEP);
    if (unknown || chars.size > 16) return ANY();
    return { ...ANY(), exact: chars };
  }
}

/**
 * The clauses every match of `source` satisfies: for each clause, one of its tokens (a whole run
 * of a-z0-9) is in the text. Empty when nothing is known (then the pattern must run on every text).
 */
export function requiredTokens(source: string, options: LiteralOptions = {}): Clause[] {
  // Case folding would let "K" (the Kelvin sign) or "ſ" match a literal k or s: not analysed.
  if (options.caseInsensitive) return [];
  let info: Info;
  try {
    const reader = new Reader(source);
    info = reader.alternation();
    if (reader.i !== source.length) return [];
  } catch (e) {
    if (e instanceof Unsupported) return [];
    throw e;
  }
  // Each clause once, none weaker than another (a clause that holds all of another's tokens), the
  // most telling first: a text without their words is ruled out soonest.
  const clauses = clausesOf(info, false, false).map((c) => [...new Set(c)].sort());
  const out: string[][] = [];
  for (const clause of clauses.sort((a, b) => score(b) - score(a))) {
    if (clause.length && !out.some((o) => o.every((t) => clause.includes(t)))) out.push(clause);
  }
  return out;
}
