/**
 * Summary formatters (pure): `table` for the terminal, `markdown` ready to paste into a paper or
 * report, `csv` (long format, one measure a row) and `json` (the whole structure).
 * Every percentage is printed next to its count, and every column states its N.
 */
import { stringify, type CsvSafety } from '../csv-safe.js';
import { PLACEMENTS, PRINCIPLES } from '../types.js';
import type { Share } from './stats.js';
import type { CorpusSummary, GroupSummary } from './summary.js';

export const SUMMARY_FORMATS = ['table', 'markdown', 'csv', 'json'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

const PRINCIPLE_LABELS: Record<string, string> = {
  humanism: 'Humanism',
  pragmatism: 'Pragmatism',
  individualism: 'Individualism',
  autonomy: 'Autonomy',
  incrementalism: 'Incrementalism',
  accountability: 'Accountability without termination',
};

function pct(s: Share, decimals: number): string {
  return s.pct === null ? `${s.n}` : `${s.n} (${s.pct.toFixed(decimals)}%)`;
}

function num(x: number | null): string {
  return x === null ? '–' : (x > 0 ? '+' : '') + x.toFixed(2);
}

/** The measures as rows of cells: [label, overall, ...groups]. */
export function measureRows(s: CorpusSummary): { header: string[]; rows: string[][]; sections: number[] } {
  const cols: GroupSummary[] = [s.overall, ...s.groups];
  const d = s.decimals;
  const header = ['Measure', ...cols.map((g) => `${g.label} (N = ${g.documents})`)];
  const rows: string[][] = [];
  const sections: number[] = [];
  const row = (label: string, f: (g: GroupSummary) => string) => rows.push([label, ...cols.map(f)]);
  row(`${cap(s.unit)} scored`, (g) => String(g.documents));
  if (cols.some((g) => g.skipped)) row('Skipped (not scored)', (g) => String(g.skipped));
  sections.push(rows.length);
  for (const p of PLACEMENTS) row(`Placement: ${p}`, (g) => pct(g.placement[p], d));
  sections.push(rows.length);
  row('Any principle', (g) => pct(g.any_principle, d));
  for (const p of PRINCIPLES) row(`  ${PRINCIPLE_LABELS[p]}`, (g) => pct(g.principles[p], d));
  sections.push(rows.length);
  row('Any stigmatizing term', (g) => pct(g.stigma, d));
  sections.push(rows.length);
  row('Continuum, mean (n)', (g) => (g.continuum.n ? `${num(g.continuum.mean)} (${g.continuum.n})` : '–'));
  row('Continuum, median', (g) => num(g.continuum.median));
  return { header, rows, sections };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function termRows(g: GroupSummary, decimals: number): string[][] {
  return g.terms.map((t) => [t.forms.slice(0, 3).join(', '), t.entry, String(t.matches), pct(t.documents, decimals), t.suggest.join('; ') || '–']);
}

export const TERM_HEADER = ['Term', 'Entry', 'Matches', 'Documents', 'Suggested alternatives'];

/** Columns padded to a common width; `left` lists the columns aligned left (the first by default). */
function pad(rows: string[][], left: readonly number[] = [0]): string {
  const len = (c: string) => [...c].length;
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => len(r[i] ?? ''))));
  const fit = (c: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, widths[i]! - len(c)));
    return left.includes(i) ? c + fill : fill + c;
  };
  return rows.map((r) => r.map(fit).join('  ').trimEnd()).join('\n');
}

function tableFormat(s: CorpusSummary): string {
  const { header, rows } = measureRows(s);
  const out = [pad([header, ...rows])];
  out.push('');
  if (!s.overall.terms_available) out.push('Stigmatizing terms: not available (CSV results carry no matches; use JSONL or JSON).');
  else if (s.overall.terms.length === 0) out.push('Stigmatizing terms: none counted.');
  else out.push(`Most frequent stigmatizing terms (counted matches; documents of N = ${s.overall.documents}):`, pad([TERM_HEADER, ...termRows(s.overall, s.decimals)], [0, 1, 4]));
  return `${out.join('\n')}\n`;
}

function mdEscape(c: string): string {
  return c.replace(/\|/g, '\\|').replace(/^ +/, (m) => '&nbsp;'.repeat(m.length));
}

function mdTable(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const line = (r: string[]) => `| ${r.map(mdEscape).join(' | ')} |`;
  return [line(header), `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`, ...rows.map(line)].join('\n');
}

function markdownFormat(s: CorpusSummary): string {
  const { header, rows } = measureRows(s);
  const out: string[] = [];
  const by = s.by.length ? ` by ${s.by.join(', ')}` : '';
  out.push(`**Table. ${cap(s.unit)}${by}: placement, principles and stigmatizing language, n (%).**`, '');
  out.push(mdTable(header, rows, header.map((_, i) => (i === 0 ? 'l' : 'r'))), '');
  out.push(`Percentages are of the ${s.unit} scored in each column (N); placement percentages are rounded by the largest-remainder method so they add up to 100. The continuum runs from -1 (only antithetical evidence) to +1 (only relational evidence); ${s.unit} with no evidence have no continuum value and are left out of its mean and median (n). A placement is a screening aid for people, not a verdict on a person.`);
  if (s.overall.skipped) out.push('', `${s.overall.skipped} input${s.overall.skipped === 1 ? ' was' : 's were'} skipped (unreadable or empty) and are not counted in N.`);
  out.push('');
  if (!s.overall.terms_available) out.push('_Stigmatizing terms are not available: CSV results carry no matches (use JSONL or JSON)._');
  else if (s.overall.terms.length) {
    out.push(`**Table. Most frequent stigmatizing terms (counted matches; documents of N = ${s.overall.documents}).**`, '');
    out.push(mdTable(TERM_HEADER, termRows(s.overall, s.decimals), ['l', 'l', 'r', 'r', 'l']));
  } else out.push('_No stigmatizing terms were counted._');
  return `${out.join('\n')}\n`;
}

function csvFormat(s: CorpusSummary, csv: CsvSafety): string {
  const head = ['group', ...s.by, 'section', 'measure', 'n', 'of', 'percent', 'value', 'note'];
  const rows: (string | number)[][] = [];
  for (const g of [s.overall, ...s.groups]) {
    const key = s.by.map((f) => g.key[f] ?? '');
    const label = g === s.overall ? 'overall' : g.label;
    const r = (section: string, measure: string, sh: Share | null, value: number | string = '', note = '') =>
      rows.push([label, ...key, section, measure, sh?.n ?? '', sh?.of ?? '', sh?.pct ?? '', value ?? '', note]);
    r('documents', 'scored', null, g.documents);
    r('documents', 'skipped', null, g.skipped);
    for (const p of PLACEMENTS) r('placement', p, g.placement[p]);
    r('principle', 'any', g.any_principle);
    for (const p of PRINCIPLES) r('principle', p, g.principles[p]);
    r('stigma', 'any', g.stigma);
    r('continuum', 'mean', null, g.continuum.mean ?? '', `n = ${g.continuum.n}`);
    r('continuum', 'median', null, g.continuum.median ?? '', `n = ${g.continuum.n}`);
    for (const t of g.terms) r('term', t.entry, t.documents, t.matches, `forms: ${t.forms.join('; ')}; suggest: ${t.suggest.join('; ')}`);
  }
  return stringify([head, ...rows], csv);
}

export function formatSummary(s: CorpusSummary, format: SummaryFormat, csv: CsvSafety = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(s, null, 2)}\n`;
    case 'csv':
      return csvFormat(s, csv);
    case 'markdown':
      return markdownFormat(s);
    default:
      return tableFormat(s);
  }
}

/** The format a summary file gets from its extension. */
export function summaryFormatForFile(file: string): SummaryFormat {
  const f = file.toLowerCase();
  if (f.endsWith('.md') || f.endsWith('.markdown')) return 'markdown';
  if (f.endsWith('.csv')) return 'csv';
  if (f.endsWith('.json')) return 'json';
  return 'table';
}
