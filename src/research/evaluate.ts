/**
 * How far to trust harmlex on a team's coded excerpts: harmlex codes every excerpt with the pure
 * core (scan, then score) and its codes are compared with the people's. Pure; the statistics are
 * `agree`'s (agreement.ts: Cohen's kappa with its 95% CI, precision/recall/F1, the confusion matrix;
 * stats.ts: Wilson intervals for proportions), so the two commands cannot disagree on a formula.
 *
 * - placement: accuracy (share of excerpts placed as coded) with a Wilson 95% interval, the confusion
 *   matrix (rows: the coders' placement, columns: harmlex's), Cohen's kappa with its 95% CI, and
 *   precision/recall/F1 per placement;
 * - principles and categories (stigma, antithetical, structural): per code precision, recall and F1
 *   over excerpts (an excerpt has the code or not; harmlex has it when a counted match of it is in
 *   the excerpt; a stigma match is also antithetical evidence, as in the framework's antithetical
 *   code), and the macro-F1 over the six principles (the mean of the defined F1s);
 * - stigma terms: a coded stigma term is found when a counted stigma match overlaps one of its
 *   occurrences in the text (case and spacing ignored); a term that does not occur in its text is a
 *   coding error, listed and left out of the recall;
 * - traps (not_stigma_terms): flagged when a counted stigma or antithetical match overlaps one;
 * - disagreements: every excerpt where any of the above differs, with harmlex's evidence;
 * - miss stages: for every code the coders gave and harmlex did not (a principle, a category, or a
 *   side of the placement), how far harmlex got (see `MissStage`), summed over the excerpts: what a
 *   lexicon author should work on (new words, a proximity rule's other part, a context rule).
 */
import { countEvidence, scoreEvidence } from '../score/score.js';
import { findCandidates, scanTextCounted, type Candidate } from '../scan/scan.js';
import type { CompiledLexicon } from '../lexicon/compile.js';
import { PLACEMENTS, PRINCIPLES, type Match, type Placement, type Principle } from '../types.js';
import { binaryMetrics, cohenKappa, confusionMatrix, type Confusion } from './agreement.js';
import { CODED_CATEGORIES, type CodedExcerpt } from './coded.js';
import { round, wilson } from './stats.js';

/**
 * How far harmlex got towards a code it missed, the furthest stage reached by any entry of the code:
 * - `no-candidate`: no phrase of the code's entries is in the text (the words are not in the lexicon);
 * - `proximity-incomplete`: a proximity rule's anchor is there, but not a phrase of every other list;
 * - `context-rule`: a phrase was found and dropped by its `exceptions`, `requires` or `unless`;
 * - `negated`, `mention`, `attributed`: found and kept as evidence, not counted for that reason;
 * - `below-threshold`: counted, but under the lexicon's placement threshold (a side of the placement).
 */
export const MISS_STAGES = ['no-candidate', 'proximity-incomplete', 'context-rule', 'negated', 'mention', 'attributed', 'below-threshold'] as const;
export type MissStage = (typeof MISS_STAGES)[number];

/** The codes a stage is worked out for: the principles, the categories and the two sides of a placement. */
type StageCode = Principle | 'stigma' | 'antithetical' | 'structural' | 'relational-side' | 'antithetical-side';

/** harmlex's codes for one excerpt, with the matches they come from. */
export interface Prediction {
  id: string;
  placement: Placement;
  continuum: number | null;
  principles: Principle[];
  categories: string[];
  matches: Match[];
  /** For each code harmlex does not have, how far it got (with `diagnose`). */
  stages?: Partial<Record<StageCode, MissStage>>;
}

/** Scan and score one excerpt with the pure core (no speaker labels: an excerpt is one voice). */
export function predictExcerpt(excerpt: Pick<CodedExcerpt, 'id' | 'text'>, compiled: CompiledLexicon, options: { context?: boolean; diagnose?: boolean } = {}): Prediction {
  const { matches, words } = scanTextCounted(excerpt.text, compiled, { context: options.context ?? true });
  const scores = scoreEvidence(countEvidence(matches, words), compiled.lexicon.settings.placement);
  // The coders' antithetical code is the framework's (framework.md): stigmatizing language about
  // people is part of it, so a counted stigma match is antithetical evidence too.
  const has = (c: string) => matches.some((m) => m.counted && (m.category === c || (c === 'antithetical' && m.category === 'stigma')));
  const categories = CODED_CATEGORIES.filter(has);
  const principles = PRINCIPLES.filter((p) => scores.principles[p] > 0);
  return {
    id: excerpt.id,
    placement: scores.placement,
    continuum: scores.continuum,
    principles,
    categories,
    matches,
    ...(options.diagnose ? { stages: missStages(excerpt.text, compiled, matches, principles, categories, scores.placement) } : {}),
  };
}

/** The furthest stage of the candidates and matches of one code (none: `no-candidate`). */
function furthest(candidates: readonly Candidate[], matches: readonly Match[], counted: boolean): MissStage {
  if (counted) return 'below-threshold';
  if (matches.some((m) => m.attributed)) return 'attributed';
  if (matches.some((m) => m.mention)) return 'mention';
  if (matches.some((m) => m.negated)) return 'negated';
  if (candidates.some((c) => c.dropped !== null && !c.dropped.startsWith('near'))) return 'context-rule';
  if (candidates.some((c) => c.dropped?.startsWith('near'))) return 'proximity-incomplete';
  return 'no-candidate';
}

/** For each code harmlex does not have, how far it got: the candidates before context rules, and the matches kept. */
function missStages(text: string, compiled: CompiledLexicon, matches: readonly Match[], principles: readonly Principle[], categories: readonly string[], placement: Placement): Partial<Record<StageCode, MissStage>> {
  const candidates = findCandidates(text, compiled);
  const entryOf = (c: Candidate) => compiled.entries[c.entry]!.entry;
  const stage = (isCode: (x: { category: string; principle?: string | null }) => boolean, counted: boolean) =>
    furthest(
      candidates.filter((c) => isCode(entryOf(c))),
      matches.filter((m) => isCode(m)),
      counted,
    );
  const out: Partial<Record<StageCode, MissStage>> = {};
  for (const p of PRINCIPLES) if (!principles.includes(p)) out[p] = stage((x) => x.principle === p, false);
  const antithetical = (x: { category: string }) => x.category === 'antithetical' || x.category === 'stigma';
  for (const c of CODED_CATEGORIES) {
    if (categories.includes(c)) continue;
    out[c as 'stigma' | 'antithetical' | 'structural'] = stage(c === 'antithetical' ? antithetical : (x) => x.category === c, false);
  }
  const relational = (x: { category: string; principle?: string | null }) => x.category === 'principle' || (x.principle ?? null) !== null;
  if (placement === 'no-evidence' || placement === 'antithetical') out['relational-side'] = stage(relational, matches.some((m) => m.counted && relational(m)));
  if (placement === 'no-evidence' || placement === 'relational') out['antithetical-side'] = stage(antithetical, matches.some((m) => m.counted && antithetical(m)));
  return out;
}

export interface CodeMetrics {
  /** Excerpts coded for this code. */
  n: number;
  /** Excerpts the coders gave the code. */
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Wilson 95% interval of the recall. */
  recall_ci95: [number, number] | null;
}

export interface PlacementMetrics {
  n: number;
  correct: number;
  /** Share of excerpts placed as coded, 0..1. */
  accuracy: number | null;
  accuracy_ci95: [number, number] | null;
  kappa: number | null;
  kappa_ci95: [number, number] | null;
  kappa_note?: string;
  /** Rows: the coders' placement; columns: harmlex's. */
  confusion: Confusion;
  per_placement: Record<string, { support: number; precision: number | null; recall: number | null; f1: number | null }>;
}

export interface TermHit {
  id: string;
  term: string;
  /** The entries of the matches over the term (traps), or none (missed stigma terms). */
  entries: string[];
}

export interface Disagreement {
  id: string;
  /** The excerpt's text; empty with `context: false` (--no-context). */
  text: string;
  /** What differs: placement, a principle's name, a category, `stigma-term`, `trap`. */
  differs: string[];
  coded: { placement: Placement | null; principles: Principle[]; categories: string[] };
  predicted: { placement: Placement; principles: Principle[]; categories: string[] };
  missed_terms: string[];
  flagged_traps: string[];
  /** For each code the coders gave and harmlex missed, how far harmlex got (with diagnosing predictions). */
  missed_stages: { code: string; stage: MissStage }[];
  evidence: EvidenceItem[];
  meta: Record<string, string>;
}

export interface EvidenceItem {
  entry: string;
  category: string;
  principle: string | null;
  text: string;
  start: number;
  end: number;
  counted: boolean;
  negated: boolean;
  mention: boolean;
  attributed: boolean;
  cue: string | null;
}

export interface EvalReport {
  excerpts: number;
  placement: PlacementMetrics;
  principles: Record<Principle, CodeMetrics>;
  /** Mean F1 of the principles whose F1 is defined; null when none is. */
  principle_macro_f1: number | null;
  categories: Record<string, CodeMetrics>;
  stigma_terms: { coded: number; found: number; recall: number | null; recall_ci95: [number, number] | null; missed: TermHit[]; not_in_text: TermHit[] };
  traps: { coded: number; flagged: number; list: TermHit[]; not_in_text: TermHit[] };
  /** Off-diagonal cells of the confusion matrix, largest first. */
  worst_confusions: { coded: string; predicted: string; count: number }[];
  /**
   * Missed codes by how far harmlex got (see `MissStage`): per code the coders gave and harmlex did
   * not, summed over excerpts; `relational` and `antithetical` are the sides of a missed placement.
   * Empty without diagnosing predictions.
   */
  miss_stages: Record<string, Partial<Record<MissStage, number>>>;
  disagreements: Disagreement[];
}

function normalizeForFind(s: string): { low: string; map: number[] } {
  // Lower case, runs of white space as one space; `map` gives each character's offset in `s`.
  let low = '';
  const map: number[] = [];
  let space = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      if (!space && low.length) {
        low += ' ';
        map.push(i);
      }
      space = true;
      continue;
    }
    space = false;
    const l = c.toLowerCase().replace(/[\u2018\u2019]/g, "'");
    low += l.length === 1 ? l : c;
    map.push(i);
  }
  return { low, map };
}

/** Every [start, end) where `term` occurs in `text` (case and spacing ignored), at word boundaries. */
export function termSpans(text: string, term: string): [number, number][] {
  const t = normalizeForFind(term).low.trim();
  if (!t) return [];
  const { low, map } = normalizeForFind(text);
  const out: [number, number][] = [];
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let i = low.indexOf(t); i !== -1; i = low.indexOf(t, i + 1)) {
    const j = i + t.length;
    if (isWord(t[0]) && isWord(low[i - 1])) continue;
    if (isWord(t[t.length - 1]) && isWord(low[j])) continue;
    out.push([map[i]!, map[j - 1]! + 1]);
  }
  return out;
}

function overlaps(spans: readonly [number, number][], m: Pick<Match, 'start' | 'end'>): boolean {
  return spans.some(([s, e]) => m.start < e && s < m.end);
}

function codeMetrics(pairs: readonly [boolean, boolean][]): CodeMetrics {
  const m = binaryMetrics(
    pairs.map(([, predicted]) => (predicted ? '1' : '0')),
    pairs.map(([coded]) => (coded ? '1' : '0')),
  );
  const support = m.tp + m.fn;
  const ci = wilson(m.tp, support);
  return { n: pairs.length, support, tp: m.tp, fp: m.fp, fn: m.fn, precision: round(m.precision), recall: round(m.recall), f1: round(m.f1), recall_ci95: ci ? [round(ci[0])!, round(ci[1])!] : null };
}

function evidenceOf(m: Match): EvidenceItem {
  return {
    entry: m.entry,
    category: m.category,
    principle: m.principle,
    text: m.text,
    start: m.start,
    end: m.end,
    counted: m.counted,
    negated: m.negated,
    mention: m.mention,
    attributed: (m as Match & { attributed?: boolean }).attributed === true,
    cue: m.cue,
  };
}

/**
 * Compare predictions with the coded excerpts (matched by id; an excerpt without a prediction is
 * an error of the caller). Excerpts without a placement are left out of the placement figures only.
 */
export function evaluate(excerpts: readonly CodedExcerpt[], predictions: readonly Prediction[], options: { context?: boolean } = {}): EvalReport {
  const withText = options.context ?? true;
  const byId = new Map(predictions.map((p) => [p.id, p]));
  const pairs = excerpts.map((e) => {
    const p = byId.get(e.id);
    if (!p) throw new Error(`evaluate: no prediction for excerpt "${e.id}"`);
    return [e, p] as const;
  });

  // Placement.
  const placed = pairs.filter(([e]) => e.placement !== undefined);
  const coded = placed.map(([e]) => e.placement!);
  const predicted = placed.map(([, p]) => p.placement);
  const correct = placed.filter(([e, p]) => e.placement === p.placement).length;
  const k = cohenKappa(coded, predicted);
  const confusion = confusionMatrix(coded, predicted, PLACEMENTS);
  const accCi = wilson(correct, placed.length);
  const per_placement: PlacementMetrics['per_placement'] = {};
  for (const label of confusion.labels) {
    const m = binaryMetrics(
      predicted.map((x) => (x === label ? '1' : '0')),
      coded.map((x) => (x === label ? '1' : '0')),
    );
    per_placement[label] = { support: m.tp + m.fn, precision: round(m.precision), recall: round(m.recall), f1: round(m.f1) };
  }
  const placement: PlacementMetrics = {
    n: placed.length,
    correct,
    accuracy: placed.length ? round(correct / placed.length) : null,
    accuracy_ci95: accCi ? [round(accCi[0])!, round(accCi[1])!] : null,
    kappa: round(k.kappa),
    kappa_ci95: k.ci ? [round(k.ci[0])!, round(k.ci[1])!] : null,
    ...(k.note ? { kappa_note: k.note } : {}),
    confusion,
    per_placement,
  };

  // Principles and categories, over the excerpts coded for each.
  const inScope = (e: CodedExcerpt, kind: 'principles' | 'categories', code: string) => !e.scope || (e.scope[kind] as string[]).includes(code);
  const principles = {} as Record<Principle, CodeMetrics>;
  for (const p of PRINCIPLES) principles[p] = codeMetrics(pairs.filter(([e]) => inScope(e, 'principles', p)).map(([e, x]) => [e.principles.includes(p), x.principles.includes(p)]));
  const f1s = PRINCIPLES.map((p) => principles[p].f1).filter((f): f is number => f !== null);
  const categories: Record<string, CodeMetrics> = {};
  for (const c of CODED_CATEGORIES) categories[c] = codeMetrics(pairs.filter(([e]) => inScope(e, 'categories', c)).map(([e, x]) => [e.categories.includes(c), x.categories.includes(c)]));

  // Stigma terms and traps.
  const missed: TermHit[] = [];
  const termsNotInText: TermHit[] = [];
  const flagged: TermHit[] = [];
  const trapsNotInText: TermHit[] = [];
  let termsCoded = 0;
  let termsFound = 0;
  let trapsCoded = 0;
  const disagreements: Disagreement[] = [];
  const missStageTotals: Record<string, Partial<Record<MissStage, number>>> = {};
  for (const [e, p] of pairs) {
    const missedHere: string[] = [];
    const flaggedHere: string[] = [];
    for (const term of e.stigmaTerms) {
      const spans = termSpans(e.text, term);
      if (!spans.length) {
        termsNotInText.push({ id: e.id, term, entries: [] });
        continue;
      }
      termsCoded++;
      if (p.matches.some((m) => m.counted && m.category === 'stigma' && overlaps(spans, m))) termsFound++;
      else {
        missed.push({ id: e.id, term, entries: [] });
        missedHere.push(term);
      }
    }
    for (const term of e.notStigmaTerms) {
      const spans = termSpans(e.text, term);
      if (!spans.length) {
        trapsNotInText.push({ id: e.id, term, entries: [] });
        continue;
      }
      trapsCoded++;
      const over = p.matches.filter((m) => m.counted && (m.category === 'stigma' || m.category === 'antithetical') && overlaps(spans, m));
      if (over.length) {
        flagged.push({ id: e.id, term, entries: [...new Set(over.map((m) => m.entry))] });
        flaggedHere.push(term);
      }
    }
    const differs: string[] = [];
    if (e.placement !== undefined && e.placement !== p.placement) differs.push('placement');
    for (const q of PRINCIPLES) if (inScope(e, 'principles', q) && e.principles.includes(q) !== p.principles.includes(q)) differs.push(q);
    for (const c of CODED_CATEGORIES) if (inScope(e, 'categories', c) && e.categories.includes(c) !== p.categories.includes(c)) differs.push(c);
    if (missedHere.length) differs.push('stigma-term');
    if (flaggedHere.length) differs.push('trap');
    const missedStages: Disagreement['missed_stages'] = [];
    if (p.stages) {
      const codedMissed: [string, StageCode][] = [
        ...PRINCIPLES.filter((q) => inScope(e, 'principles', q) && e.principles.includes(q) && !p.principles.includes(q)).map((q) => [q, q] as [string, StageCode]),
        ...CODED_CATEGORIES.filter((c) => inScope(e, 'categories', c) && e.categories.includes(c) && !p.categories.includes(c)).map((c) => [c, c as StageCode] as [string, StageCode]),
      ];
      if (e.placement !== undefined && e.placement !== p.placement) {
        if ((e.placement === 'relational' || e.placement === 'mixed') && p.stages['relational-side']) codedMissed.push(['placement: relational', 'relational-side']);
        if ((e.placement === 'antithetical' || e.placement === 'mixed') && p.stages['antithetical-side']) codedMissed.push(['placement: antithetical', 'antithetical-side']);
      }
      for (const [code, key] of codedMissed) {
        const stage = p.stages[key];
        if (!stage) continue;
        missedStages.push({ code, stage });
        (missStageTotals[code] ??= {})[stage] = (missStageTotals[code]![stage] ?? 0) + 1;
      }
    }
    if (differs.length) {
      disagreements.push({
        id: e.id,
        text: withText ? e.text : '',
        differs,
        coded: { placement: e.placement ?? null, principles: e.principles, categories: e.categories },
        predicted: { placement: p.placement, principles: p.principles, categories: p.categories },
        missed_terms: missedHere,
        flagged_traps: flaggedHere,
        missed_stages: missedStages,
        evidence: p.matches.map((m) => (withText ? evidenceOf(m) : { ...evidenceOf(m), text: '' })),
        meta: e.meta,
      });
    }
  }
  const termCi = wilson(termsFound, termsCoded);
  const worst: EvalReport['worst_confusions'] = [];
  confusion.labels.forEach((row, i) =>
    confusion.labels.forEach((col, j) => {
      const count = confusion.matrix[i]![j]!;
      if (i !== j && count > 0) worst.push({ coded: row, predicted: col, count });
    }),
  );
  worst.sort((a, b) => b.count - a.count || PLACEMENTS.indexOf(a.coded as Placement) - PLACEMENTS.indexOf(b.coded as Placement) || PLACEMENTS.indexOf(a.predicted as Placement) - PLACEMENTS.indexOf(b.predicted as Placement));

  return {
    excerpts: pairs.length,
    placement,
    principles,
    principle_macro_f1: f1s.length ? round(f1s.reduce((a, b) => a + b, 0) / f1s.length) : null,
    categories,
    stigma_terms: { coded: termsCoded, found: termsFound, recall: termsCoded ? round(termsFound / termsCoded) : null, recall_ci95: termCi ? [round(termCi[0])!, round(termCi[1])!] : null, missed, not_in_text: termsNotInText },
    traps: { coded: trapsCoded, flagged: flagged.length, list: flagged, not_in_text: trapsNotInText },
    worst_confusions: worst,
    miss_stages: missStageTotals,
    disagreements,
  };
}
