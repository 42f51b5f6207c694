/**
 * The HTML report (`harmlex report`): one self-contained file, no network. Inline CSS, inline SVG
 * and a little inline JavaScript (sorting and filtering the contents, tooltips), no external font,
 * image, script or stylesheet. It shows the continuum as a strip plot of every document (coloured
 * by placement, one row per group, each dot a link to its document), bars of principle prevalence
 * (per group when grouped), trends over time (--by FIELD:month), the summary table, the
 * stigmatizing terms table, a contents table of every document, and each document's text with its
 * matches highlighted and explained and the turns left out of the scores greyed (or only the list
 * of matches with --no-context). Made to stay small at a corpus's size: 2,000 notes of some 200
 * words make a file of about 4 MB. Pure.
 */
import { PLACEMENTS, PRINCIPLES, type Placement } from '../types.js';
import { measureRows, TERM_HEADER, termRows } from '../research/format-summary.js';
import type { CorpusSummary } from '../research/summary.js';
import { NO_VALUE } from '../research/summary.js';
import type { ResultMatch, ResultRecord } from '../research/types.js';
import { groupValue } from '../research/periods.js';
import { trendSection } from './trend.js';
import { fnv1a } from '../fnv.js';
import { CONTENTS_CSS, contentsScript, contentsTable } from './contents.js';

export interface HtmlReportInput {
  title: string;
  records: readonly ResultRecord[];
  summary: CorpusSummary;
  /** Full document texts by id, when available (matches highlighted in place). */
  texts: ReadonlyMap<string, string>;
  /** The matches of a text in `texts` whose offsets moved with it (a compacted WebVTT text); else the record's. */
  textMatches?: ReadonlyMap<string, readonly ResultMatch[]>;
  /** Ranges of a text in `texts` left out of the scores (speakers left out, a title): shown greyed. */
  textLeftOut?: ReadonlyMap<string, readonly [number, number][]>;
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
@media print{.text{max-height:none}.filters{display:none}}
.doc{content-visibility:auto;contain-intrinsic-size:auto 260px}
.out{color:#a6acaf;background:#f4f6f6}
circle.dot{stroke:#fff;stroke-width:1;fill-opacity:.85}a:hover circle.dot{stroke:#1c2833;stroke-width:2}
ul.matches{font-size:.88em;margin:.3em 0 0;padding-left:1.6em}
${CONTENTS_CSS}`;

/** Characters of a group label the plot's left margin holds (170 px at 12 px type). */
const LABEL_CHARS = 26;

function stripPlot(input: HtmlReportInput, indexOf: ReadonlyMap<ResultRecord, number>): string {
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
    // A long label (several --by fields) is shortened to fit the margin; the whole of it is its tooltip.
    const full = `${label} (n = ${rs.length})`;
    const shown = full.length > LABEL_CHARS ? `…${full.slice(full.length - LABEL_CHARS + 1)}` : full;
    parts.push(`<text x="${left}" y="${cy + 4}" text-anchor="end"><title>${esc(full)}</title>${esc(shown)}</text>`);
    for (const r of rs) {
      const h = fnv1a(r.id);
      const jitter = ((h % 1000) / 1000 - 0.5) * (rowH - 16);
      const cx = typeof r.continuum === 'number' ? sx(r.continuum) : ne + (((h >>> 10) % 1000) / 1000 - 0.5) * 30;
      const p = (r.placement ?? 'no-evidence') as Placement;
      const cont = typeof r.continuum === 'number' ? (r.continuum > 0 ? '+' : '') + r.continuum.toFixed(2) : 'none';
      parts.push(`<a href="#doc-${indexOf.get(r)}"><circle class="dot" data-placement="${p}" cx="${cx.toFixed(1)}" cy="${(cy + jitter).toFixed(1)}" r="5.5" fill="${PLACEMENT_COLORS[p]}"><title>${esc(r.id)}: ${p}, continuum ${cont}</title></circle></a>`);
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

/** Explanations, each written once in the file: marks point at theirs by number (`data-e`). */
class Explanations {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(m: ResultMatch): number {
    const e = explain(m);
    let i = this.index.get(e);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(e);
      this.index.set(e, i);
    }
    return i;
  }
}

/**
 * The text with each match wrapped in <mark> (overlapping matches keep the first) and each range
 * left out of the scores wrapped in a greyed <span> (no counted match is ever inside one).
 */
function highlightText(text: string, matches: readonly ResultMatch[], leftOut: readonly [number, number][], ex: Explanations): string {
  type Piece = { start: number; end: number; open: string; close: string };
  const pieces: Piece[] = [];
  for (const m of [...matches].sort((a, b) => a.start - b.start || b.end - a.end)) {
    pieces.push({ start: m.start, end: m.end, open: `<mark class="${markClass(m)}" data-e="${ex.of(m)}">`, close: '</mark>' });
  }
  for (const [start, end] of leftOut) pieces.push({ start, end, open: '<span class="out" title="left out of the scores">', close: '</span>' });
  pieces.sort((a, b) => a.start - b.start || b.end - a.end);
  let pos = 0;
  let out = '';
  for (const p of pieces) {
    if (p.start < pos) continue;
    out += esc(text.slice(pos, p.start)) + p.open + esc(text.slice(p.start, p.end)) + p.close;
    pos = p.end;
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

/** Where a match is: a caption's cue time (better than a line of the .vtt file), else line:column. */
function whereOf(m: ResultMatch): string {
  return typeof m.time === 'string' ? m.time.replace(/\.\d+$/, '') : `${m.line}:${m.column}`;
}

function documentSection(r: ResultRecord, index: number, input: HtmlReportInput, ex: Explanations): string {
  if (r.status !== 'ok') return `<section class="doc" id="doc-${index}"><h3>${esc(r.id)} <span class="skipped">skipped</span></h3><p class="meta">${esc(r.reason ?? '')}</p></section>`;
  const p = (r.placement ?? 'no-evidence') as Placement;
  const cont = typeof r.continuum === 'number' ? `continuum ${(r.continuum > 0 ? '+' : '') + r.continuum.toFixed(2)}` : 'no continuum (no evidence)';
  const meta = r.meta && Object.keys(r.meta).length ? Object.entries(r.meta).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join(' · ') : '';
  const matches = input.textMatches?.get(r.id) ?? r.matches ?? [];
  const counted = matches.filter((m) => m.counted).length;
  const parts = [`<section class="doc" id="doc-${index}">`, `<h3>${esc(r.id)}<span class="badge" style="background:${PLACEMENT_COLORS[p]}">${p}</span></h3>`, `<div class="meta">${cont}; ${r.words ?? '?'} words; ${counted} counted match${counted === 1 ? '' : 'es'}${meta ? ` · ${meta}` : ''}</div>`];
  const text = input.noContext ? undefined : input.texts.get(r.id);
  if (text !== undefined) {
    parts.push(`<div class="text">${highlightText(text, matches, input.textLeftOut?.get(r.id) ?? [], ex)}</div>`);
    // The text shows each match in place: the list says once per entry what was found and why it counts.
    if (matches.length) {
      // (Short, as a large report repeats it for every document: the suggestions are in each mark's
      // tooltip and in the terms table.)
      const byEntry = new Map<string, { m: ResultMatch; forms: Set<string>; n: number; times: string[] }>();
      for (const m of matches) {
        const k = `${m.entry}\u0000${m.counted}`;
        let e = byEntry.get(k);
        if (!e) byEntry.set(k, (e = { m, forms: new Set(), n: 0, times: [] }));
        e.forms.add(m.text);
        e.n++;
        // A caption's cue time says where: kept (the first few).
        if (typeof m.time === 'string' && e.times.length < 3) e.times.push(whereOf(m));
      }
      parts.push('<ul class="matches">');
      for (const e of byEntry.values()) {
        const what = e.m.category === 'principle' ? e.m.principle : e.m.category;
        const at = e.times.length ? ` at <code>${e.times.join('</code>, <code>')}</code>${e.n > e.times.length ? ', …' : ''}` : '';
        parts.push(`<li>${[...e.forms].map((f) => `“${esc(f)}”`).join(', ')}${e.n > 1 ? ` ×${e.n}` : ''}${at} — ${what} (${esc(e.m.entry)})${e.m.counted ? '' : ', not counted'}</li>`);
      }
      parts.push('</ul>');
    }
  } else if (matches.length) {
    parts.push('<ol class="matches">');
    for (const m of matches) parts.push(`<li><code>${whereOf(m)}</code> ${input.noContext ? `“${esc(m.text)}”` : highlightSnippet(m)} — ${esc(explain(m))}</li>`);
    parts.push('</ol>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** Colours of the groups in the per-group bars, in group order (then repeated). */
const GROUP_COLORS = ['#2471a3', '#c0392b', '#1e8449', '#b7950b', '#7d3c98', '#ca6f1e', '#17a589', '#5d6d7e', '#a93226', '#2e86c1', '#229954', '#d4ac0d'];
const GROUP_BARS_MAX = GROUP_COLORS.length;

/** Principle prevalence per group: for each measure, a bar per group (the largest groups, at most 12). */
function groupBars(s: CorpusSummary): string {
  if (s.groups.length < 2) return '';
  const groups = [...s.groups].sort((a, b) => b.documents - a.documents).slice(0, GROUP_BARS_MAX);
  const items: [string, (g: (typeof groups)[number]) => { n: number; of: number }][] = [
    ['Any principle', (g) => g.any_principle],
    ...PRINCIPLES.map((p) => [p.charAt(0).toUpperCase() + p.slice(1), (g: (typeof groups)[number]) => g.principles[p]] as [string, (g: (typeof groups)[number]) => { n: number; of: number }]),
    ['Any stigmatizing term', (g) => g.stigma],
  ];
  const left = 190;
  const barW = 420;
  const barH = 9;
  const rowH = groups.length * (barH + 2) + 12;
  const width = left + barW + 80 + 180;
  const height = items.length * rowH + 10;
  const parts = [`<svg id="principle-bars-by-group" role="img" aria-label="Share of documents with each principle, per group" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">`];
  items.forEach(([label, of], i) => {
    const y0 = 5 + i * rowH;
    parts.push(`<text x="${left - 8}" y="${y0 + rowH / 2}" text-anchor="end">${esc(label)}</text>`);
    groups.forEach((g, k) => {
      const sh = of(g);
      const y = y0 + 4 + k * (barH + 2);
      const frac = sh.of ? sh.n / sh.of : 0;
      parts.push(`<rect x="${left}" y="${y}" width="${barW}" height="${barH}" fill="#f2f3f4"/><rect class="gbar" x="${left}" y="${y}" width="${(frac * barW).toFixed(1)}" height="${barH}" fill="${GROUP_COLORS[k]}"><title>${esc(g.label)}, ${esc(label)}: ${sh.n} of ${sh.of}</title></rect>`);
    });
  });
  groups.forEach((g, k) => parts.push(`<rect x="${left + barW + 90}" y="${5 + k * 16}" width="10" height="10" fill="${GROUP_COLORS[k]}"/><text x="${left + barW + 106}" y="${14 + k * 16}">${esc(g.label)} (n = ${g.documents})</text>`));
  parts.push('</svg>');
  const more = s.groups.length - groups.length;
  return `<p class="note">Per group${more ? ` (the ${GROUP_BARS_MAX} largest; ${more} more in the table)` : ''}:</p>\n${parts.join('\n')}`;
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const s = input.summary;
  const { header, rows } = measureRows(s);
  const terms = s.overall.terms_available ? (s.overall.terms.length ? table(TERM_HEADER, termRows(s.overall, s.decimals), 2) : '<p class="note">No stigmatizing terms were counted.</p>') : '<p class="note">Not available: CSV results carry no matches.</p>';
  const indexOf = new Map(input.records.map((r, i) => [r, i] as [ResultRecord, number]));
  const ex = new Explanations();
  const docs = input.records.map((r, i) => documentSection(r, i, input, ex)).join('\n');
  const groupOf = (r: ResultRecord) => s.by.map((f) => (s.by.length === 1 ? groupValue(r, f) ?? NO_VALUE : `${f}=${groupValue(r, f) ?? NO_VALUE}`)).join(', ');
  const contents = contentsTable(input.records.map((r, i) => ({ index: i, record: r, group: s.by.length ? groupOf(r) : '' })), s.by.length ? s.groups.map((g) => g.label) : []);
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
<p class="note">Each dot is one document (click it to read it): -1 means only antithetical evidence (stigmatizing terms, antithetical framings), +1 only relational evidence (indicators of the six principles). Documents with no evidence sit in their own column.</p>
${stripPlot(input, indexOf)}
${trendSection(input.records, s.by)}
<h2>Principles and stigmatizing language</h2>
${prevalenceBars(s)}
${groupBars(s)}
${table(header, rows)}
<p class="note">n (%) of the ${esc(s.unit)} in each column (N). Placement percentages use largest-remainder rounding so they add up to 100.</p>
<h2>Stigmatizing terms</h2>
${terms}
<h2>Documents</h2>
${input.textNote ? `<p class="note">${esc(input.textNote)}</p>\n` : input.noContext ? '<p class="note">Document text is hidden (--no-context).</p>\n' : ''}<p class="note">Click a column to sort; search, placement${s.by.length ? ', group' : ''} and continuum filter the table and the documents below it. Greyed text was left out of the scores.</p>
${contents}
${docs}
<footer>${esc(input.footer)}</footer>
${contentsScript(ex.list)}
</body>
</html>
`;
}
