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
  it('is self-contained: no script, no external resource', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain('<svg id="continuum-plot"');
  });
  it('has a dot per scored document, coloured by placement, and the matches highlighted', () => {
    expect(html.match(/<circle class="dot"/g)).toHaveLength(6);
    expect(html).toContain('data-placement="no-evidence"');
    expect(html).toMatch(/<mark class="m-stigma" id="d0m0" title="stigma \(addict\); suggest: person who uses drugs">addict<\/mark>/);
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
