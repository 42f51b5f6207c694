/**
 * The report's trend charts (`report --by note_date:month[,unit]`): per period, the share of
 * documents with a stigmatizing term and the mean continuum, one line per group of the other
 * fields. Inline SVG, no script. Pure.
 */
import { summarize, NO_VALUE } from '../research/summary.js';
import { NOT_A_DATE, parseGroupField } from '../research/periods.js';
import { naturalCompare } from '../research/stats.js';
import type { ResultRecord } from '../research/types.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Colours of the lines, in group order (then repeated). */
const LINE_COLORS = ['#2471a3', '#c0392b', '#1e8449', '#b7950b', '#7d3c98', '#ca6f1e', '#17a589', '#5d6d7e'];

interface Series {
  label: string;
  /** Per period: the value, or null (no documents). */
  values: (number | null)[];
  n: number[];
}

function chart(id: string, title: string, periods: readonly string[], series: readonly Series[], range: [number, number], fmt: (v: number) => string): string {
  const left = 60;
  const width = 760;
  const plotW = width - left - 170;
  const top = 20;
  const plotH = 180;
  const height = top + plotH + 50;
  const x = (i: number) => left + (periods.length === 1 ? plotW / 2 : (i / (periods.length - 1)) * plotW);
  const y = (v: number) => top + plotH - ((v - range[0]) / (range[1] - range[0])) * plotH;
  const parts = [`<svg id="${id}" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">`, `<title>${esc(title)}</title>`];
  for (const t of [range[0], (range[0] + range[1]) / 2, range[1]]) {
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e8e8"/><text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" class="muted">${esc(fmt(t))}</text>`);
  }
  const step = Math.max(1, Math.ceil(periods.length / 12));
  periods.forEach((p, i) => {
    if (i % step === 0 || i === periods.length - 1) parts.push(`<text x="${x(i).toFixed(1)}" y="${top + plotH + 18}" text-anchor="middle" class="muted">${esc(p)}</text>`);
  });
  series.forEach((s, k) => {
    const color = LINE_COLORS[k % LINE_COLORS.length]!;
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    parts.push(`<path class="trend-line" d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    s.values.forEach((v, i) => {
      if (v !== null) parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${color}"><title>${esc(s.label)}, ${esc(periods[i]!)}: ${esc(fmt(v))} (n = ${s.n[i]})</title></circle>`);
    });
    parts.push(`<rect x="${left + plotW + 16}" y="${top + k * 18}" width="10" height="10" fill="${color}"/><text x="${left + plotW + 32}" y="${top + k * 18 + 9}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * The trend section, when one of `by` buckets a date (FIELD:month...); '' otherwise. The other
 * fields make the lines (at most 8 groups, the largest); without them, one line for all documents.
 */
export function trendSection(records: readonly ResultRecord[], by: readonly string[]): string {
  const time = by.find((f) => parseGroupField(f).period !== null);
  if (time === undefined) return '';
  const others = by.filter((f) => f !== time);
  const s = summarize(records, { by: [...others, time] });
  const periods = [...new Set(s.groups.map((g) => g.key[time]!))].filter((p) => p !== NO_VALUE && p !== NOT_A_DATE).sort(naturalCompare);
  if (periods.length === 0) return '';
  const labelOf = (key: Record<string, string>) => (others.length ? others.map((f) => (others.length === 1 ? key[f]! : `${f}=${key[f]}`)).join(', ') : 'All documents');
  const groups = new Map<string, typeof s.groups>();
  for (const g of s.groups) {
    const l = labelOf(g.key);
    groups.set(l, [...(groups.get(l) ?? []), g]);
  }
  const ranked = [...groups].sort((a, b) => b[1].reduce((t, g) => t + g.documents, 0) - a[1].reduce((t, g) => t + g.documents, 0)).slice(0, LINE_COLORS.length);
  const stigma: Series[] = [];
  const continuum: Series[] = [];
  for (const [label, gs] of ranked) {
    const at = (p: string) => gs.find((g) => g.key[time] === p);
    stigma.push({ label, values: periods.map((p) => { const g = at(p); return g && g.documents ? g.stigma.n / g.documents : null; }), n: periods.map((p) => at(p)?.documents ?? 0) });
    continuum.push({ label, values: periods.map((p) => at(p)?.continuum.mean ?? null), n: periods.map((p) => at(p)?.continuum.n ?? 0) });
  }
  const left = groups.size - ranked.length;
  return `<h2>Over time (${esc(time)})</h2>
<p class="note">Per period${others.length ? `, per ${esc(others.join(', '))}` : ''}: the share of documents with a stigmatizing term, and the mean continuum (-1 only antithetical evidence, +1 only relational). Hover a point for its n.${left ? ` The ${LINE_COLORS.length} largest groups are drawn; ${left} more are in the tables.` : ''}</p>
${chart('trend-stigma', 'Share of documents with a stigmatizing term, per period', periods, stigma, [0, 1], (v) => `${Math.round(v * 100)}%`)}
${chart('trend-continuum', 'Mean continuum, per period', periods, continuum, [-1, 1], (v) => `${v > 0 ? '+' : ''}${v.toFixed(1)}`)}`;
}
