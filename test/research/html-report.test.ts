/**
 * The HTML report, rendered in a real headless browser (Debian's chromium). Skips with a message
 * when chromium is missing or cannot start; .ci/run installs it where apt is available.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../src/io/results.js';
import { readSourceTexts } from '../../src/io/source-texts.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { summarize } from '../../src/research/summary.js';
import { tempDir } from '../helpers.js';
import type { ResultRecord } from '../../src/research/types.js';

const FIX = resolve(__dirname, '../../fixtures/research');
const OUT = resolve(__dirname, '../../test-output');

const { records: fixtureRecords } = readResults(['results.jsonl'], FIX);
const { texts: fixtureTexts } = await readSourceTexts(fixtureRecords, [], { cwd: FIX, maxFileSize: 1 << 24, stdinId: 'stdin' });

function build(noContext = false): string {
  const records = fixtureRecords;
  const texts = fixtureTexts;
  return renderHtmlReport({ title: 'Fixture report', records, summary: summarize(records, { by: ['site'] }), texts: new Map([...texts].map(([k, v]) => [k, v.text])), noContext, footer: 'test' });
}

const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find((c) => spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function chromium(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(CHROMIUM!, [...FLAGS, `--user-data-dir=${tempDir('harmlex-chromium-')}`, ...args], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const canStart = (() => {
  if (!CHROMIUM) return 'chromium is not installed (Debian: apt-get install -y chromium)';
  const r = chromium(['--dump-dom', 'data:text/html,<p id=ok>ok</p>']);
  return r.stdout.includes('id="ok"') ? '' : `chromium did not start: ${r.stderr.split('\n').slice(-3).join(' ')}`;
})();
if (canStart) console.warn(`SKIP headless browser test of the HTML report: ${canStart}`);
// Under CI=true (.ci/run installs chromium) a browser that cannot start fails, never a silent skip.
it.runIf(Boolean(canStart) && process.env.CI === 'true')('chromium starts headless (CI=true needs it: apt-get install chromium, as .ci/run does)', () => {
  throw new Error(canStart);
});

describe('HTML report (static checks)', () => {
  const html = build();
  it('is self-contained: one inline script, no external resource', () => {
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).not.toMatch(/<script[^>]*src=/i);
    expect(html).not.toMatch(/fetch\(|XMLHttpRequest|import\(/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain('<svg id="continuum-plot"');
  });
  it('has a dot per scored document, coloured by placement, and the matches highlighted', () => {
    expect(html.match(/<a href="#doc-\d+"><circle class="dot"/g)).toHaveLength(6);
    expect(html).toContain('data-placement="no-evidence"');
    // Each explanation is written once; a mark points at it (the tooltip is set on hover).
    const e = /<mark class="m-stigma" data-e="(\d+)">addict<\/mark>/.exec(html);
    expect(e).not.toBeNull();
    const list = JSON.parse(/var EXPLAIN = (\[.*?\]);/.exec(html)![1]!) as string[];
    expect(list[Number(e![1])]).toBe('stigma (addict); suggest: person who uses drugs');
  });
  it('--no-context keeps document text out', () => {
    const h = build(true);
    expect(h).not.toContain('treat everyone with');
    expect(h).not.toMatch(/<mark/);
    expect(h).toContain('Document text is hidden');
  });
});

describe.skipIf(Boolean(canStart))(`HTML report in headless Chromium${canStart ? ` (skipped: ${canStart})` : ''}`, () => {
  it('renders the plot, the bars and the highlights visibly; screenshot saved under test-output/', () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'research-report.html');
    writeFileSync(file, build());
    // A copy with a probe script that measures what the browser laid out.
    const probe = `<script>
      const box = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
      const marks = [...document.querySelectorAll('mark')];
      const out = {
        plot: box(document.getElementById('continuum-plot')),
        dots: [...document.querySelectorAll('#continuum-plot circle.dot')].filter(box).length,
        bars: [...document.querySelectorAll('#principle-bars rect.bar')].filter(box).length,
        marks: marks.filter(box).length,
        markBg: marks.length ? getComputedStyle(marks[0]).backgroundColor : '',
      };
      document.body.setAttribute('data-probe', JSON.stringify(out));
    </script>`;
    const probeFile = join(OUT, 'research-report-probe.html');
    writeFileSync(probeFile, readFileSync(file, 'utf8').replace('</body>', `${probe}</body>`));
    const dom = chromium(['--dump-dom', '--virtual-time-budget=5000', pathToFileURL(probeFile).href]);
    const m = /data-probe="([^"]*)"/.exec(dom.stdout);
    expect(m, `no probe output; chromium said: ${dom.stderr.slice(-300)}`).not.toBeNull();
    const probeOut = JSON.parse(m![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { plot: boolean; dots: number; bars: number; marks: number; markBg: string };
    expect(probeOut.plot).toBe(true);
    expect(probeOut.dots).toBe(6);
    expect(probeOut.bars).toBeGreaterThan(0);
    expect(probeOut.marks).toBeGreaterThan(10);
    expect(probeOut.markBg).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);

    const png = join(OUT, 'research-report.png');
    const shot = chromium(['--screenshot=' + png, '--window-size=1200,1600', '--hide-scrollbars', pathToFileURL(file).href]);
    expect(existsSync(png), `no screenshot; chromium said: ${shot.stderr.slice(-300)}`).toBe(true);
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});

/** A report of `n` notes of some 200 words (the QI analyst's export), each note different. */
function corpusReport(n: number): { html: string; records: number } {
  const phrases = ['Pt seen for f/u, vitals stable.', 'Pt is drug seeking and noncompliant.', 'Discussed goals; it is her choice to reduce use.', 'Offered naloxone and fentanyl test strips.', 'Patient is a known addict.', 'We will meet him where he is and try again next week.', 'Frequent flyer again.', 'Harm reduction supplies provided without judgment.', 'Any reduction is progress.'];
  const filler = ['Assessment unchanged.', 'Labs pending.', 'Ambulating in hall.', 'Tolerating diet.', 'Family at bedside.'];
  const records: ResultRecord[] = [];
  const texts = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    let text = '';
    const matches: ResultRecord['matches'] = [];
    for (let k = 0; k < 34; k++) {
      const p = k % 6 === 0 ? phrases[(i * 7 + k) % phrases.length]! : filler[(i + k) % filler.length]!;
      const hit = /drug seeking|addict|her choice|naloxone|meet him where he is|Frequent flyer|progress/.exec(p);
      if (hit) {
        const start = text.length + hit.index;
        const cat = /choice|meet|progress/.test(hit[0]) ? 'principle' : /naloxone/.test(hit[0]) ? 'structural' : 'stigma';
        matches!.push({ entry: hit[0].toLowerCase().replace(/\W+/g, '-'), category: cat, principle: cat === 'principle' ? 'autonomy' : null, text: hit[0], line: 1, column: start + 1, start, end: start + hit[0].length, negated: false, counted: true, suggest: cat === 'stigma' ? ['person-first wording'] : [], context: null } as never);
      }
      text += `${p} `;
    }
    const stigma = matches!.filter((m) => m.category === 'stigma').length;
    const rel = matches!.filter((m) => m.category === 'principle').length;
    const c = stigma + rel ? (rel - stigma) / (rel + stigma) : null;
    const placement = c === null ? 'no-evidence' : c >= 0.5 ? 'relational' : c <= -0.5 ? 'antithetical' : 'mixed';
    records.push({ id: `n${String(i).padStart(4, '0')}`, status: 'ok', words: 200, placement, continuum: c, principles: { autonomy: rel }, counts: { stigma, antithetical: stigma, relational: rel }, meta: { unit: ['4W', 'ED', 'ICU', '5E', 'MICU'][i % 5]! }, matches } as ResultRecord);
    texts.set(records[i]!.id, text);
  }
  return { html: renderHtmlReport({ title: 'Notes', records, summary: summarize(records, { by: ['unit'] }), texts, noContext: false, footer: 'test' }), records: n };
}

describe('HTML report at a corpus\'s size (2,000 notes)', () => {
  const { html } = corpusReport(2000);
  it('stays under 5 MB, with a contents row, a linked dot and a section per document, and per-group principle bars', () => {
    expect(Buffer.byteLength(html)).toBeLessThan(5_000_000);
    expect(html.match(/<tr data-i=/g)).toHaveLength(2000);
    expect(html.match(/<a href="#doc-\d+"><circle class="dot"/g)).toHaveLength(2000);
    expect(html.match(/<section class="doc" id="doc-\d+"/g)).toHaveLength(2000);
    expect(html).toContain('id="principle-bars-by-group"');
  });

  it.skipIf(Boolean(canStart))(`opens in headless Chromium (its load time written to test-output/, not asserted: speed belongs to a benchmark, and this machine's load varies); sorting and filtering work; screenshots at 1280x900 and 390x844${canStart ? ` (skipped: ${canStart})` : ''}`, () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'corpus-report.html');
    writeFileSync(file, html);
    const probe = `<script>
      window.addEventListener('load', function () {
        var out = { load: performance.now(), rows: document.querySelectorAll('#contents tbody tr').length };
        var visible = function (sel) { return [].filter.call(document.querySelectorAll(sel), function (e) { return !e.hidden; }).length; };
        var p = document.getElementById('f-placement'); p.value = 'antithetical'; p.dispatchEvent(new Event('input'));
        out.antiRows = visible('#contents tbody tr'); out.antiDocs = visible('section.doc');
        out.antiAll = [].every.call(document.querySelectorAll('#contents tbody tr:not([hidden])'), function (r) { return r.dataset.p === 'antithetical'; });
        p.value = ''; var q = document.getElementById('f-text'); q.value = 'frequent flyer'; q.dispatchEvent(new Event('input'));
        out.search = visible('section.doc');
        q.value = ''; q.dispatchEvent(new Event('input'));
        var th = [].filter.call(document.querySelectorAll('#contents th'), function (h) { return h.textContent === 'continuum'; })[0];
        th.click();
        var cells = [].map.call(document.querySelectorAll('#contents tbody tr'), function (r) { return r.cells[th.cellIndex].textContent; }).filter(function (x) { return x !== ''; }).map(Number);
        out.sorted = cells.every(function (x, i) { return i === 0 || cells[i - 1] <= x; });
        document.body.setAttribute('data-probe', JSON.stringify(out));
      });
    </script>`;
    const probeFile = join(OUT, 'corpus-report-probe.html');
    writeFileSync(probeFile, html.replace('</body>', `${probe}</body>`));
    const dom = chromium(['--dump-dom', pathToFileURL(probeFile).href]);
    const m = /data-probe="([^"]*)"/.exec(dom.stdout);
    expect(m, `no probe output; chromium said: ${dom.stderr.slice(-300)}`).not.toBeNull();
    const out = JSON.parse(m![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { load: number; rows: number; antiRows: number; antiDocs: number; antiAll: boolean; search: number; sorted: boolean };
    writeFileSync(join(OUT, 'corpus-report-load.txt'), `${Math.round(out.load)} ms from navigation to the load event, 2,000 documents\n`);
    expect(out.rows).toBe(2000);
    expect(out.antiRows).toBeGreaterThan(0);
    expect(out.antiRows).toBeLessThan(2000);
    expect(out.antiDocs).toBe(out.antiRows);
    expect(out.antiAll).toBe(true);
    expect(out.search).toBeGreaterThan(0);
    expect(out.search).toBeLessThan(2000);
    expect(out.sorted).toBe(true);
    for (const [w, h] of [[1280, 900], [390, 844]] as const) {
      const png = join(OUT, `corpus-report-${w}x${h}.png`);
      const shot = chromium([`--screenshot=${png}`, `--window-size=${w},${h}`, '--hide-scrollbars', pathToFileURL(file).href]);
      expect(existsSync(png), `no screenshot; chromium said: ${shot.stderr.slice(-300)}`).toBe(true);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(png).size).toBeGreaterThan(w > 1000 ? 40_000 : 15_000);
    }
  }, 180_000);
});

describe('left-out turns are greyed', () => {
  it('a transcript scanned with --exclude-speaker shows the interviewer turns in a greyed span, unscored', () => {
    const text = 'Interviewer: Are they addicts?\nP: We meet people where they are.\nInterviewer: Thanks.\nP: Any step is progress.\n';
    const r: ResultRecord = { id: 't.txt', status: 'ok', words: 10, placement: 'relational', continuum: 1, speakers: [{ speaker: 'Interviewer', turns: 2, excluded: true, words: 4 }, { speaker: 'P', turns: 2 }], matches: [] };
    const h = renderHtmlReport({ title: 't', records: [r], summary: summarize([r]), texts: new Map([['t.txt', text]]), textLeftOut: new Map([['t.txt', [[12, 31], [78, 86]] as [number, number][]]]), noContext: false, footer: '' });
    expect(h).toContain('<span class="out" title="left out of the scores"> Are they addicts?\n</span>');
    expect(h).toMatch(/\.out\{color:#a6acaf/);
  });
});

describe('the strip plot\'s group labels', () => {
  it('a label longer than the margin is shortened from the left, whole in its tooltip', () => {
    const rs: ResultRecord[] = ['4W', 'ED'].map((u, i) => ({ id: `n${i}`, status: 'ok', words: 10, placement: 'mixed', continuum: 0, meta: { note_date: '2026-01-05', unit: u }, matches: [] }));
    const h = renderHtmlReport({ title: 't', records: rs, summary: summarize(rs, { by: ['note_date:month', 'unit'] }), texts: new Map(), noContext: true, footer: '' });
    expect(h).toContain('<title>note_date:month=2026-01, unit=4W (n = 1)</title>…');
    for (const m of h.matchAll(/text-anchor="end"><title>[^<]*<\/title>([^<]*)<\/text>/g)) expect(m[1]!.length).toBeLessThanOrEqual(26);
  });
});
