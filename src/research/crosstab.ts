/**
 * Cross-tabs: one measure for every combination of two grouping fields (`summarize --rows unit
 * --cols note_date:month`), built from the same group summaries as `summarize --by`. Pure.
 */
import { stringify, type CsvSafety } from '../csv-safe.js';
import { PLACEMENTS, PRINCIPLES, type Placement, type Principle } from '../types.js';
import type { Share } from './stats.js';
import { summarize, NO_VALUE, type GroupSummary } from './summary.js';
import type { ResultRecord } from './types.js';
import { NOT_A_DATE } from './periods.js';
import { naturalCompare } from './stats.js';

export const MEASURES = ['stigma', 'continuum', 'documents', 'any_principle', ...PLACEMENTS, ...PRINCIPLES] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_LABELS: Record<string, string> = {
  stigma: 'documents with a stigmatizing term',
  continuum: 'mean continuum',
  documents: 'documents scored',
  any_principle: 'documents with any principle',
};

export interface CrossCell {
  /** The measure: a percentage (shares), a mean (continuum) or a count (documents); null when there is nothing to measure. */
  value: number | null;
  /** The documents it rests on (numerator for shares; n of the mean; the count). */
  n: number;
  /** Scored documents in the cell. */
  of: number;
}

export interface CrossTab {
  rows: string;
  cols: string;
  measure: Measure;
  unit: string;
  decimals: number;
  rowValues: string[];
  colValues: string[];
  cells: CrossCell[][];
  /** Per row, every column together; per column, every row together. */
  rowTotals: CrossCell[];
  colTotals: CrossCell[];
  total: CrossCell;
}

function cellOf(g: GroupSummary | undefined, measure: Measure): CrossCell {
  if (!g || g.documents === 0) return { value: null, n: 0, of: g?.documents ?? 0 };
  const sh = (s: Share): CrossCell => ({ value: s.pct, n: s.n, of: s.of });
  if (measure === 'documents') return { value: g.documents, n: g.documents, of: g.documents };
  if (measure === 'continuum') return { value: g.continuum.mean, n: g.continuum.n, of: g.documents };
  if (measure === 'stigma') return sh(g.stigma);
  if (measure === 'any_principle') return sh(g.any_principle);
  if ((PLACEMENTS as readonly string[]).includes(measure)) return sh(g.placement[measure as Placement]);
  return sh(g.principles[measure as Principle]);
}

const order = (a: string, b: string) => {
  const last = (x: string) => x === NO_VALUE || x === NOT_A_DATE;
  return last(a) !== last(b) ? (last(a) ? 1 : -1) : naturalCompare(a, b);
};

export function crossTab(records: readonly ResultRecord[], o: { rows: string; cols: string; measure: Measure; decimals: number; unit?: string }): CrossTab {
  const both = summarize(records, { by: [o.rows, o.cols], decimals: o.decimals });
  const byRow = summarize(records, { by: [o.rows], decimals: o.decimals });
  const byCol = summarize(records, { by: [o.cols], decimals: o.decimals });
  const rowValues = [...new Set(both.groups.map((g) => g.key[o.rows]!))].sort(order);
  const colValues = [...new Set(both.groups.map((g) => g.key[o.cols]!))].sort(order);
  const find = (r: string, c: string) => both.groups.find((g) => g.key[o.rows] === r && g.key[o.cols] === c);
  return {
    rows: o.rows,
    cols: o.cols,
    measure: o.measure,
    unit: o.unit ?? 'documents',
    decimals: o.decimals,
    rowValues,
    colValues,
    cells: rowValues.map((r) => colValues.map((c) => cellOf(find(r, c), o.measure))),
    rowTotals: rowValues.map((r) => cellOf(byRow.groups.find((g) => g.key[o.rows] === r), o.measure)),
    colTotals: colValues.map((c) => cellOf(byCol.groups.find((g) => g.key[o.cols] === c), o.measure)),
    total: cellOf(both.overall, o.measure),
  };
}

function isShare(m: Measure): boolean {
  return m !== 'continuum' && m !== 'documents';
}

function show(c: CrossCell, t: CrossTab): string {
  if (c.value === null) return '–';
  if (t.measure === 'documents') return String(c.value);
  if (t.measure === 'continuum') return `${c.value > 0 ? '+' : ''}${c.value.toFixed(2)} (${c.n})`;
  return `${c.value.toFixed(t.decimals)}% (${c.n}/${c.of})`;
}

/** The table as rows of text cells, the header first. */
function grid(t: CrossTab): string[][] {
  return [
    [`${t.rows} \\ ${t.cols}`, ...t.colValues, 'All'],
    ...t.rowValues.map((r, i) => [r, ...t.cells[i]!.map((c) => show(c, t)), show(t.rowTotals[i]!, t)]),
    ['All', ...t.colTotals.map((c) => show(c, t)), show(t.total, t)],
  ];
}

function caption(t: CrossTab): string {
  const what = MEASURE_LABELS[t.measure] ?? (isShare(t.measure) ? `documents with ${t.measure}` : t.measure);
  return `${what[0]!.toUpperCase()}${what.slice(1)}, by ${t.rows} (rows) and ${t.cols} (columns)${isShare(t.measure) ? ': % (n/N)' : t.measure === 'continuum' ? ': mean (n)' : ''}`;
}

export function formatCrossTab(t: CrossTab, format: 'table' | 'markdown' | 'csv' | 'json', csv: CsvSafety = {}): string {
  if (format === 'json') return `${JSON.stringify(t, null, 2)}\n`;
  if (format === 'csv') {
    // One row per row value, one column per column value: the measure as a number (a percentage,
    // a mean, a count), ready for a spreadsheet; N per cell in the JSON.
    const v = (c: CrossCell) => (c.value === null ? '' : c.value);
    return stringify([[t.rows, ...t.colValues, 'All'], ...t.rowValues.map((r, i) => [r, ...t.cells[i]!.map(v), v(t.rowTotals[i]!)]), ['All', ...t.colTotals.map(v), v(t.total)]], csv);
  }
  const g = grid(t);
  if (format === 'markdown') {
    const esc = (s: string) => s.replace(/\|/g, '\\|');
    return `**${caption(t)}**\n\n| ${g[0]!.map(esc).join(' | ')} |\n|${g[0]!.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|\n${g.slice(1).map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n')}\n`;
  }
  const widths = g[0]!.map((_, i) => Math.max(...g.map((r) => r[i]!.length)));
  return `${caption(t)}\n${g.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n')}\n`;
}
