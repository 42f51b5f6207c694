/**
 * Term syntax -> word patterns. A term is words separated by spaces; `(a|b|)` groups give
 * alternatives (expanded here, at compile time); `word*` is a suffix wildcard; a hyphenated word
 * also yields its closed form. See docs/lexicon.md, "Term syntax".
 */
import { nextWord, normalizeText } from '../text/words.js';

export const MAX_EXPANSIONS = 256;
export const MIN_WILDCARD_PREFIX = 3;

export type WordPattern =
  | { kind: 'word'; key: string; /** the word as written, before its apostrophes were dropped */ literal: string }
  | { kind: 'prefix'; key: string };

export interface TermProblem {
  code: string;
  message: string;
}

export interface ParsedTerm {
  phrases: WordPattern[][];
  problems: TermProblem[];
}

/** Expand `(a|b)` groups at the string level. Groups do not nest. */
export function expandAlternatives(term: string): { texts: string[]; problem?: TermProblem } {
  let texts = [''];
  let i = 0;
  while (i < term.length) {
    const open = term.indexOf('(', i);
    const close = term.indexOf(')', i);
    if (close !== -1 && (open === -1 || close < open)) {
      return { texts: [], problem: { code: 'bad-term', message: `unbalanced ")" in term "${term}"` } };
    }
    if (open === -1) {
      const rest = term.slice(i);
      texts = texts.map((t) => t + rest);
      break;
    }
    const end = term.indexOf(')', open);
    if (end === -1) return { texts: [], problem: { code: 'bad-term', message: `unclosed "(" in term "${term}"` } };
    const inner = term.slice(open + 1, end);
    if (inner.includes('(')) return { texts: [], problem: { code: 'bad-term', message: `nested groups are not supported in term "${term}"` } };
    const prefix = term.slice(i, open);
    const alternatives = inner.split('|');
    if (alternatives.length < 2) {
      return { texts: [], problem: { code: 'bad-term', message: `a group needs at least two alternatives separated by "|" in term "${term}"` } };
    }
    const next: string[] = [];
    for (const t of texts) for (const a of alternatives) next.push(t + prefix + a);
    if (next.length > MAX_EXPANSIONS) {
      return { texts: [], problem: { code: 'too-many-expansions', message: `term "${term}" expands to more than ${MAX_EXPANSIONS} phrases` } };
    }
    texts = next;
    i = end + 1;
  }
  if (term.includes('|') && !/\([^)]*\|/.test(term)) {
    return { texts: [], problem: { code: 'bad-term', message: `"|" outside a (group) in term "${term}"` } };
  }
  return { texts };
}

const PLAIN_TERM = /^[a-z0-9'\s*,/&"-]*$/;

/** One expanded phrase -> word patterns (and, for hyphenated words, the closed-form variant). */
function phraseVariants(text: string): { variants: WordPattern[][]; problem?: TermProblem } {
  const low = normalizeText(text);
  const words: { pattern: WordPattern; hyphenJoinsNext: boolean }[] = [];
  let pos = 0;
  for (;;) {
    const w = nextWord(low, pos);
    if (!w) break;
    const star = low.charCodeAt(w.end) === 42; /* '*' */
    if (star) {
      if (w.key.length < MIN_WILDCARD_PREFIX) {
        return { variants: [], problem: { code: 'short-wildcard', message: `wildcard "${w.key}*" needs at least ${MIN_WILDCARD_PREFIX} letters before "*"` } };
      }
      words.push({ pattern: { kind: 'prefix', key: w.key }, hyphenJoinsNext: false });
    } else {
      words.push({ pattern: { kind: 'word', key: w.key, literal: low.slice(w.start, w.end) }, hyphenJoinsNext: low[w.end] === '-' && /^-\p{L}/u.test(low.slice(w.end, w.end + 2)) });
    }
    pos = w.end + (star ? 1 : 0);
  }
  // Most terms are plain ASCII: test that cheaply before the Unicode-aware check.
  const rest = PLAIN_TERM.test(low) ? '' : low.replace(/[\p{L}\p{N}\p{M}'\s*,/&"-]/gu, '');
  if (rest.length > 0) {
    return { variants: [], problem: { code: 'bad-term', message: `term "${text}" contains characters that never match inside a phrase: ${JSON.stringify([...new Set(rest)].join(''))}` } };
  }
  if (words.length === 0) return { variants: [], problem: { code: 'empty-term', message: 'a term has no words' } };
  const split = words.map((w) => w.pattern);
  const variants = [split];
  if (words.some((w) => w.hyphenJoinsNext)) {
    // The closed form: non-judgmental -> nonjudgmental.
    const closed: WordPattern[] = [];
    for (let i = 0; i < words.length; i++) {
      let p = words[i]!.pattern;
      while (words[i]!.hyphenJoinsNext && i + 1 < words.length && p.kind === 'word') {
        const next = words[i + 1]!.pattern;
        p = next.kind === 'word' ? { kind: 'word', key: p.key + next.key, literal: p.literal + next.literal } : { kind: 'prefix', key: p.key + next.key };
        i++;
      }
      closed.push(p);
    }
    variants.push(closed);
  }
  return { variants };
}

const parsedTerms = new Map<string, ParsedTerm>();

/**
 * Parse a term into every word-pattern sequence it stands for. Memoized: validation and compiling
 * both parse every term, and a large lexicon has tens of thousands. The result is shared: do not
 * modify it.
 */
export function parseTerm(term: string): ParsedTerm {
  let parsed = parsedTerms.get(term);
  if (!parsed) {
    parsed = parseTermUncached(term);
    if (parsedTerms.size >= 100_000) parsedTerms.clear();
    parsedTerms.set(term, parsed);
  }
  return parsed;
}

function parseTermUncached(term: string): ParsedTerm {
  const problems: TermProblem[] = [];
  if (term.trim() === '') return { phrases: [], problems: [{ code: 'empty-term', message: 'a term is empty' }] };
  const { texts, problem } = expandAlternatives(term);
  if (problem) return { phrases: [], problems: [problem] };
  const phrases: WordPattern[][] = [];
  const seen = new Set<string>();
  let hadEmpty = false;
  for (const t of texts) {
    if (t.trim() === '') {
      hadEmpty = true;
      continue;
    }
    const { variants, problem: p } = phraseVariants(t);
    if (p) {
      problems.push(p);
      continue;
    }
    for (const v of variants) {
      const k = phraseKey(v);
      if (!seen.has(k)) {
        seen.add(k);
        phrases.push(v);
      }
    }
  }
  if (hadEmpty) problems.push({ code: 'empty-term', message: `term "${term}" can expand to an empty phrase` });
  return { phrases, problems };
}

/** A string identifying a phrase, for duplicate detection. */
export function phraseKey(phrase: readonly WordPattern[], stemOf?: (w: string) => string): string {
  return phrase.map((p) => (p.kind === 'prefix' ? `${p.key}*` : stemOf ? `~${stemOf(p.key)}` : p.key)).join(' ');
}

// ───────────────────────────── named word classes (sets) ─────────────────────────────

/** Named word classes of a lexicon: `patients: [them, patients, people]`, used as `<patients>`. */
export type WordSets = Readonly<Record<string, readonly string[]>>;

const SET_REF = /<([a-z][a-z0-9_-]*)>/g;

/** The set names a term refers to, in order. */
export function setRefs(text: string): string[] {
  return [...text.matchAll(SET_REF)].map((m) => m[1]!);
}

/** A set's members as flat phrases: their own `(a|b)` groups expanded, spacing normalized, duplicates dropped. */
export function flattenSet(members: readonly string[]): { members: string[]; problem?: TermProblem } {
  const out: string[] = [];
  for (const m of members) {
    if (/[<>]/.test(m)) return { members: [], problem: { code: 'bad-set', message: `set member "${m}" uses a set; sets do not nest` } };
    const { texts, problem } = expandAlternatives(m);
    if (problem) return { members: [], problem };
    for (const t of texts) {
      const x = t.trim().replace(/\s+/g, ' ');
      if (!out.includes(x)) out.push(x);
    }
  }
  return { members: out };
}

const flatCache = new WeakMap<WordSets, Map<string, string[] | TermProblem>>();

function setMembers(sets: WordSets, name: string): string[] | TermProblem {
  let cache = flatCache.get(sets);
  if (!cache) flatCache.set(sets, (cache = new Map()));
  let got = cache.get(name);
  if (got === undefined) {
    const raw = Object.hasOwn(sets, name) ? sets[name] : undefined;
    if (!raw) {
      const names = Object.keys(sets);
      got = { code: 'unknown-set', message: `no set named "${name}"${names.length ? ` (sets: ${names.join(', ')})` : ' (the lexicon defines no sets)'}` };
    } else {
      const f = flattenSet(raw);
      got = f.problem ?? f.members;
    }
    cache.set(name, got);
  }
  return got;
}

/**
 * Replace `<name>` references with the set's members: outside a group as a group of its own
 * (`care for <patients>` -> `care for (them|patients|people)`), inside a group as more alternatives
 * (`(see|<patients>)` -> `(see|them|patients|people)`). The result is ordinary term syntax.
 */
export function expandSets(term: string, sets: WordSets): { text: string; problem?: TermProblem } {
  if (!term.includes('<')) return { text: term };
  let problem: TermProblem | undefined;
  const members = (name: string): string[] => {
    const m = setMembers(sets, name);
    if (Array.isArray(m)) return m;
    problem ??= m;
    return [];
  };
  const substitute = (alt: string): string[] => {
    const ref = /<([a-z][a-z0-9_-]*)>/.exec(alt);
    if (!ref) return [alt];
    const out: string[] = [];
    for (const m of members(ref[1]!)) {
      for (const rest of substitute(alt.slice(ref.index + ref[0].length))) {
        out.push(alt.slice(0, ref.index) + m + rest);
        if (out.length > MAX_EXPANSIONS) {
          problem ??= { code: 'too-many-expansions', message: `term "${term}" expands to more than ${MAX_EXPANSIONS} phrases` };
          return out;
        }
      }
    }
    return out;
  };
  let out = '';
  let i = 0;
  while (i < term.length) {
    const open = term.indexOf('(', i);
    const outside = term.slice(i, open === -1 ? term.length : open);
    out += outside.replace(SET_REF, (_, name: string) => {
      const m = members(name);
      return m.length === 1 ? m[0]! : `(${m.join('|')})`;
    });
    if (open === -1) break;
    const close = term.indexOf(')', open);
    if (close === -1) {
      out += term.slice(open); // unbalanced: expandAlternatives says so
      break;
    }
    const alternatives = term.slice(open + 1, close).split('|').flatMap(substitute);
    out += `(${alternatives.join('|')})`;
    i = close + 1;
  }
  if (problem) return { text: term, problem: { ...problem, message: `${problem.message}, in "${term}"` } };
  return { text: out };
}

/** Parse a term of a lexicon with sets. */
export function parseTermWith(term: string, sets: WordSets | undefined): ParsedTerm {
  if (!sets || !term.includes('<')) return parseTerm(term);
  const { text, problem } = expandSets(term, sets);
  if (problem) return { phrases: [], problems: [problem] };
  return parseTerm(text);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * `<name>` in a pattern (a regular expression): a non-capturing group of the set's members, their
 * words separated by any white space, a `*` wildcard as any letters. Named groups `(?<x>` and
 * back-references `\k<x>` are left alone.
 */
export function expandSetsInPattern(pattern: string, sets: WordSets | undefined): { text: string; problem?: TermProblem } {
  if (!sets || !pattern.includes('<')) return { text: pattern };
  let problem: TermProblem | undefined;
  const text = pattern.replace(/(?<![?\\k])<([a-z][a-z0-9_-]*)>/g, (_, name: string) => {
    const m = setMembers(sets, name);
    if (!Array.isArray(m)) {
      problem ??= m;
      return '';
    }
    return `(?:${m.map((x) => x.split(' ').map((w) => (w.endsWith('*') ? `${escapeRe(w.slice(0, -1))}[\\p{L}\\p{N}']*` : escapeRe(w))).join('\\s+')).join('|')})`;
  });
  return problem ? { text: pattern, problem } : { text };
}
