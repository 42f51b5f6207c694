/**
 * The HTML report (`harmlex report`): one self-contained file, no network. Inline CSS and inline
 * SVG, no script, no external font, image or stylesheet. It shows the continuum as a strip plot of
 * every document (coloured by placement, one row per group), bars of principle prevalence, the
 * summary table, the stigmatizing terms table, and each document's text with its matches
 * highlighted and explained (or only the list of matches with --no-context). Pure.
 */
import { PLACEMENTS, PRINCIPLES, type Placement } from '../types.js';
import { measureRows, TERM_HEADER, termRows } from '../research/format-summary.js';
import type { CorpusSummary } from '../research/summary.js';
import { NO_VALUE } from '../research/summary.js';
import type { ResultMatch, ResultRecord } from '../research/types.js';
import { groupValue } from '../research/periods.js';
import { trendSection } from './trend.js';
import { fnv1a } from '../fnv.js';

export interface HtmlReportInput {
  title: string;
  records: readonly ResultRecord[];
  summary: CorpusSummary;
  /** Full document texts by id, when available (matches highlighted in place). */
  texts: ReadonlyMap<string, string>;
  /** The matches of a text in `texts` whose offsets moved with it (a compacted WebVTT text); else the record's. */
  textMatches?: ReadonlyMap<string, readonly ResultMatch[]>;
  noContext: boolean;
  /** Why no document text is shown (results made with --no-context), when that is the reason. */
  textNote?: string;
  /** "harmlex 0.1.0, 2024-05-01" and similar, shown in the footer. */
  footer: string;
}

export const PLACEMENT_COLORS: Record<Placement, string> = {
  relational: '#1e8449',
  mixed: '#b7950b',
  antithetical: '#c0392b',
  'no-evidence': '#7f8c8d',
};

const CATEGORY_CLASS: Record<string, string> = { stigma: 'm-stigma', antithetical: 'm-anti', principle: 'm-principle', structural: 'm-structural' };

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}


const CSS = `
:root{--fg:#1c2833;--muted:#5d6d7e;--line:#d5d8dc;--bg:#fff;}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
.lede{color:var(--muted);margin:0 0 1em}.note{color:var(--muted);font-size:.9em}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.92em}th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid var(--fg)}td.l{text-align:left}
.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:5px;vertical-align:-1px}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}svg .muted{fill:var(--muted)}
.doc{border:1px solid var(--line);border-radius:6px;padding:10px 14px;margin:12px 0}
.doc h3{font-size:1.05em;margin:0 0 .3em}.badge{display:inline-block;color:#fff;border-radius:10px;padding:0 8px;font-size:.8em;margin-left:6px;vertical-align:1px}
.meta{color:var(--muted);font-size:.88em}
.text{white-space:pre-wrap;font:14px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#fbfcfc;border-left:3px solid var(--line);padding:8px 12px;margin:.6em 0;max-height:28em;overflow:auto}
mark{border-radius:3px;padding:0 2px;color:inherit}
mark.m-stigma{background:#f5b7b1;box-shadow:inset 0 -2px #c0392b}mark.m-anti{background:#f8c471;box-shadow:inset 0 -2px #d35400}
mark.m-principle{background:#abebc6;box-shadow:inset 0 -2px #1e8449}mark.m-structural{background:#aed6f1;box-shadow:inset 0 -2px #2471a3}
mark.negated{background:#eaeded;box-shadow:inset 0 -2px #7f8c8d;text-decoration:line-through}
ol.matches{font-size:.88em;margin:.3em 0 0;padding-left:1.6em}ol.matches li{margin:2px 0}
.skipped{color:#8e44ad}
footer{margin-top:2em;color:var(--muted);font-size:.85em;border-top:1px solid var(--line);padding-top:.5em}
@media print{.text{max-height:none}}
`;

function stripPlot(input: HtmlReportInput): string {
  const by = input.summary.by;
  const ok = input.records.filter((r) => r.status === 'ok');
  const groups = new Map<string, ResultRecord[]>();
  if (by.length === 0) groups.set('All documents', ok);
  else {
    for (const g of input.summary.groups) groups.set(g.label, []);
    for (const r of ok) {
      const key: Record<string, string> = {};
      for (const f of by) key[f] = groupValue(r, f) ?? NO_VALUE;
      const label = by.map((f) => (by.length === 1 ? key[f]! : `${f}=${key[f]}`)).join(', ');
      groups.get(label)?.push(r);
    }
  }
  const left = 170;
  const x0 = left + 10;
  const x1 = x0 + 560;
  const ne = x1 + 60; // the "no evidence" column
  const width = ne + 70;
  const rowH = 56;
  const top = 34;
  const height = top + rowH * groups.size + 34;
  const sx = (c: number) => x0 + ((c + 1) / 2) * (x1 - x0);
  const parts: string[] = [];
  parts.push(`<svg id="continuum-plot" role="img" aria-label="Continuum of every document, by group" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">`);
  parts.push(`<title>Continuum: -1 only antithetical evidence, +1 only relational evidence</title>`);
  for (const t of [-1, -0.5, 0, 0.5, 1]) {
    parts.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${top - 6}" y2="${height - 30}" stroke="${t === 0 ? '#aab7b8' : '#e5e8e8'}"/>`);
    parts.push(`<text x="${sx(t)}" y="${height - 14}" text-anchor="middle" class="muted">${t > 0 ? '+' : ''}${t}</text>`);
  }
  parts.push(`<text x="${x0}" y="16" class="muted">← antithetical</text><text x="${x1}" y="16" text-anchor="end" class="muted">relational →</text>`);
  parts.push(`<text x="${ne}" y="16" text-anchor="middle" class="muted">no evidence</text>`);
  parts.push(`<line x1="${ne - 30}" x2="${ne - 30}" y1="${top - 6}" y2="${height - 30}" stroke="#e5e8e8" stroke-dasharray="3 3"/>`);
  let row = 0;
  for (const [label, rs] of groups) {
    const cy = top + row * rowH + rowH / 2;
    if (row % 2 === 0) parts.push(`<rect x="0" y="${cy - rowH / 2}" width="${width}" height="${rowH}" fill="#f8f9f9"/>`);
    parts.push(`<text x="${left}" y="${cy + 4}" text-anchor="end">${esc(label)} (n = ${rs.length})</text>`);
    for (const r of rs) {
      const h = fnv1a(r.id);
      const jitter = ((h % 1000) / 1000 - 0.5) * (rowH - 16);
      const cx = typeof r.continuum === 'number' ? sx(r.continuum) : ne + (((h >>> 10) % 1000) / 1000 - 0.5) * 30;
      const p = (r.placement ?? 'no-evidence') as Placement;
      const cont = typeof r.continuum === 'number' ? (r.continuum > 0 ? '+' : '') + r.continuum.toFixed(2) : 'none';
      parts.push(`<circle class="dot" data-id="${esc(r.id)}" data-placement="${p}" cx="${cx.toFixed(1)}" cy="${(cy + jitter).toFixed(1)}" r="5.5" fill="${PLACEMENT_COLORS[p]}" fill-opacity="0.85" stroke="#fff" stroke-width="1"><title>${esc(r.id)}: ${p}, continuum ${cont}</title></circle>`);
    }
    row++;
  }
  parts.push('</svg>');
  const legend = `<p class="legend">${PLACEMENTS.map((p) => `<span><i class="sw" style="background:${PLACEMENT_COLORS[p]}"></i>${p}</span>`).join('')}</p>`;
  return parts.join('\n') + legend;
}

function prevalenceBars(s: CorpusSummary): string {
  const g = s.overall;
  const items: [string, { n: number; of: number; pct: number | null }, string][] = [
    ['Any principle', g.any_principle, '#196f3d'],
    ...PRINCIPLES.map((p) => [p.charAt(0).toUpperCase() + p.slice(1), g.principles[p], '#28b463'] as [string, typeof g.any_principle, string]),
    ['Any stigmatizing term', g.stigma, '#c0392b'],
  ];
  const left = 190;
  const barW = 520;
  const rowH = 24;
  const height = items.length * rowH + 10;
  const width = left + barW + 150;
  const parts = [`<svg id="principle-bars" role="img" aria-label="Share of documents with each principle" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">`];
  items.forEach(([label, sh, color], i) => {
    const y = 5 + i * rowH;
    const frac = sh.of ? sh.n / sh.of : 0;
    parts.push(`<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 3}" width="${barW}" height="${rowH - 8}" fill="#f2f3f4"/>`);
    parts.push(`<rect class="bar" x="${left}" y="${y + 3}" width="${(frac * barW).toFixed(1)}" height="${rowH - 8}" fill="${color}"><title>${esc(label)}: ${sh.n} of ${sh.of}</title></rect>`);
    parts.push(`<text x="${left + barW + 8}" y="${y + 15}">${sh.n} of ${sh.of}${sh.pct === null ? '' : ` (${sh.pct.toFixed(s.decimals)}%)`}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function table(header: string[], rows: string[][], leftCols = 1): string {
  const th = header.map((h) => `<th>${esc(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c, i) => `<td${i < leftCols ? ' class="l"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

function explain(m: ResultMatch): string {
  const what = m.category === 'principle' ? `principle: ${m.principle}` : m.category;
  const neg = m.negated ? `, negated${m.counted ? '' : ' (not counted)'}` : '';
  const sug = m.suggest?.length && m.category === 'stigma' ? `; suggest: ${m.suggest.join('; ')}` : '';
  return `${what} (${m.entry})${neg}${sug}`;
}

function markClass(m: ResultMatch): string {
  return `${CATEGORY_CLASS[m.category] ?? ''}${m.counted ? '' : ' negated'}`;
}

/** The text with each match wrapped in <mark>; overlapping matches keep the first. */
function highlightText(text: string, matches: readonly ResultMatch[], docIndex: number): string {
  const order = matches.map((m, i) => ({ m, i })).sort((a, b) => a.m.start - b.m.start || b.m.end - a.m.end);
  let pos = 0;
  let out = '';
  for (const { m, i } of order) {
    if (m.start < pos) continue;
    out += esc(text.slice(pos, m.start));
    out += `<mark class="${markClass(m)}" id="d${docIndex}m${i}" title="${esc(explain(m))}">${esc(text.slice(m.start, m.end))}</mark>`;
    pos = m.end;
  }
  return out + esc(text.slice(pos));
}

/** A context snippet with the match highlighted (the occurrence nearest where it should be). */
function highlightSnippet(m: ResultMatch): string {
  // No snippet (results made with --no-context): the matched term, which is the lexicon's, stays visible.
  if (!m.context) return `“${esc(m.text)}”`;
  const ctx = m.context;
  const needle = m.text.replace(/\s+/g, ' ');
  const i = ctx.indexOf(needle);
  if (i === -1) return esc(ctx);
  return `${esc(ctx.slice(0, i))}<mark class="${markClass(m)}" title="${esc(explain(m))}">${esc(ctx.slice(i, i + needle.length))}</mark>${esc(ctx.slice(i + needle.length))}`;
}

function documentSection(r: ResultRecord, index: number, input: HtmlReportInput): string {
  if (r.status !== 'ok') return `<section class="doc"><h3>${esc(r.id)} <span class="skipped">skipped</span></h3><p class="meta">${esc(r.reason ?? '')}</p></section>`;
  const p = (r.placement ?? 'no-evidence') as Placement;
  const cont = typeof r.continuum === 'number' ? `continuum ${(r.continuum > 0 ? '+' : '') + r.continuum.toFixed(2)}` : 'no continuum (no evidence)';
  const meta = r.meta && Object.keys(r.meta).length ? Object.entries(r.meta).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join(' · ') : '';
  const matches = input.textMatches?.get(r.id) ?? r.matches ?? [];
  const parts = [`<section class="doc" id="doc-${index}" data-id="${esc(r.id)}">`, `<h3>${esc(r.id)}<span class="badge" style="background:${PLACEMENT_COLORS[p]}">${p}</span></h3>`, `<div class="meta">${cont}; ${r.words ?? '?'} words; ${matches.filter((m) => m.counted).length} counted match${matches.filter((m) => m.counted).length === 1 ? '' : 'es'}${meta ? ` · ${meta}` : ''}</div>`];
  const text = input.texts.get(r.id);
  if (!input.noContext && text !== undefined) parts.push(`<div class="text">${highlightText(text, matches, index)}</div>`);
  if (matches.length) {
    parts.push('<ol class="matches">');
    matches.forEach((m, i) => {
      // A caption's cue time says where a match is better than a line of the .vtt file.
      const where = typeof m.time === 'string' ? m.time.replace(/\.\d+$/, '') : `${m.line}:${m.column}`;
      const shown = input.noContext ? `“${esc(m.text)}”` : text !== undefined ? `<a href="#d${index}m${i}">“${esc(m.text)}”</a>` : highlightSnippet(m);
      parts.push(`<li><code>${where}</code> ${shown} — ${esc(explain(m))}</li>`);
    });
    parts.push('</ol>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const s = input.summary;
  const { header, rows } = measureRows(s);
  const terms = s.overall.terms_available ? (s.overall.terms.length ? table(TERM_HEADER, termRows(s.overall, s.decimals), 2) : '<p class="note">No stigmatizing terms were counted.</p>') : '<p class="note">Not available: CSV results carry no matches.</p>';
  const docs = input.records.map((r, i) => documentSection(r, i, input)).join('\n');
  const skipped = s.overall.skipped ? `, ${s.overall.skipped} skipped (not counted)` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="harmlex">
<title>${esc(input.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(input.title)}</h1>
<p class="lede">${s.overall.documents} ${esc(s.unit)} scored${skipped}${s.by.length ? `, grouped by ${esc(s.by.join(', '))}` : ''}. A placement is a screening aid for people, not a verdict on a person.</p>
<h2>Continuum</h2>
<p class="note">Each dot is one document: -1 means only antithetical evidence (stigmatizing terms, antithetical framings), +1 only relational evidence (indicators of the six principles). Documents with no evidence sit in their own column.</p>
${stripPlot(input)}
${trendSection(input.records, s.by)}
<h2>Principles and stigmatizing language</h2>
${prevalenceBars(s)}
${table(header, rows)}
<p class="note">n (%) of the ${esc(s.unit)} in each column (N). Placement percentages use largest-remainder rounding so they add up to 100.</p>
<h2>Stigmatizing terms</h2>
${terms}
<h2>Documents</h2>
${input.textNote ? `<p class="note">${esc(input.textNote)}</p>\n` : input.noContext ? '<p class="note">Document text is hidden (--no-context).</p>\n' : ''}${docs}
<footer>${esc(input.footer)}</footer>
</body>
</html>
`;
}
