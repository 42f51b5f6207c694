/** Formatters for `harmlex agree`: table (terminal), csv (one row per comparison and code), json. */
import { stringify, type CsvSafety } from '../csv-safe.js';
import type { CodeAgreement, EntryPrecision } from './agreement.js';
import type { Comparison } from './codes.js';

export const AGREE_FORMATS = ['table', 'csv', 'json'] as const;
export type AgreeFormat = (typeof AGREE_FORMATS)[number];

export interface AgreeReport {
  comparisons: Comparison[];
  adjudication?: { file: string; entries: EntryPrecision[] };
  method: string;
}

export const METHOD =
  "Cohen's kappa with the large-sample standard error of Fleiss, Cohen & Everitt (1969) and a 95% Wald interval clipped to [-1, 1]; precision, recall and F1 of coder A (harmlex) against coder B; adjudicated precision with a Wilson 95% interval. Items missing a code in either file are left out of that code.";

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));
const p1 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x.toFixed(1)}%`);

function kappaCell(c: CodeAgreement): string {
  // (No kappa when chance agreement is 1: both coders used one category only.)
  if (c.kappa === null) return c.n === 0 ? 'n/a (no items)' : 'n/a (one category only)';
  return c.kappa_ci95 ? `${f3(c.kappa)} [${f3(c.kappa_ci95[0])}, ${f3(c.kappa_ci95[1])}]` : f3(c.kappa);
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function tableFormat(r: AgreeReport): string {
  const out: string[] = [];
  for (const c of r.comparisons) {
    const metrics = c.codes.some((x) => x.precision !== undefined || x.per_category);
    out.push(`${c.a} vs ${c.b}: ${c.matched} item${c.matched === 1 ? '' : 's'} matched${c.unmatched.length ? `, ${c.unmatched.length} of ${c.b} not found in ${c.a}` : ''}`);
    const head = ['code', 'n', 'agreement', 'kappa [95% CI]', ...(metrics ? ['precision', 'recall', 'F1'] : [])];
    const rows = c.codes.map((x) => [x.code, String(x.n), p1(x.percent_agreement), kappaCell(x), ...(metrics ? [f3(x.precision), f3(x.recall), f3(x.f1)] : [])]);
    out.push(pad([head, ...rows]));
    for (const x of c.codes) {
      if (x.note) out.push(`  ${x.code}: ${x.note}`);
      if (x.confusion && x.n) {
        out.push('', `  ${x.code}: confusion matrix (rows ${c.a}, columns ${c.b})`);
        const m = x.confusion;
        out.push(pad([['', ...m.labels], ...m.labels.map((l, i) => [l, ...m.matrix[i]!.map(String)])]).replace(/^/gm, '    '));
        if (x.per_category) {
          out.push(pad([['category', 'support', 'precision', 'recall', 'F1'], ...Object.entries(x.per_category).map(([k, v]) => [k, String(v.support), f3(v.precision), f3(v.recall), f3(v.f1)])]).replace(/^/gm, '    '));
        }
      }
    }
    out.push('');
  }
  if (r.adjudication) {
    out.push(`Adjudicated precision per entry (${r.adjudication.file}):`);
    out.push(pad([['entry', 'judged', 'correct', 'incorrect', 'unjudged', 'precision [95% CI]'], ...r.adjudication.entries.map((e) => [e.entry, String(e.judged), String(e.correct), String(e.incorrect), String(e.unjudged), e.precision === null ? '–' : `${f3(e.precision)} [${f3(e.ci95?.[0])}, ${f3(e.ci95?.[1])}]`])]));
    out.push('');
  }
  if (r.comparisons.some((c) => c.codes.some((x) => x.n > 0 && x.n < 30))) out.push('With fewer than 30 items the Wald intervals are rough; report them with n.');
  out.push(r.method);
  return `${out.join('\n')}\n`;
}

function csvFormat(r: AgreeReport, csv: CsvSafety): string {
  const rows: (string | number)[][] = [['coder_a', 'coder_b', 'code', 'n', 'percent_agreement', 'kappa', 'kappa_se', 'kappa_ci_low', 'kappa_ci_high', 'precision', 'recall', 'f1', 'tp', 'fp', 'fn', 'tn', 'note']];
  const v = (x: number | null | undefined) => (x === null || x === undefined ? '' : x);
  for (const c of r.comparisons) {
    for (const x of c.codes) {
      rows.push([c.a, c.b, x.code, x.n, v(x.percent_agreement), v(x.kappa), v(x.kappa_se), v(x.kappa_ci95?.[0]), v(x.kappa_ci95?.[1]), v(x.precision), v(x.recall), v(x.f1), v(x.tp), v(x.fp), v(x.fn), v(x.tn), x.note ?? '']);
      for (const [cat, m] of Object.entries(x.per_category ?? {})) rows.push([c.a, c.b, `${x.code}=${cat}`, m.support, '', '', '', '', '', v(m.precision), v(m.recall), v(m.f1), '', '', '', '', 'support = items the reference coder put in this category']);
    }
  }
  for (const e of r.adjudication?.entries ?? []) rows.push(['harmlex', `adjudicated:${r.adjudication!.file}`, `entry:${e.entry}`, e.judged, '', '', '', v(e.ci95?.[0]), v(e.ci95?.[1]), v(e.precision), '', '', e.correct, e.incorrect, '', '', `unjudged ${e.unjudged}; interval: Wilson`]);
  return stringify(rows, csv);
}

export function formatAgree(r: AgreeReport, format: AgreeFormat, csv: CsvSafety = {}): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  if (format === 'csv') return csvFormat(r, csv);
  return tableFormat(r);
}
