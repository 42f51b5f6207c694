/**
 * Do mined candidates generalize? `lexicon suggest --folds K`: the excerpts are split into K folds
 * (stratified by placement, shuffled by a seed); for each fold, candidates are mined on the other
 * K-1 folds only and the fold left out is coded twice, by the base lexicon alone and by the base
 * lexicon with those candidates. Every excerpt is held out exactly once; the pooled held-out
 * predictions are scored by `evaluate` (eval's statistics: accuracy, Cohen's kappa, per-principle
 * F1, macro-F1), and the difference (with minus base) gets a 95% interval from a paired bootstrap
 * over excerpts, using agree's kappa and F1 (agreement.ts). With `repeats`, the whole K-fold run is
 * repeated with new folds and the figures with candidates (and each resample's difference) are the
 * mean over the repeats, so one lucky or unlucky split of the folds weighs less. Pure and
 * deterministic for a seed.
 */
import type { CompiledLexicon } from '../lexicon/compile.js';
import { PLACEMENTS, PRINCIPLES, type Principle } from '../types.js';
import { binaryMetrics, cohenKappa } from './agreement.js';
import type { CodedExcerpt } from './coded.js';
import { evaluate, predictExcerpt, type EvalReport, type Prediction } from './evaluate.js';
import { round } from './stats.js';
import { candidateEntries } from './suggest-lexicon.js';
import { mineCandidates, type SuggestOptions } from './suggest.js';
import { mulberry32 } from './sample.js';

export interface Figures {
  accuracy: number | null;
  kappa: number | null;
  principle_macro_f1: number | null;
  principles: Record<string, { precision: number | null; recall: number | null; f1: number | null; support: number }>;
}

export interface Difference {
  estimate: number | null;
  ci95: [number, number] | null;
}

export interface FoldReport {
  folds: number;
  /** Seed of the first fold assignment; repeat r uses seed + r - 1. */
  seed: number;
  /** Times the whole K-fold run was repeated with new folds; figures with candidates are their mean. */
  repeats: number;
  excerpts: number;
  bootstrap: number;
  base: Figures;
  with_candidates: Figures;
  difference: {
    accuracy: Difference;
    kappa: Difference;
    principle_macro_f1: Difference;
    principles: Record<string, Difference>;
  };
  per_fold: { repeat?: number; fold: number; mined_on: number; held_out: number; candidates: number; terms: string[]; base: Omit<Figures, 'principles'>; with_candidates: Omit<Figures, 'principles'> }[];
  per_repeat?: { seed: number; with_candidates: Omit<Figures, 'principles'>; difference: { accuracy: number | null; kappa: number | null; principle_macro_f1: number | null } }[];
  /** One plain sentence: do the candidates help on held-out excerpts? */
  verdict: string;
}

export interface FoldOptions {
  folds: number;
  seed: number;
  /** Bootstrap resamples (default 1000). */
  bootstrap?: number;
  /** Repeat the K-fold run with new folds (seeds seed, seed + 1, ...) and average (default 1). */
  repeats?: number;
  mine: SuggestOptions;
}

/** A small seeded generator (mulberry32, as `sample` draws): the same seed, the same folds and intervals. */
export const rng = mulberry32;

/** Fold of each excerpt: within each placement (and "uncoded"), shuffled, then dealt round the folds. */
export function assignFolds(excerpts: readonly Pick<CodedExcerpt, 'id' | 'placement'>[], k: number, seed: number): number[] {
  const next = rng(seed);
  const fold = new Array<number>(excerpts.length).fill(0);
  let deal = 0;
  for (const label of [...PLACEMENTS, undefined]) {
    const idx = excerpts.map((x, i) => [x, i] as const).filter(([x]) => x.placement === label).map(([, i]) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    for (const i of idx) fold[i] = deal++ % k;
  }
  return fold;
}

function figures(r: EvalReport): Figures {
  const principles: Figures['principles'] = {};
  for (const p of PRINCIPLES) {
    const m = r.principles[p];
    if (m.n > 0) principles[p] = { precision: m.precision, recall: m.recall, f1: m.f1, support: m.support };
  }
  return { accuracy: r.placement.accuracy, kappa: r.placement.kappa, principle_macro_f1: r.principle_macro_f1, principles };
}

const brief = ({ principles: _p, ...rest }: Figures) => rest;

/** The pooled figures of one resample, in the same definitions as `evaluate` (agree's kappa and F1). */
function resampleFigures(xs: readonly CodedExcerpt[], preds: readonly Prediction[], idx: readonly number[]) {
  const coded: string[] = [];
  const predicted: string[] = [];
  for (const i of idx) {
    if (xs[i]!.placement === undefined) continue;
    coded.push(xs[i]!.placement!);
    predicted.push(preds[i]!.placement);
  }
  const acc = coded.length ? coded.filter((c, i) => c === predicted[i]).length / coded.length : null;
  const kappa = coded.length ? cohenKappa(coded, predicted).kappa : null;
  const f1: Record<string, number | null> = {};
  for (const p of PRINCIPLES) {
    const inScope = idx.filter((i) => !xs[i]!.scope || xs[i]!.scope!.principles.includes(p));
    f1[p] = inScope.length
      ? binaryMetrics(
          inScope.map((i) => (preds[i]!.principles.includes(p) ? '1' : '0')),
          inScope.map((i) => (xs[i]!.principles.includes(p) ? '1' : '0')),
        ).f1
      : null;
  }
  const defined = PRINCIPLES.map((p) => f1[p]).filter((x): x is number => x !== null && x !== undefined);
  return { acc, kappa, macro: defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null, f1 };
}

function percentile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The mean of the defined values; null when none is. */
function meanOf(xs: readonly (number | null)[]): number | null {
  const d = xs.filter((x): x is number => x !== null);
  return d.length ? d.reduce((a, b) => a + b, 0) / d.length : null;
}

/** Figures averaged over repeats (each measure over the repeats where it is defined). */
function meanFigures(fs: readonly Figures[]): Figures {
  if (fs.length === 1) return fs[0]!;
  const principles: Figures['principles'] = {};
  for (const p of Object.keys(fs[0]!.principles)) {
    const at = fs.map((f) => f.principles[p]!);
    principles[p] = { precision: round(meanOf(at.map((x) => x.precision))), recall: round(meanOf(at.map((x) => x.recall))), f1: round(meanOf(at.map((x) => x.f1))), support: at[0]!.support };
  }
  return {
    accuracy: round(meanOf(fs.map((f) => f.accuracy))),
    kappa: round(meanOf(fs.map((f) => f.kappa))),
    principle_macro_f1: round(meanOf(fs.map((f) => f.principle_macro_f1))),
    principles,
  };
}

function diff(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

/** Mine on K-1 folds, code the fold left out with and without the candidates, K times. */
export function foldRun(excerpts: readonly CodedExcerpt[], base: CompiledLexicon, options: FoldOptions): FoldReport {
  const k = options.folds;
  const B = options.bootstrap ?? 1000;
  const R = options.repeats ?? 1;
  // The base lexicon codes every excerpt the same way whatever the folds.
  const basePreds = excerpts.map((x) => predictExcerpt(x, base, { context: false }));
  const withRuns: Prediction[][] = [];
  const perFold: FoldReport['per_fold'] = [];
  for (let r = 0; r < R; r++) {
    const fold = assignFolds(excerpts, k, options.seed + r);
    const withPreds: Prediction[] = new Array(excerpts.length);
    for (let f = 0; f < k; f++) {
      const train = excerpts.filter((_, i) => fold[i] !== f);
      const held = excerpts.map((x, i) => [x, i] as const).filter(([, i]) => fold[i] === f);
      const mined = mineCandidates(train, { ...options.mine, base });
      const { entries, compiled } = candidateEntries(mined, train, base.lexicon, { sourceLabel: `fold ${f + 1}` });
      for (const [x, i] of held) withPreds[i] = predictExcerpt(x, compiled, { context: false });
      const hx = held.map(([x]) => x);
      perFold.push({
        ...(R > 1 ? { repeat: r + 1 } : {}),
        fold: f + 1,
        mined_on: train.length,
        held_out: held.length,
        candidates: entries.length,
        terms: entries.map((e) => `${e.candidate.code}: ${e.candidate.term}`),
        base: brief(figures(evaluate(hx, held.map(([, i]) => basePreds[i]!)))),
        with_candidates: brief(figures(evaluate(hx, held.map(([, i]) => withPreds[i]!)))),
      });
    }
    withRuns.push(withPreds);
  }
  const baseFig = figures(evaluate(excerpts, basePreds));
  const withFigs = withRuns.map((w) => figures(evaluate(excerpts, w)));
  const withFig = meanFigures(withFigs);

  // Paired bootstrap over excerpts; with repeats, each resample's difference is the mean over them.
  const next = rng(options.seed ^ 0x9e3779b9);
  const acc: number[] = [];
  const kap: number[] = [];
  const mac: number[] = [];
  const per = new Map<string, number[]>(PRINCIPLES.map((p) => [p, []]));
  const n = excerpts.length;
  for (let b = 0; b < B; b++) {
    const idx = Array.from({ length: n }, () => Math.floor(next() * n));
    const o = resampleFigures(excerpts, basePreds, idx);
    const ws = withRuns.map((w) => resampleFigures(excerpts, w, idx));
    const push = (list: number[], pick: (x: ReturnType<typeof resampleFigures>) => number | null) => {
      const d = meanOf(ws.map((w) => diff(pick(w), pick(o))));
      if (d !== null) list.push(d);
    };
    push(acc, (x) => x.acc);
    push(kap, (x) => x.kappa);
    push(mac, (x) => x.macro);
    for (const p of PRINCIPLES) push(per.get(p)!, (x) => x.f1[p] ?? null);
  }
  const interval = (list: number[]): [number, number] | null => {
    if (list.length < Math.max(20, B / 2)) return null;
    const s = [...list].sort((a, b) => a - b);
    return [round(percentile(s, 0.025))!, round(percentile(s, 0.975))!];
  };
  const principles: Record<string, Difference> = {};
  for (const p of PRINCIPLES as readonly Principle[]) {
    if (!baseFig.principles[p] || (baseFig.principles[p]!.support === 0 && (withFig.principles[p]?.f1 ?? null) === null)) continue;
    principles[p] = { estimate: round(diff(withFig.principles[p]?.f1 ?? null, baseFig.principles[p]!.f1)), ci95: interval(per.get(p)!) };
  }
  const difference = {
    accuracy: { estimate: round(diff(withFig.accuracy, baseFig.accuracy)), ci95: interval(acc) },
    kappa: { estimate: round(diff(withFig.kappa, baseFig.kappa)), ci95: interval(kap) },
    principle_macro_f1: { estimate: round(diff(withFig.principle_macro_f1, baseFig.principle_macro_f1)), ci95: interval(mac) },
    principles,
  };
  const repeats = R > 1 ? withFigs.map((w, r) => ({ seed: options.seed + r, with_candidates: brief(w), difference: { accuracy: round(diff(w.accuracy, baseFig.accuracy)), kappa: round(diff(w.kappa, baseFig.kappa)), principle_macro_f1: round(diff(w.principle_macro_f1, baseFig.principle_macro_f1)) } })) : undefined;
  return { folds: k, seed: options.seed, repeats: R, excerpts: n, bootstrap: B, base: baseFig, with_candidates: withFig, difference, per_fold: perFold, ...(repeats ? { per_repeat: repeats } : {}), verdict: verdictOf(difference) };
}

function verdictOf(d: FoldReport['difference']): string {
  const says = (name: string, x: Difference) => {
    if (x.estimate === null) return null;
    if (x.ci95 && x.ci95[0] > 0) return { name, v: 'up' as const };
    if (x.ci95 && x.ci95[1] < 0) return { name, v: 'down' as const };
    return { name, v: x.estimate > 0 ? ('unsure-up' as const) : ('none' as const) };
  };
  const all = [says('placement accuracy', d.accuracy), says('kappa', d.kappa), says('principle macro-F1', d.principle_macro_f1)].filter((x) => x !== null);
  const up = all.filter((x) => x.v === 'up').map((x) => x.name);
  const down = all.filter((x) => x.v === 'down').map((x) => x.name);
  const rose = Object.entries(d.principles).filter(([, x]) => x.ci95 && x.ci95[0] > 0).map(([p]) => p);
  const fell = Object.entries(d.principles).filter(([, x]) => x.ci95 && x.ci95[1] < 0).map(([p]) => p);
  const detail = [rose.length ? ` F1 rose for ${rose.join(', ')}.` : '', fell.length ? ` F1 fell for ${fell.join(', ')}.` : ''].join('');
  return overall(up, down, all.some((x) => x.v === 'unsure-up')) + detail;
}

function overall(up: string[], down: string[], unsureUp: boolean): string {
  if (down.length) return `The candidates make held-out coding worse (${down.join(', ')}: the interval is below 0). Do not add them as they are.`;
  if (up.length) return `The candidates help on held-out excerpts: ${up.join(', ')} rose (the interval is above 0). Review them before adding any.`;
  if (unsureUp) return 'The candidates do not clearly help on held-out excerpts: every interval includes 0. Review them with care, and code more excerpts.';
  return 'The candidates do not help on held-out excerpts: no figure rose.';
}
