/**
 * `harmlex lexicon suggest`, the mining core: which word n-grams mark one code of a team's coded
 * excerpts. Pure: takes excerpts, a compiled base lexicon and a background; no files, no printing.
 *
 * For each code (each principle, `antithetical`, `stigma`), the excerpts with the code are compared
 * with the excerpts without it by the weighted log-odds ratio with an informative Dirichlet prior
 * (Monroe, Colaresi and Quinn 2008, "Fightin' words", Political Analysis 16(4):372-403):
 *
 *   delta_w = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w)) - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
 *   var(delta_w) ~ 1 / (y_wi + a_w) + 1 / (y_wj + a_w)          z_w = delta_w / sqrt(var)
 *
 * where y_wi is how often n-gram w occurs in the code's excerpts, n_i how many n-grams of w's length
 * they hold (j: the other excerpts), and a_w = a_0 * pi_w the prior. pi_w mixes the n-gram's share of
 * all the coded excerpts with its share of a general-English background (the Brown corpus, unigrams
 * and bigrams), with equal weight; a_0 = `priorStrength` x the number of n-grams of that length in
 * the excerpts. Words frequent in general English so get a large prior and are shrunk toward no
 * difference; n-grams of 3 and 4 words, or without a background, have the coded excerpts' own prior.
 *
 * Left out: n-grams made only of stop words; those in fewer than `minDocs` of the code's excerpts;
 * those the base lexicon already matches (a base match overlaps at least half their occurrences);
 * those with z below `minZ`. An n-gram goes to one code only (its highest z). Candidates are then
 * kept best first, each only if it occurs in new sentences: of "own ship", "her own ship" and "she
 * steers", which always come together, only the first is kept (the others add no coverage).
 */
import type { CompiledLexicon } from '../lexicon/compile.js';
import { scanText } from '../scan/scan.js';
import { PRINCIPLES } from '../types.js';
import type { CodedExcerpt } from './coded.js';
import { backgroundShare, type Background } from './background.js';
import { englishStopWords, ngrams, tokenizeSentences, type Sentence } from './ngrams.js';

/** The codes candidates are mined for. */
export const SUGGEST_CODES = [...PRINCIPLES, 'antithetical', 'stigma'] as const;
export type SuggestCode = (typeof SUGGEST_CODES)[number];

/** What the miner needs of a coded excerpt. */
export type SuggestExcerpt = Pick<CodedExcerpt, 'id' | 'text' | 'placement' | 'principles' | 'categories' | 'stigmaTerms' | 'scope'>;

export interface ExcerptCodes {
  /** The codes the excerpt has. */
  has: Set<SuggestCode>;
  /** The codes it was coded for (has or has not); an excerpt not coded for a code is in neither group. */
  coded: Set<SuggestCode>;
}

/**
 * The codes of an excerpt: its principles; `antithetical` when in its categories, or, for an excerpt
 * not coded for categories, when placed antithetical or mixed; `stigma` when in its categories (a
 * row without categories has it when it lists stigma terms: see coded.ts).
 */
export function codesOf(x: SuggestExcerpt): ExcerptCodes {
  const has = new Set<SuggestCode>(x.principles);
  const coded = new Set<SuggestCode>(x.scope ? x.scope.principles : PRINCIPLES);
  const cats = x.scope ? x.scope.categories : ['stigma', 'antithetical'];
  if (cats.includes('antithetical')) {
    coded.add('antithetical');
    if (x.categories.includes('antithetical')) has.add('antithetical');
  } else if (x.placement !== undefined) {
    coded.add('antithetical');
    if (x.placement === 'antithetical' || x.placement === 'mixed') has.add('antithetical');
  }
  if (cats.includes('stigma')) {
    coded.add('stigma');
    if (x.categories.includes('stigma')) has.add('stigma');
  }
  return { has, coded };
}

export interface SuggestOptions {
  /** Longest n-gram, in words (default 4). */
  maxN?: number;
  /** Shortest n-gram proposed, in words (default 1). */
  minN?: number;
  /** An n-gram must occur in at least this many of the code's excerpts (default 3). */
  minDocs?: number;
  /** Candidates kept per code (default 10). */
  top?: number;
  /** Smallest z-score kept (default 1.96). */
  minZ?: number;
  /** a_0 as a multiple of the n-gram count of the excerpts (default 1). */
  priorStrength?: number;
  /** The general-English prior; without it the prior is the coded excerpts' own counts. */
  background?: Background | null;
  /** The base lexicon: n-grams it already matches are left out. */
  base?: CompiledLexicon | null;
  /** Share of an n-gram's occurrences a base match must overlap for it to be left out (default 0.5). */
  coveredShare?: number;
  /**
   * A candidate whose sentences (in the code's excerpts) are at least this share among the sentences
   * of better candidates of the same code adds nothing and is left out (default 0.8).
   */
  redundantShare?: number;
}

/** The log-odds ratio of Monroe et al. (2008) for one n-gram. */
export interface LogOdds {
  delta: number;
  variance: number;
  z: number;
}

export function logOddsDirichlet(yi: number, ni: number, yj: number, nj: number, alpha: number, alpha0: number): LogOdds {
  const delta = Math.log((yi + alpha) / (ni + alpha0 - yi - alpha)) - Math.log((yj + alpha) / (nj + alpha0 - yj - alpha));
  const variance = 1 / (yi + alpha) + 1 / (yj + alpha);
  return { delta, variance, z: delta / Math.sqrt(variance) };
}

export interface SentenceRef {
  /** Index of the excerpt in the input. */
  excerpt: number;
  /** [start, end) of the sentence in the excerpt's text. */
  start: number;
  end: number;
}

export interface Candidate {
  code: SuggestCode;
  /** Stems joined by one space. */
  gram: string;
  n: number;
  /** The most frequent written form, lower-cased: the term a lexicon entry would have. */
  term: string;
  z: number;
  delta: number;
  /** Occurrences and excerpts with the code, and without it. */
  inCode: { count: number; docs: number; of: number };
  outside: { count: number; docs: number; of: number };
  /** The first sentence holding the n-gram in each excerpt with the code, and in each without it. */
  inSentences: SentenceRef[];
  outSentences: SentenceRef[];
}

export interface Excluded {
  code: SuggestCode;
  gram: string;
  term: string;
  z: number;
  reason: 'base-lexicon' | 'other-code' | 'redundant';
}

export interface CodeResult {
  code: SuggestCode;
  /** Excerpts with the code, and without it. */
  docs: number;
  rest: number;
  candidates: Candidate[];
}

export interface MineResult {
  codes: CodeResult[];
  /** N-grams that ranked but were left out, with why (for reports and tests). */
  excluded: Excluded[];
}

interface GramStats {
  n: number;
  total: number;
  /** Occurrences by excerpt index. */
  perDoc: Map<number, number>;
  /** First sentence per excerpt. */
  firstSentence: Map<number, number>;
  surfaces: Map<string, number>;
  covered: number;
}

interface Tokenized {
  sentences: Sentence[];
}

/** Rank candidate n-grams for every code. */
export function mineCandidates(excerpts: readonly SuggestExcerpt[], options: SuggestOptions = {}): MineResult {
  const maxN = options.maxN ?? 4;
  const minN = options.minN ?? 1;
  const minDocs = options.minDocs ?? 3;
  const top = options.top ?? 10;
  const minZ = options.minZ ?? 1.96;
  const strength = options.priorStrength ?? 1;
  const coveredShare = options.coveredShare ?? 0.5;
  const redundantShare = options.redundantShare ?? 0.8;
  const stop = englishStopWords();

  const codes = excerpts.map(codesOf);
  const stats = new Map<string, GramStats>();
  /** n-grams of each length, per excerpt (stop-word-only ones included: they are part of n_i). */
  const lengths: number[][] = excerpts.map(() => new Array<number>(maxN).fill(0));
  const tokenized: Tokenized[] = [];

  // Pass 1: in how many excerpts each n-gram occurs (cheap), so that full statistics are kept only
  // for those that can reach --min-docs: memory follows the candidates, not the corpus's vocabulary.
  const df = new Map<string, number>();
  const isStopOnly = (tokens: Sentence['tokens'], first: number, n: number) => {
    for (let k = first; k < first + n; k++) if (!stop.has(tokens[k]!.key)) return false;
    return true;
  };
  excerpts.forEach((x, xi) => {
    const sentences = tokenizeSentences(x.text);
    tokenized.push({ sentences });
    const seen = new Set<string>();
    for (const g of ngrams(sentences, maxN)) {
      lengths[xi]![g.n - 1]!++;
      if (seen.has(g.gram) || isStopOnly(sentences[g.sentence]!.tokens, g.first, g.n)) continue;
      seen.add(g.gram);
      df.set(g.gram, (df.get(g.gram) ?? 0) + 1);
    }
  });

  // Pass 2: counts per excerpt, written forms, first sentences and base-lexicon overlap of the rest.
  excerpts.forEach((x, xi) => {
    const { sentences } = tokenized[xi]!;
    let spans: (readonly [number, number])[] | null = null;
    for (const g of ngrams(sentences, maxN)) {
      if ((df.get(g.gram) ?? 0) < minDocs) continue;
      spans ??= options.base ? scanText(x.text, options.base, { context: false }).map((m) => [m.start, m.end] as const) : [];
      let s = stats.get(g.gram);
      if (!s) stats.set(g.gram, (s = { n: g.n, total: 0, perDoc: new Map(), firstSentence: new Map(), surfaces: new Map(), covered: 0 }));
      s.total++;
      s.perDoc.set(xi, (s.perDoc.get(xi) ?? 0) + 1);
      if (!s.firstSentence.has(xi)) s.firstSentence.set(xi, g.sentence);
      s.surfaces.set(g.surface, (s.surfaces.get(g.surface) ?? 0) + 1);
      if (spans.some(([a, b]) => a < g.end && g.start < b)) s.covered++;
    }
  });

  const N = new Array<number>(maxN).fill(0);
  for (const l of lengths) for (let k = 0; k < maxN; k++) N[k]! += l[k]!;

  const excluded: Excluded[] = [];
  const ranked: Candidate[] = [];
  const perCode: CodeResult[] = [];
  for (const code of SUGGEST_CODES) {
    const inGroup = codes.map((c) => c.has.has(code));
    const inScope = codes.map((c) => c.coded.has(code));
    const docs = inGroup.filter(Boolean).length;
    const rest = inScope.filter((x, i) => x && !inGroup[i]).length;
    perCode.push({ code, docs, rest, candidates: [] });
    if (docs === 0 || rest === 0) continue;
    // n-grams of each length with the code (i), and without it among the excerpts coded for it (j).
    const ni = new Array<number>(maxN).fill(0);
    const nScope = new Array<number>(maxN).fill(0);
    lengths.forEach((l, xi) => {
      if (inGroup[xi]) for (let k = 0; k < maxN; k++) ni[k]! += l[k]!;
      if (inScope[xi]) for (let k = 0; k < maxN; k++) nScope[k]! += l[k]!;
    });
    for (const [gram, s] of stats) {
      let yi = 0;
      let di = 0;
      let yj = 0;
      let dj = 0;
      for (const [xi, c] of s.perDoc) {
        if (inGroup[xi]) {
          yi += c;
          di++;
        } else if (inScope[xi]) {
          yj += c;
          dj++;
        }
      }
      if (di < minDocs || s.n < minN) continue;
      const k = s.n - 1;
      const nj = nScope[k]! - ni[k]!;
      const bg = options.background && s.n <= options.background.totals.length ? backgroundShare(options.background, gram, s.n) : null;
      const pi = bg === null ? s.total / N[k]! : (s.total / N[k]! + bg) / 2;
      const alpha0 = strength * N[k]!;
      const lo = logOddsDirichlet(yi, ni[k]!, yj, nj, alpha0 * pi, alpha0);
      if (lo.z < minZ) continue;
      const term = mostFrequent(s.surfaces);
      if (s.covered >= coveredShare * s.total) {
        excluded.push({ code, gram, term, z: lo.z, reason: 'base-lexicon' });
        continue;
      }
      const inSentences: SentenceRef[] = [];
      const outSentences: SentenceRef[] = [];
      for (const [xi, si] of s.firstSentence) {
        const sen = tokenized[xi]!.sentences[si]!;
        if (inGroup[xi]) inSentences.push({ excerpt: xi, start: sen.start, end: sen.end });
        else if (inScope[xi]) outSentences.push({ excerpt: xi, start: sen.start, end: sen.end });
      }
      ranked.push({
        code,
        gram,
        n: s.n,
        term,
        z: lo.z,
        delta: lo.delta,
        inCode: { count: yi, docs: di, of: docs },
        outside: { count: yj, docs: dj, of: rest },
        inSentences,
        outSentences,
      });
    }
  }

  // Best first; ties: the shorter n-gram (it generalizes further), then the n-gram.
  ranked.sort((a, b) => b.z - a.z || a.n - b.n || (a.gram < b.gram ? -1 : a.gram > b.gram ? 1 : 0) || SUGGEST_CODES.indexOf(a.code) - SUGGEST_CODES.indexOf(b.code));
  const owner = new Map<string, SuggestCode>();
  /** Per code, the sentences ("excerpt:start") the kept candidates occur in. */
  const covered = new Map<SuggestCode, Set<string>>();
  const byCode = new Map<SuggestCode, Candidate[]>(perCode.map((c) => [c.code, c.candidates]));
  for (const c of ranked) {
    const list = byCode.get(c.code)!;
    if (owner.has(c.gram)) {
      excluded.push({ code: c.code, gram: c.gram, term: c.term, z: c.z, reason: 'other-code' });
      continue;
    }
    owner.set(c.gram, c.code); // an n-gram belongs to the code it marks most, kept there or not
    if (list.length >= top) continue;
    const seen = covered.get(c.code) ?? new Set<string>();
    const mine = c.inSentences.map((r) => `${r.excerpt}:${r.start}`);
    if (mine.filter((k) => seen.has(k)).length >= redundantShare * mine.length) {
      excluded.push({ code: c.code, gram: c.gram, term: c.term, z: c.z, reason: 'redundant' });
      continue;
    }
    for (const k of mine) seen.add(k);
    covered.set(c.code, seen);
    list.push(c);
  }
  return { codes: perCode, excluded };
}

function mostFrequent(m: Map<string, number>): string {
  let best = '';
  let n = -1;
  for (const [k, v] of m) if (v > n || (v === n && k < best)) [best, n] = [k, v];
  return best;
}
