/**
 * Scores: counts first, then the documented formula (README, "How scores are computed").
 *
 *   R = sum of weights of counted principle matches               (relational evidence)
 *   A = sum of weights of counted stigma and antithetical matches (antithetical evidence)
 *   continuum = (R - A) / (R + A), or null when R + A = 0
 *   placement: relational if R >= relational_min, antithetical if A >= antithetical_min;
 *              both -> mixed (unless the smaller side's share is under mixed_min_share, then the
 *              larger side); neither -> no-evidence.
 * Structural mentions are scored and reported, but kept out of the continuum: naming naloxone is
 * not the same as treating a patient with dignity.
 */
import { PRINCIPLES, type DocumentScores, type Match, type Placement, type PlacementSettings, type Principle, type ScoreKey } from '../types.js';

export interface Evidence {
  words: number;
  /** Weighted sums. */
  scores: Record<ScoreKey, number>;
  /** Numbers of counted matches. */
  counts: Record<ScoreKey, number>;
  principles: Record<Principle, number>;
}

const zero = (): Record<ScoreKey, number> => ({ relational: 0, antithetical: 0, stigma: 0, structural: 0 });

/** Every principle at 0, in PRINCIPLES order (a literal: an object built from entries is slow to copy and to serialize; a test holds the keys to PRINCIPLES). */
export function emptyPrinciples(): Record<Principle, number> {
  return { humanism: 0, pragmatism: 0, individualism: 0, autonomy: 0, incrementalism: 0, accountability: 0 };
}

/** Matches of one kind, counted but not kept (past a document's match cap). */
export interface CountedMatches {
  category: Match['category'];
  principle: Match['principle'];
  counted: boolean;
  weight: number;
  n: number;
}

/** Step 1: counts and weighted sums of the counted matches. */
export function countEvidence(matches: readonly Match[], words: number, more: readonly CountedMatches[] = []): Evidence {
  const scores = zero();
  const counts = zero();
  const principles = emptyPrinciples();
  const add = (m: Pick<Match, 'category' | 'principle' | 'counted' | 'weight'>, n: number) => {
    if (!m.counted) return;
    switch (m.category) {
      case 'principle':
        scores.relational += m.weight * n;
        counts.relational += n;
        if (m.principle) principles[m.principle] += n;
        break;
      case 'stigma':
        scores.stigma += m.weight * n;
        counts.stigma += n;
        scores.antithetical += m.weight * n;
        counts.antithetical += n;
        break;
      case 'antithetical':
        scores.antithetical += m.weight * n;
        counts.antithetical += n;
        break;
      case 'structural':
        scores.structural += m.weight * n;
        counts.structural += n;
        break;
    }
  };
  for (const m of matches) add(m, 1);
  // Matches past a document's cap, tallied by kind (scan.ts, maxMatches).
  for (const m of more) add(m, m.n);
  return { words, scores, counts, principles };
}

/** Add evidence (for speakers' turns or grouped documents). */
export function addEvidence(a: Evidence, b: Evidence): Evidence {
  const sum = (x: Record<string, number>, y: Record<string, number>) => Object.fromEntries(Object.keys(x).map((k) => [k, x[k]! + (y[k] ?? 0)]));
  return {
    words: a.words + b.words,
    scores: sum(a.scores, b.scores) as Record<ScoreKey, number>,
    counts: sum(a.counts, b.counts) as Record<ScoreKey, number>,
    principles: sum(a.principles, b.principles) as Record<Principle, number>,
  };
}

export function emptyEvidence(): Evidence {
  return { words: 0, scores: zero(), counts: zero(), principles: emptyPrinciples() };
}

const round = (x: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function placeEvidence(relational: number, antithetical: number, settings: PlacementSettings): Placement {
  const hasR = relational >= settings.relational_min;
  const hasA = antithetical >= settings.antithetical_min;
  if (hasR && hasA) {
    const share = Math.min(relational, antithetical) / (relational + antithetical);
    if (share >= settings.mixed_min_share) return 'mixed';
    return relational > antithetical ? 'relational' : 'antithetical';
  }
  if (hasR) return 'relational';
  if (hasA) return 'antithetical';
  return 'no-evidence';
}

/** Step 2: the formula. */
export function scoreEvidence(e: Evidence, settings: PlacementSettings): DocumentScores {
  const R = e.scores.relational;
  const A = e.scores.antithetical;
  const rate = (n: number) => (e.words > 0 ? round((n * 1000) / e.words, 3) : 0);
  return {
    words: e.words,
    placement: placeEvidence(R, A, settings),
    continuum: R + A > 0 ? round((R - A) / (R + A)) : null,
    scores: { relational: round(R), antithetical: round(A), stigma: round(e.scores.stigma), structural: round(e.scores.structural) },
    counts: { ...e.counts },
    rates: { relational: rate(e.counts.relational), antithetical: rate(e.counts.antithetical), stigma: rate(e.counts.stigma), structural: rate(e.counts.structural) },
    principles: { ...e.principles },
    principles_present: PRINCIPLES.filter((p) => e.principles[p] > 0).length,
  };
}

export function scoreMatches(matches: readonly Match[], words: number, settings: PlacementSettings): DocumentScores {
  return scoreEvidence(countEvidence(matches, words), settings);
}
