/**
 * A reproducible sample of matches per lexicon entry, for human adjudication. The same results and
 * seed always give the same sample, whatever the order of the results files: matches are first put
 * in a canonical order (document id, then offset), then each entry's matches are drawn by a partial
 * Fisher-Yates shuffle driven by a seeded PRNG (mulberry32, seeded with the FNV-1a hash of the seed
 * and the entry id, so adding an entry never changes another entry's draw).
 */
import { stringify, type CsvSafety } from '../csv-safe.js';
import type { ResultMatch, ResultRecord } from './types.js';
import { fnv1a } from '../fnv.js';

/** mulberry32: a small, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k items of xs, drawn without replacement (all of them, in order, when k >= length). */
export function drawSample<T>(xs: readonly T[], k: number, rand: () => number): T[] {
  if (k >= xs.length) return [...xs];
  const a = [...xs];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

export interface SampledMatch {
  id: string;
  meta: Record<string, string>;
  match: ResultMatch;
  /** How many matches the entry had in all (the sampling frame). */
  population: number;
}

export interface SampleOptions {
  perEntry: number;
  seed: string;
  /** Also sample matches that do not count (negated ones): default false. */
  includeUncounted?: boolean;
  /** Only these entries (ids) or categories. */
  entries?: string[];
  categories?: string[];
}

export function sampleMatches(records: readonly ResultRecord[], o: SampleOptions): SampledMatch[] {
  const byEntry = new Map<string, { id: string; meta: Record<string, string>; match: ResultMatch }[]>();
  const docs = records.filter((r) => r.status === 'ok' && r.matches).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const r of docs) {
    const ms = [...r.matches!].sort((a, b) => a.start - b.start || a.end - b.end || (a.entry < b.entry ? -1 : 1));
    for (const m of ms) {
      if (!o.includeUncounted && !m.counted) continue;
      if (o.entries?.length && !o.entries.includes(m.entry)) continue;
      if (o.categories?.length && !o.categories.includes(m.category)) continue;
      let l = byEntry.get(m.entry);
      if (!l) byEntry.set(m.entry, (l = []));
      l.push({ id: r.id, meta: r.meta ?? {}, match: m });
    }
  }
  const out: SampledMatch[] = [];
  for (const entry of [...byEntry.keys()].sort()) {
    const all = byEntry.get(entry)!;
    const rand = mulberry32(fnv1a(`${o.seed}\u0000${entry}`));
    const picked = drawSample(all, o.perEntry, rand);
    // Present the sample in reading order, not draw order.
    picked.sort((a, b) => all.indexOf(a) - all.indexOf(b));
    for (const p of picked) out.push({ ...p, population: all.length });
  }
  return out;
}

export const SAMPLE_COLUMNS = ['sample_id', 'entry', 'category', 'principle', 'id', 'line', 'column', 'start', 'end', 'text', 'context', 'negated', 'counted', 'suggest', 'entry_matches', 'verdict', 'note'];

/** The adjudication sheet: one row per sampled match, `verdict` and `note` left empty. */
export function sampleCsv(rows: readonly SampledMatch[], csv: CsvSafety = {}): string {
  return stringify([
    SAMPLE_COLUMNS,
    ...rows.map((r, i) => {
      const m = r.match;
      return [i + 1, m.entry, m.category, m.principle ?? '', r.id, m.line, m.column, m.start, m.end, m.text, m.context ?? '', m.negated ? 'true' : 'false', m.counted ? 'true' : 'false', (m.suggest ?? []).join('; '), r.population, '', ''];
    }),
  ], csv);
}
