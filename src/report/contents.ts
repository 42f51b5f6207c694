/**
 * The report's contents table: every document with its group, placement, continuum and scores,
 * sortable by any column and filterable by placement, group, continuum and text, with a few lines
 * of plain JavaScript inside the file (no library, no network). Without JavaScript the table is
 * still there, in file order, every row a link. Pure.
 */
import type { ResultRecord } from '../research/types.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ContentsRow {
  index: number;
  record: ResultRecord;
  group: string;
}

const score = (r: ResultRecord, k: string): number | '' => {
  const v = (r.scores as Record<string, number> | undefined)?.[k] ?? r.counts?.[k as 'stigma'];
  return typeof v === 'number' ? v : '';
};

export const CONTENTS_CSS = `
.filters{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;margin:.4em 0 .6em;font-size:.92em}
.filters input,.filters select{font:inherit;padding:2px 6px}.filters input[type=number]{width:5.5em}
.contents-wrap{max-height:28em;overflow:auto;border:1px solid var(--line)}
#contents{margin:0;width:100%}#contents th{position:sticky;top:0;background:#fff;cursor:pointer;user-select:none;white-space:nowrap}
#contents th[aria-sort=ascending]::after{content:" ▲"}#contents th[aria-sort=descending]::after{content:" ▼"}
#contents td{white-space:nowrap}#contents td.l{max-width:28em;overflow:hidden;text-overflow:ellipsis}
`;

/** The table and its controls. `groups`: the group labels, in order (none: not grouped). */
export function contentsTable(rows: readonly ContentsRow[], groups: readonly string[]): string {
  const placementOptions = ['relational', 'mixed', 'antithetical', 'no-evidence', 'skipped'].map((p) => `<option>${p}</option>`).join('');
  const groupSelect = groups.length ? `<label>group <select id="f-group"><option value="">all</option>${groups.map((g) => `<option>${esc(g)}</option>`).join('')}</select></label>` : '';
  const body = rows
    .map(({ index, record: r, group }) => {
      const p = r.status === 'ok' ? r.placement ?? 'no-evidence' : 'skipped';
      const c = typeof r.continuum === 'number' ? r.continuum.toFixed(2) : '';
      return `<tr data-i="${index}" data-p="${p}"${groups.length ? ` data-g="${esc(group)}"` : ''}><td>${index + 1}</td><td class="l"><a href="#doc-${index}">${esc(r.id)}</a></td>${groups.length ? `<td class="l">${esc(group)}</td>` : ''}<td class="l">${p}</td><td>${c}</td><td>${score(r, 'stigma')}</td><td>${score(r, 'antithetical')}</td><td>${score(r, 'relational')}</td><td>${r.words ?? ''}</td></tr>`;
    })
    .join('\n');
  const head = ['#', 'document', ...(groups.length ? ['group'] : []), 'placement', 'continuum', 'stigma', 'antithetical', 'relational', 'words'];
  const numeric = new Set(['#', 'continuum', 'stigma', 'antithetical', 'relational', 'words']);
  return `<div class="filters" id="filters">
<label>search <input id="f-text" type="search" placeholder="id, metadata or text"></label>
<label>placement <select id="f-placement"><option value="">all</option>${placementOptions}</select></label>
${groupSelect}<label>continuum from <input id="f-min" type="number" min="-1" max="1" step="0.1"></label><label>to <input id="f-max" type="number" min="-1" max="1" step="0.1"></label>
<span id="f-count" class="note">${rows.length} of ${rows.length} documents</span>
</div>
<div class="contents-wrap"><table id="contents"><thead><tr>${head.map((h) => `<th${numeric.has(h) ? ' data-num="1"' : ''} scope="col">${h}</th>`).join('')}</tr></thead><tbody>
${body}
</tbody></table></div>`;
}

/**
 * Sorting and filtering, and the explanations of highlighted terms (set as a tooltip on hover, from
 * one list, so a large report does not repeat them on every mark). A filter hides the table's rows
 * and the documents' sections alike.
 */
export function contentsScript(explanations: readonly string[]): string {
  // (Inline and small: no module, no network; JSON is safe inside <script> once "<" is escaped.)
  const data = JSON.stringify(explanations).replace(/</g, '\\u003c');
  return `<script>
(function () {
  var EXPLAIN = ${data};
  document.addEventListener('mouseover', function (e) {
    var m = e.target;
    if (m && m.tagName === 'MARK' && m.dataset.e && !m.title) m.title = EXPLAIN[+m.dataset.e] || '';
  });
  var table = document.getElementById('contents');
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var texts = {};
  function textOf(tr) {
    var i = tr.dataset.i;
    if (texts[i] === undefined) {
      var s = document.getElementById('doc-' + i);
      texts[i] = ((s ? s.textContent : '') + ' ' + tr.textContent).toLowerCase();
    }
    return texts[i];
  }
  var $ = function (id) { return document.getElementById(id); };
  function apply() {
    var q = ($('f-text').value || '').toLowerCase().trim();
    var p = $('f-placement').value, g = $('f-group') ? $('f-group').value : '';
    var lo = $('f-min').value === '' ? -Infinity : +$('f-min').value;
    var hi = $('f-max').value === '' ? Infinity : +$('f-max').value;
    var shown = 0;
    rows.forEach(function (tr) {
      var c = tr.cells[$('f-group') ? 4 : 3].textContent;
      var cv = c === '' ? null : +c;
      var ok = (!p || tr.dataset.p === p) && (!g || tr.dataset.g === g) &&
        ((lo === -Infinity && hi === Infinity) || (cv !== null && cv >= lo && cv <= hi)) && (!q || textOf(tr).indexOf(q) !== -1);
      tr.hidden = !ok;
      var s = $('doc-' + tr.dataset.i);
      if (s) s.hidden = !ok;
      if (ok) shown++;
    });
    $('f-count').textContent = shown + ' of ' + rows.length + ' documents';
  }
  ['f-text', 'f-placement', 'f-group', 'f-min', 'f-max'].forEach(function (id) { var el = $(id); if (el) el.addEventListener('input', apply); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var num = th.dataset.num === '1';
      rows.sort(function (a, b) {
        var x = a.cells[col].textContent, y = b.cells[col].textContent;
        if (num) {
          var nx = x === '' ? Infinity : +x, ny = y === '' ? Infinity : +y;
          return (nx === ny ? 0 : nx < ny ? -1 : 1) * dir || (+a.dataset.i - +b.dataset.i);
        }
        return x.localeCompare(y) * dir || (+a.dataset.i - +b.dataset.i);
      });
      rows.forEach(function (tr) { tbody.appendChild(tr); });
    });
  });
})();
</script>`;
}
