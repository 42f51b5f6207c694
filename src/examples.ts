/**
 * Lexicon examples as tests: every entry's `examples.match` sentences must yield a counted,
 * non-negated match of that entry, and its `examples.no_match` sentences must yield none. Pure: the
 * compiled lexicon in, failures (with what matched instead) and coverage out.
 *
 * A negated match that an entry turns into principle evidence (`negation: {becomes: ...}`) is not a
 * match of the entry itself, so "we never discharge anyone" is a fine `no_match` for a discharge entry.
 */
import { findCandidates, scanText } from './scan/scan.js';
import { PRINCIPLES, type Match, type Principle } from './types.js';
import type { CompiledLexicon } from './lexicon/compile.js';

export interface ExampleHit {
  entry: string;
  text: string;
  counted: boolean;
  negated: boolean;
  cue: string | null;
}

export interface ExampleFailure {
  entry: string;
  kind: 'match' | 'no_match';
  sentence: string;
  /** Why it failed, in a sentence. */
  reason: string;
  /** Every match the sentence produced (any entry). */
  matched: ExampleHit[];
  /** For a failed `match`: candidates of this entry that a rule dropped, with the rule. */
  dropped: string[];
  /** Where the entry is defined, when known. */
  origin?: { file: string; line: number; column: number };
}

export interface ExamplesCoverage {
  entries: number;
  sentences: number;
  /** Entries (not principle-negation only) without any `match` example. */
  withoutMatchExamples: string[];
  /** Principle -> number of principle entries, for principles with fewer than `minIndicators`. */
  thinPrinciples: { principle: Principle; entries: number }[];
}

export interface ExamplesResult {
  failures: ExampleFailure[];
  coverage: ExamplesCoverage;
}

/** A principle with fewer indicator entries than this is reported as thinly covered. */
export const MIN_PRINCIPLE_INDICATORS = 3;

const isOwn = (m: Match, id: string) => m.entry === id && m.counted && !m.negated;

function hit(m: Match): ExampleHit {
  return { entry: m.entry, text: m.text, counted: m.counted, negated: m.negated, cue: m.cue };
}

export function describeHit(h: ExampleHit): string {
  const how = h.negated ? (h.counted ? `negated by "${h.cue}", counted as principle evidence` : `negated by "${h.cue}", not counted`) : h.counted ? 'counted' : 'not counted';
  return `${h.entry} on "${h.text}" (${how})`;
}

export function runExamples(compiled: CompiledLexicon, options: { minIndicators?: number } = {}): ExamplesResult {
  const failures: ExampleFailure[] = [];
  let sentences = 0;
  const withoutMatchExamples: string[] = [];
  const indexOf = new Map(compiled.entries.map((ce, i) => [ce.entry.id, i]));

  for (const ce of compiled.entries) {
    const e = ce.entry;
    const origin = e.origin ? { origin: e.origin } : {};
    if (e.examples.match.length === 0) withoutMatchExamples.push(e.id);
    for (const sentence of e.examples.match) {
      sentences++;
      const matches = scanText(sentence, compiled, { context: false });
      if (matches.some((m) => isOwn(m, e.id))) continue;
      const own = matches.filter((m) => m.entry === e.id);
      const reason = own.length
        ? `matched "${own[0]!.text}" but it was negated by "${own[0]!.cue}"`
        : matches.length
          ? 'no match of this entry; other entries matched instead'
          : 'nothing matched';
      const self = indexOf.get(e.id);
      const dropped = findCandidates(sentence, compiled)
        .filter((c) => c.entry === self && c.dropped !== null)
        .map((c) => `"${sentence.slice(c.start, c.end)}" dropped by ${c.dropped}`);
      failures.push({ entry: e.id, kind: 'match', sentence, reason, matched: matches.map(hit), dropped, ...origin });
    }
    for (const sentence of e.examples.no_match) {
      sentences++;
      const matches = scanText(sentence, compiled, { context: false });
      const own = matches.filter((m) => isOwn(m, e.id));
      if (own.length === 0) continue;
      failures.push({
        entry: e.id,
        kind: 'no_match',
        sentence,
        reason: `matched ${own.map((m) => `"${m.text}"`).join(', ')} although it should not`,
        matched: matches.map(hit),
        dropped: [],
        ...origin,
      });
    }
  }

  const min = options.minIndicators ?? MIN_PRINCIPLE_INDICATORS;
  const perPrinciple = new Map<Principle, number>(PRINCIPLES.map((p) => [p, 0]));
  for (const ce of compiled.entries) {
    const p = ce.entry.category === 'principle' ? ce.entry.principle : undefined;
    if (p) perPrinciple.set(p, (perPrinciple.get(p) ?? 0) + 1);
  }
  const hasPrinciples = [...perPrinciple.values()].some((n) => n > 0);
  const thinPrinciples = hasPrinciples ? PRINCIPLES.filter((p) => perPrinciple.get(p)! < min).map((p) => ({ principle: p, entries: perPrinciple.get(p)! })) : [];

  return { failures, coverage: { entries: compiled.entries.length, sentences, withoutMatchExamples, thinPrinciples } };
}
