/**
 * What the research commands read back: the records `harmlex scan` wrote (JSONL, JSON or CSV),
 * loosely typed, because a CSV carries no matches and older or sharded runs may lack fields.
 */
import type { Match, Placement, Principle } from '../types.js';

/** A match as read back: the fields of a scan match the research commands use, and whatever else the file holds. */
export type ResultMatch = Pick<Match, 'entry' | 'category' | 'principle' | 'text' | 'line' | 'column' | 'start' | 'end' | 'negated' | 'counted' | 'suggest' | 'context'> & {
  [key: string]: unknown;
};

export interface ResultRecord {
  id: string;
  source?: string;
  meta?: Record<string, string>;
  status: 'ok' | 'skipped';
  reason?: string;
  words?: number;
  placement?: Placement;
  continuum?: number | null;
  principles?: Partial<Record<Principle, number>>;
  principles_present?: number;
  counts?: Partial<Record<'relational' | 'antithetical' | 'stigma' | 'structural', number>>;
  /** Absent when the results were read from CSV (one row per document, no matches). */
  matches?: ResultMatch[];
  /** Made with --no-context (see analyze.ts). */
  no_context?: boolean;
  /** The results file this record was read from. */
  file?: string;
  [key: string]: unknown;
}

/** A document's value for a grouping field: `meta.FIELD`, else a top-level string field. */
export function fieldValue(r: ResultRecord, field: string): string | undefined {
  const f = field.startsWith('meta.') ? field.slice(5) : field;
  const m = r.meta?.[f];
  if (m !== undefined && m !== '') return m;
  const top = r[f];
  if (typeof top === 'string' && top !== '' && f !== 'id') return top;
  if (typeof top === 'number') return String(top);
  return undefined;
}

/** Whether a scored document has a counted stigmatizing term. */
export function hasStigma(r: ResultRecord): boolean {
  if (r.matches) return r.matches.some((m) => m.category === 'stigma' && m.counted);
  return (r.counts?.stigma ?? 0) > 0;
}

export function hasPrinciple(r: ResultRecord, p: Principle): boolean {
  return (r.principles?.[p] ?? 0) > 0;
}

/**
 * The ways a document may be named in a codes file: its id, without extension, its file name, its
 * file name without extension ("interviews/AL.1.txt" -> AL.1.txt, AL.1, interviews/AL.1).
 */
export function idKeys(id: string): string[] {
  const noExt = (s: string) => s.replace(/\.[A-Za-z][A-Za-z0-9]{0,7}$/, '');
  const norm = id.replace(/\\/g, '/').replace(/^\.\//, '').trim();
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  return [...new Set([norm, noExt(norm), base, noExt(base)])];
}
