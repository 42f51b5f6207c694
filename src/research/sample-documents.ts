/**
 * A stratified sample of documents for double coding (`sample --documents N --by unit --seed S`):
 * the strata are the values of the --by fields (dates bucketed as in summarize), N is shared out
 * equally among them (or in proportion to their size), a stratum with fewer documents than its
 * share gives all it has and the rest goes to the others. Each stratum is drawn with its own
 * seeded PRNG (seed and stratum), from its documents in id order, so the same results and seed
 * always give the same sample whatever the order of the files. Pure.
 *
 * The sheet holds what a second coder needs and nothing of harmlex's codes (coding stays blind):
 * the id, where the text is, every metadata column, and empty code columns in the form
 * `agree --gold` reads.
 */
import { stringify, type CsvSafety } from '../csv-safe.js';
import { fnv1a } from '../fnv.js';
import { PRINCIPLES } from '../types.js';
import { groupValue } from './periods.js';
import { drawSample, mulberry32 } from './sample.js';
import { NO_VALUE } from './summary.js';
import type { ResultRecord } from './types.js';

export type Allocation = 'equal' | 'proportional';

export interface Stratum {
  key: Record<string, string>;
  label: string;
  population: number;
  drawn: number;
}

export interface DocumentSample {
  rows: { record: ResultRecord; stratum: string }[];
  strata: Stratum[];
}

/** Shares of n for strata of these sizes: equal or proportional (largest remainder), capped at each size. */
export function allocate(sizes: readonly number[], n: number, how: Allocation): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const want = Math.min(n, total);
  const out = sizes.map(() => 0);
  let left = want;
  // Rounds: share what is left among the strata with room, until it is all given.
  while (left > 0) {
    const open = sizes.map((s, i) => i).filter((i) => out[i]! < sizes[i]!);
    if (open.length === 0) break;
    const weights = open.map((i) => (how === 'equal' ? 1 : sizes[i]! - out[i]!));
    const wsum = weights.reduce((a, b) => a + b, 0);
    const exact = open.map((_, k) => (left * weights[k]!) / wsum);
    const give = exact.map(Math.floor);
    let rest = left - give.reduce((a, b) => a + b, 0);
    // Largest remainders first; ties to the larger stratum, then the earlier one.
    const order = open.map((_, k) => k).sort((a, b) => exact[b]! - give[b]! - (exact[a]! - give[a]!) || sizes[open[b]!]! - sizes[open[a]!]! || a - b);
    for (const k of order) {
      if (rest === 0) break;
      give[k]!++;
      rest--;
    }
    let given = 0;
    open.forEach((i, k) => {
      const g = Math.min(give[k]!, sizes[i]! - out[i]!);
      out[i]! += g;
      given += g;
    });
    left -= given;
    if (given === 0) break;
  }
  return out;
}

export function sampleDocuments(records: readonly ResultRecord[], o: { n: number; by: readonly string[]; seed: string; allocation?: Allocation }): DocumentSample {
  const docs = records.filter((r) => r.status === 'ok').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const groups = new Map<string, { key: Record<string, string>; label: string; docs: ResultRecord[] }>();
  for (const r of docs) {
    const key: Record<string, string> = {};
    for (const f of o.by) key[f] = groupValue(r, f) ?? NO_VALUE;
    const label = o.by.length ? o.by.map((f) => (o.by.length === 1 ? key[f]! : `${f}=${key[f]}`)).join(', ') : 'all';
    let g = groups.get(label);
    if (!g) groups.set(label, (g = { key, label, docs: [] }));
    g.docs.push(r);
  }
  const strata = [...groups.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const shares = allocate(strata.map((s) => s.docs.length), o.n, o.allocation ?? 'equal');
  const rows: DocumentSample['rows'] = [];
  strata.forEach((s, i) => {
    const picked = drawSample(s.docs, shares[i]!, mulberry32(fnv1a(`${o.seed}\u0000${s.label}`)));
    picked.sort((a, b) => s.docs.indexOf(a) - s.docs.indexOf(b));
    for (const r of picked) rows.push({ record: r, stratum: s.label });
  });
  return { rows, strata: strata.map((s, i) => ({ key: s.key, label: s.label, population: s.docs.length, drawn: shares[i]! })) };
}

/** The columns a coder fills in (what `agree --gold` compares), and a note. */
export const CODE_COLUMNS = ['placement', 'stigma', ...PRINCIPLES, 'note'];

/** The double-coding sheet: sample_id, stratum, id, source, the metadata columns, empty code columns. */
export function documentSampleCsv(s: DocumentSample, csv: CsvSafety = {}): string {
  const metaKeys: string[] = [];
  for (const { record } of s.rows) for (const k of Object.keys(record.meta ?? {})) if (!metaKeys.includes(k)) metaKeys.push(k);
  const header = ['sample_id', 'stratum', 'id', 'source', ...metaKeys, ...CODE_COLUMNS];
  return stringify([
    header,
    ...s.rows.map(({ record: r, stratum }, i) => [i + 1, stratum, r.id, r.source ?? '', ...metaKeys.map((k) => r.meta?.[k] ?? ''), ...CODE_COLUMNS.map(() => '')]),
  ], csv);
}
