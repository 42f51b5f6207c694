/**
 * `summarize --sort KEY --top N`: the documents to read first, per group (or overall), as a table,
 * markdown, CSV or JSON. Pure.
 */
import { stringify, type CsvSafety } from '../csv-safe.js';
import { NO_VALUE } from './summary.js';
import { groupValue } from './periods.js';
import { compareRank, type SortKey } from './rank.js';
import type { ResultRecord } from './types.js';

export interface RankedGroup {
  key: Record<string, string>;
  /** Scored documents in the group. */
  documents: number;
  ranked: ResultRecord[];
}

export function rankByGroup(records: readonly ResultRecord[], o: { by: readonly string[]; sort: SortKey; top?: number }): RankedGroup[] {
  const groups = new Map<string, RankedGroup>();
  for (const r of records) {
    if (r.status !== 'ok') continue;
    const key: Record<string, string> = {};
    for (const f of o.by) key[f] = groupValue(r, f) ?? NO_VALUE;
    const k = JSON.stringify(o.by.map((f) => key[f]));
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key, documents: 0, ranked: [] }));
    g.documents++;
    g.ranked.push(r);
  }
  const cmp = compareRank(o.sort);
  const out = [...groups.values()].sort((a, b) => {
    for (const f of o.by) if (a.key[f] !== b.key[f]) return a.key[f]! < b.key[f]! ? -1 : 1;
    return 0;
  });
  for (const g of out) g.ranked = g.ranked.sort(cmp).slice(0, o.top ?? g.ranked.length);
  return out;
}

/** A weighted score (JSONL/JSON results), else the CSV's score column read back as a count. */
const scoreOf = (r: ResultRecord, k: 'antithetical' | 'stigma' | 'relational'): number | undefined => (r.scores as Partial<Record<string, number>> | undefined)?.[k] ?? r.counts?.[k];
const num = (x: number | null | undefined) => (typeof x === 'number' ? x : '');

function stigmaTerms(r: ResultRecord): string {
  const seen = new Map<string, number>();
  for (const m of r.matches ?? []) if (m.category === 'stigma' && m.counted) seen.set(m.text.toLowerCase(), (seen.get(m.text.toLowerCase()) ?? 0) + 1);
  return [...seen].map(([t, n]) => (n > 1 ? `${t} (${n})` : t)).join('; ');
}

export function formatRanking(groups: readonly RankedGroup[], o: { by: readonly string[]; sort: SortKey; top?: number }, format: 'table' | 'markdown' | 'csv' | 'json', csv: CsvSafety = {}): string {
  const header = [...o.by, 'rank', 'id', 'placement', 'continuum', 'score_antithetical', 'score_stigma', 'score_relational', 'stigma_terms'];
  const rows = groups.flatMap((g) =>
    g.ranked.map((r, i) => [...o.by.map((f) => g.key[f]!), i + 1, r.id, r.placement ?? '', num(r.continuum), num(scoreOf(r, 'antithetical')), num(scoreOf(r, 'stigma')), num(scoreOf(r, 'relational')), stigmaTerms(r)]),
  );
  if (format === 'json') return `${JSON.stringify({ sort: o.sort, top: o.top ?? null, by: o.by, groups: groups.map((g) => ({ key: g.key, documents: g.documents, ranked: g.ranked.map((r) => ({ id: r.id, placement: r.placement, continuum: r.continuum, meta: r.meta })) })) }, null, 2)}\n`;
  if (format === 'csv') return stringify([header, ...rows], csv);
  const cells = [header, ...rows.map((r) => r.map(String))];
  const title = `Documents ranked by ${o.sort}${o.top ? `, the first ${o.top}` : ''}${o.by.length ? ` per ${o.by.join(', ')}` : ''}`;
  if (format === 'markdown') {
    const esc = (s: string) => s.replace(/\|/g, '\\|');
    return `**${title}.**\n\n| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|\n${cells.slice(1).map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n')}\n`;
  }
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return `${title}\n${cells.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n`;
}
