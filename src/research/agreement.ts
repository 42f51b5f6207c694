/**
 * Agreement between coders (harmlex or people) on document-level codes: percent agreement, Cohen's
 * kappa with a 95% confidence interval, precision/recall/F1 against a reference coder, and the
 * confusion matrix of nominal codes (placement). Pure.
 *
 * Formulas (README, "Research workflow"), for n items coded by both coders, p_ij the share of items
 * coder A put in category i and coder B in category j, p_i. and p_.j the marginal shares:
 *   p_o = sum_i p_ii                               (observed agreement)
 *   p_e = sum_i p_i. * p_.i                        (agreement expected by chance)
 *   kappa = (p_o - p_e) / (1 - p_e)                (Cohen 1960)
 *   Var(kappa) = ( sum_i p_ii [1 - (p_i. + p_.i)(1 - kappa)]^2
 *                 + (1 - kappa)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
 *                 - [kappa - p_e (1 - kappa)]^2 ) / ( n (1 - p_e)^2 )
 *     the large-sample variance of Fleiss, Cohen & Everitt (1969, Psychological Bulletin 72:323),
 *   95% CI = kappa +/- 1.96 sqrt(Var), clipped to [-1, 1] (a Wald interval; rough for small n).
 * When p_e = 1 (both coders used one and the same category for every item) kappa is 0/0: it is
 * reported as null with a note, never as NaN. Precision = TP / (TP + FP), recall = TP / (TP + FN),
 * F1 = 2TP / (2TP + FP + FN), each null when its denominator is 0.
 */
import { round, wilson } from './stats.js';

export const Z95 = 1.959964;

export interface KappaResult {
  n: number;
  /** Observed agreement, a proportion 0..1. */
  agreement: number | null;
  expected: number | null;
  kappa: number | null;
  se: number | null;
  ci: [number, number] | null;
  note?: string;
}

/** Cohen's kappa for paired labels (items where either label is missing are left out by the caller). */
export function cohenKappa(a: readonly string[], b: readonly string[]): KappaResult {
  const n = a.length;
  if (n !== b.length) throw new Error('cohenKappa: label lists differ in length');
  if (n === 0) return { n, agreement: null, expected: null, kappa: null, se: null, ci: null, note: 'no items coded by both' };
  const cats = [...new Set([...a, ...b])].sort();
  const idx = new Map(cats.map((c, i) => [c, i]));
  const k = cats.length;
  const p = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let t = 0; t < n; t++) p[idx.get(a[t]!)!]![idx.get(b[t]!)!]! += 1 / n;
  const row = p.map((r) => r.reduce((x, y) => x + y, 0));
  const col = cats.map((_, j) => p.reduce((x, r) => x + r[j]!, 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    po += p[i]![i]!;
    pe += row[i]! * col[i]!;
  }
  if (Math.abs(1 - pe) < 1e-12) {
    return { n, agreement: po, expected: pe, kappa: null, se: null, ci: null, note: `kappa not defined: both coders used only "${cats[0]}" (chance agreement is 1)` };
  }
  const kappa = (po - pe) / (1 - pe);
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < k; i++) {
    t1 += p[i]![i]! * (1 - (row[i]! + col[i]!) * (1 - kappa)) ** 2;
    for (let j = 0; j < k; j++) if (i !== j) t2 += p[i]![j]! * (col[i]! + row[j]!) ** 2;
  }
  const variance = Math.max(0, (t1 + (1 - kappa) ** 2 * t2 - (kappa - pe * (1 - kappa)) ** 2) / (n * (1 - pe) ** 2));
  const se = Math.sqrt(variance);
  const ci: [number, number] = [Math.max(-1, kappa - Z95 * se), Math.min(1, kappa + Z95 * se)];
  return { n, agreement: po, expected: pe, kappa, se, ci };
}

export interface BinaryMetrics {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Precision, recall and F1 of `test` against `reference`, for the label `positive`. */
export function binaryMetrics(test: readonly string[], reference: readonly string[], positive = '1'): BinaryMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < test.length; i++) {
    const t = test[i] === positive;
    const r = reference[i] === positive;
    if (t && r) tp++;
    else if (t) fp++;
    else if (r) fn++;
    else tn++;
  }
  const div = (x: number, y: number) => (y === 0 ? null : x / y);
  return { tp, fp, fn, tn, precision: div(tp, tp + fp), recall: div(tp, tp + fn), f1: div(2 * tp, 2 * tp + fp + fn) };
}

export interface Confusion {
  /** Categories in order; rows are coder A (the first named), columns coder B. */
  labels: string[];
  matrix: number[][];
}

export function confusionMatrix(a: readonly string[], b: readonly string[], labels: readonly string[]): Confusion {
  const all = [...labels, ...[...new Set([...a, ...b])].filter((x) => !labels.includes(x)).sort()];
  const idx = new Map(all.map((c, i) => [c, i]));
  const matrix = all.map(() => new Array<number>(all.length).fill(0));
  for (let i = 0; i < a.length; i++) matrix[idx.get(a[i]!)!]![idx.get(b[i]!)!]!++;
  return { labels: all, matrix };
}

export interface CodeAgreement {
  code: string;
  kind: 'binary' | 'nominal';
  n: number;
  /** Percent agreement, 0..100. */
  percent_agreement: number | null;
  kappa: number | null;
  kappa_se: number | null;
  kappa_ci95: [number, number] | null;
  note?: string;
  /** Binary codes, when coder A is tested against reference coder B: counts and P/R/F1 (proportions). */
  tp?: number;
  fp?: number;
  fn?: number;
  tn?: number;
  precision?: number | null;
  recall?: number | null;
  f1?: number | null;
  /** Nominal codes: the confusion matrix (rows coder A, columns coder B) and per-category P/R/F1. */
  confusion?: Confusion;
  per_category?: Record<string, { support: number; precision: number | null; recall: number | null; f1: number | null }>;
}

/**
 * Compare two coders on one code. `withMetrics`: coder A is the one tested and coder B the
 * reference (harmlex against a human coder); between two people only agreement and kappa.
 */
export function compareCode(code: string, kind: 'binary' | 'nominal', a: readonly string[], b: readonly string[], options: { withMetrics: boolean; labels?: readonly string[] }): CodeAgreement {
  const k = cohenKappa(a, b);
  const out: CodeAgreement = {
    code,
    kind,
    n: k.n,
    percent_agreement: k.agreement === null ? null : round(100 * k.agreement, 2),
    kappa: round(k.kappa),
    kappa_se: round(k.se),
    kappa_ci95: k.ci ? [round(k.ci[0])!, round(k.ci[1])!] : null,
    ...(k.note ? { note: k.note } : {}),
  };
  if (kind === 'binary') {
    if (options.withMetrics) {
      const m = binaryMetrics(a, b);
      Object.assign(out, { tp: m.tp, fp: m.fp, fn: m.fn, tn: m.tn, precision: round(m.precision), recall: round(m.recall), f1: round(m.f1) });
    }
  } else {
    out.confusion = confusionMatrix(a, b, options.labels ?? []);
    if (options.withMetrics) {
      out.per_category = {};
      for (const c of out.confusion.labels) {
        const m = binaryMetrics(
          a.map((x) => (x === c ? '1' : '0')),
          b.map((x) => (x === c ? '1' : '0')),
        );
        out.per_category[c] = { support: m.tp + m.fn, precision: round(m.precision), recall: round(m.recall), f1: round(m.f1) };
      }
    }
  }
  return out;
}

/** Per-entry precision from adjudicated matches: verdicts "correct"/"incorrect" (or yes/no, 1/0). */
export interface EntryPrecision {
  entry: string;
  judged: number;
  correct: number;
  incorrect: number;
  unjudged: number;
  precision: number | null;
  /** Wilson score 95% interval of the precision. */
  ci95: [number, number] | null;
}

export const CORRECT = new Set(['1', 'y', 'yes', 'true', 'correct', 'c', 'tp', 'ok', 'right', 'agree']);
export const INCORRECT = new Set(['0', 'n', 'no', 'false', 'incorrect', 'wrong', 'i', 'fp', 'disagree']);

export function adjudicatedPrecision(rows: readonly { entry: string; verdict: string }[]): EntryPrecision[] {
  const acc = new Map<string, { c: number; i: number; u: number }>();
  for (const r of rows) {
    let a = acc.get(r.entry);
    if (!a) acc.set(r.entry, (a = { c: 0, i: 0, u: 0 }));
    const v = r.verdict.trim().toLowerCase();
    if (CORRECT.has(v)) a.c++;
    else if (INCORRECT.has(v)) a.i++;
    else a.u++;
  }
  return [...acc]
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([entry, a]) => {
      const judged = a.c + a.i;
      const ci = wilson(a.c, judged);
      return { entry, judged, correct: a.c, incorrect: a.i, unjudged: a.u, precision: judged ? round(a.c / judged) : null, ci95: ci ? [round(ci[0])!, round(ci[1])!] : null };
    });
}
