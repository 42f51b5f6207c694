/**
 * Corpus summaries: overall and per group, documents (or units) in each placement, with each
 * principle, with any stigmatizing term, the continuum's mean and median, and the most frequent
 * stigmatizing terms with their suggested alternatives. Records stream in through an accumulator
 * (so `scan --summary` keeps only what the summary needs), then `finish()` computes the tables.
 *
 * Skipped records are counted apart: they are never documents "with no evidence".
 */
import { PLACEMENTS, PRINCIPLES, type Placement, type Principle } from '../types.js';
import { mean, median, naturalCompare, partitionShares, round, share, type Share } from './stats.js';
import { hasPrinciple, hasStigma, type ResultRecord } from './types.js';
import { groupValue, NOT_A_DATE } from './periods.js';

export const NO_VALUE = '(none)';

export interface TermRow {
  entry: string;
  /** The written forms, most frequent first ("addict", "addicts"). */
  forms: string[];
  /** Counted matches. */
  matches: number;
  /** Documents with at least one counted match of the entry, and their share. */
  documents: Share;
  suggest: string[];
}

export interface GroupSummary {
  /** The group's values of the `by` fields, in order; empty for the overall row. */
  key: Record<string, string>;
  label: string;
  /** Scored documents (status ok). */
  documents: number;
  skipped: number;
  placement: Record<Placement, Share>;
  principles: Record<Principle, Share>;
  any_principle: Share;
  stigma: Share;
  continuum: { n: number; mean: number | null; median: number | null };
  terms: TermRow[];
  /** Whether the stigma measures rest on matches (JSONL/JSON) or on scores alone (CSV). */
  terms_available: boolean;
}

export interface CorpusSummary {
  unit: string;
  by: string[];
  decimals: number;
  overall: GroupSummary;
  groups: GroupSummary[];
}

export interface SummaryOptions {
  by?: string[];
  /** Decimals of the percentages (default 0). */
  decimals?: number;
  /** How many stigmatizing terms to list (default 10). */
  top?: number;
  /** What one record is called in the tables ("documents", "units"). */
  unit?: string;
}

interface TermAcc {
  matches: number;
  docs: number;
  forms: Map<string, number>;
  suggest: string[];
}

interface Acc {
  key: Record<string, string>;
  documents: number;
  skipped: number;
  placement: Record<Placement, number>;
  principles: Record<Principle, number>;
  anyPrinciple: number;
  stigma: number;
  continuum: number[];
  terms: Map<string, TermAcc>;
  termsAvailable: boolean;
}

function newAcc(key: Record<string, string>): Acc {
  return {
    key,
    documents: 0,
    skipped: 0,
    placement: Object.fromEntries(PLACEMENTS.map((p) => [p, 0])) as Record<Placement, number>,
    principles: Object.fromEntries(PRINCIPLES.map((p) => [p, 0])) as Record<Principle, number>,
    anyPrinciple: 0,
    stigma: 0,
    continuum: [],
    terms: new Map(),
    termsAvailable: true,
  };
}

function add(acc: Acc, r: ResultRecord): void {
  if (r.status !== 'ok') {
    acc.skipped++;
    return;
  }
  acc.documents++;
  if (r.placement) acc.placement[r.placement]++;
  let any = false;
  for (const p of PRINCIPLES) {
    if (hasPrinciple(r, p)) {
      acc.principles[p]++;
      any = true;
    }
  }
  if (any) acc.anyPrinciple++;
  if (hasStigma(r)) acc.stigma++;
  if (typeof r.continuum === 'number' && Number.isFinite(r.continuum)) acc.continuum.push(r.continuum);
  if (!r.matches) {
    acc.termsAvailable = false;
    return;
  }
  const seen = new Set<string>();
  for (const m of r.matches) {
    if (m.category !== 'stigma' || !m.counted) continue;
    let t = acc.terms.get(m.entry);
    if (!t) acc.terms.set(m.entry, (t = { matches: 0, docs: 0, forms: new Map(), suggest: m.suggest ?? [] }));
    t.matches++;
    const form = m.text.toLowerCase().replace(/\s+/g, ' ');
    t.forms.set(form, (t.forms.get(form) ?? 0) + 1);
    if (!seen.has(m.entry)) {
      seen.add(m.entry);
      t.docs++;
    }
  }
}

function finishAcc(acc: Acc, label: string, o: Required<Omit<SummaryOptions, 'by' | 'unit'>>): GroupSummary {
  const d = o.decimals;
  const placementShares = partitionShares(PLACEMENTS.map((p) => acc.placement[p]), d);
  const terms = [...acc.terms]
    .map(([entry, t]) => ({
      entry,
      forms: [...t.forms].sort((a, b) => b[1] - a[1] || naturalCompare(a[0], b[0])).map(([f]) => f),
      matches: t.matches,
      documents: share(t.docs, acc.documents, d),
      suggest: t.suggest,
    }))
    .sort((a, b) => b.matches - a.matches || b.documents.n - a.documents.n || naturalCompare(a.entry, b.entry))
    .slice(0, o.top);
  return {
    key: acc.key,
    label,
    documents: acc.documents,
    skipped: acc.skipped,
    placement: Object.fromEntries(PLACEMENTS.map((p, i) => [p, placementShares[i]!])) as Record<Placement, Share>,
    principles: Object.fromEntries(PRINCIPLES.map((p) => [p, share(acc.principles[p], acc.documents, d)])) as Record<Principle, Share>,
    any_principle: share(acc.anyPrinciple, acc.documents, d),
    stigma: share(acc.stigma, acc.documents, d),
    continuum: { n: acc.continuum.length, mean: round(mean(acc.continuum)), median: round(median(acc.continuum)) },
    terms,
    terms_available: acc.termsAvailable,
  };
}

export class SummaryAccumulator {
  private readonly by: string[];
  private readonly overall = newAcc({});
  private readonly groups = new Map<string, Acc>();

  constructor(private readonly options: SummaryOptions = {}) {
    this.by = options.by ?? [];
  }

  add(r: ResultRecord): void {
    add(this.overall, r);
    if (this.by.length === 0) return;
    const key: Record<string, string> = {};
    for (const f of this.by) key[f] = groupValue(r, f) ?? NO_VALUE;
    const k = JSON.stringify(this.by.map((f) => key[f]));
    let acc = this.groups.get(k);
    if (!acc) this.groups.set(k, (acc = newAcc(key)));
    add(acc, r);
  }

  finish(): CorpusSummary {
    const o = { decimals: this.options.decimals ?? 0, top: this.options.top ?? 10 };
    const groups = [...this.groups.values()].sort((a, b) => {
      for (const f of this.by) {
        const x = a.key[f]!;
        const y = b.key[f]!;
        if (x !== y) return x === NO_VALUE || x === NOT_A_DATE ? 1 : y === NO_VALUE || y === NOT_A_DATE ? -1 : naturalCompare(x, y);
      }
      return 0;
    });
    return {
      unit: this.options.unit ?? 'documents',
      by: this.by,
      decimals: o.decimals,
      overall: finishAcc(this.overall, 'Overall', o),
      groups: groups.map((g) => finishAcc(g, this.by.map((f) => (this.by.length === 1 ? g.key[f]! : `${f}=${g.key[f]}`)).join(', '), o)),
    };
  }
}

export function summarize(records: Iterable<ResultRecord>, options: SummaryOptions = {}): CorpusSummary {
  const acc = new SummaryAccumulator(options);
  for (const r of records) acc.add(r);
  return acc.finish();
}
