/**
 * Evidence for review: one row per match (`scan --matches FILE`), as CSV or JSONL. Pure; the CLI
 * writes the text. CSV needs every metadata column in its header, so rows are collected and the
 * header is written once all documents are in (matches only, never document text).
 */
import { stringify, type CsvSafety } from '../csv-safe.js';
import type { ResultMatch, ResultRecord } from './types.js';

export const MATCH_COLUMNS = ['entry', 'category', 'principle', 'text', 'line', 'column', 'start', 'end', 'negated', 'counted', 'suggest', 'context'] as const;

export interface MatchRow {
  id: string;
  meta: Record<string, string>;
  match: ResultMatch;
}

export function matchRows(r: ResultRecord): MatchRow[] {
  if (r.status !== 'ok' || !r.matches) return [];
  return r.matches.map((m) => ({ id: r.id, meta: r.meta ?? {}, match: m }));
}

function cell(m: ResultMatch, c: (typeof MATCH_COLUMNS)[number]): string | number {
  const v = m[c];
  if (c === 'suggest') return (m.suggest ?? []).join('; ');
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null || v === undefined) return '';
  return v as string | number;
}

export type MatchesFormat = 'csv' | 'jsonl';

export function matchesFormatForFile(file: string): MatchesFormat {
  const f = file.toLowerCase();
  return f.endsWith('.jsonl') || f.endsWith('.ndjson') || f.endsWith('.json') ? 'jsonl' : 'csv';
}

export function matchJsonl(row: MatchRow): string {
  const m = row.match;
  const o: Record<string, unknown> = { id: row.id, ...(Object.keys(row.meta).length ? { meta: row.meta } : {}) };
  for (const c of MATCH_COLUMNS) o[c] = m[c] ?? null;
  return `${JSON.stringify(o)}\n`;
}

/** Collects match rows as documents stream by; `text()` gives the whole file. */
export class MatchesCollector {
  private readonly rows: MatchRow[] = [];
  private readonly metaKeys: string[] = [];
  constructor(
    readonly format: MatchesFormat,
    private readonly csv: CsvSafety = {},
  ) {}

  add(r: ResultRecord): void {
    for (const row of matchRows(r)) {
      for (const k of Object.keys(row.meta)) if (!this.metaKeys.includes(k)) this.metaKeys.push(k);
      this.rows.push(row);
    }
  }

  get count(): number {
    return this.rows.length;
  }

  text(): string {
    if (this.format === 'jsonl') return this.rows.map(matchJsonl).join('');
    const meta = this.metaKeys.filter((k) => k !== 'id' && !(MATCH_COLUMNS as readonly string[]).includes(k));
    const head = ['id', ...meta, ...MATCH_COLUMNS];
    return stringify([head, ...this.rows.map((row) => [row.id, ...meta.map((k) => row.meta[k] ?? ''), ...MATCH_COLUMNS.map((c) => cell(row.match, c))])], this.csv);
  }
}
