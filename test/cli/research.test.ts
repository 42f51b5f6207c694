import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';
import { validateQde } from '../tools.js';

const ROOT = resolve(__dirname, '../..');
const FIX = join(ROOT, 'fixtures/research');
const BIN = join(ROOT, 'bin/harmlex.js');

/** A copy of the fixtures in a temp folder (tests write next to them). */
function work(): string {
  const d = tempDir();
  cpSync(FIX, d, { recursive: true });
  return d;
}

function kappas(o: unknown): number[] {
  const out: number[] = [];
  (function walk(x: unknown) {
    if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) {
      if (k === 'kappa' && typeof v === 'number') out.push(v);
      else walk(v);
    }
  })(o);
  return out;
}

describe('harmlex summarize', () => {
  it('--by site --format json: groups with n and %', async () => {
    const r = await runCli(['summarize', 'results.jsonl', '--by', 'site', '--format', 'json'], { cwd: FIX });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.groups.map((g: { label: string }) => g.label)).toEqual(['AL', 'PA']);
    expect(s.groups[0].placement.mixed).toEqual({ n: 2, of: 3, pct: 67 });
    expect(s.overall.skipped).toBe(1);
  });

  it('markdown by default in a pipe; table on a terminal', async () => {
    const md = await runCli(['summarize', 'results.jsonl'], { cwd: FIX });
    expect(md.stdout).toMatch(/^\*\*Table\./);
    expect(md.stdout).toContain('| Any stigmatizing term | 3 (50%) |');
    const t = await runCli(['summarize', 'results.jsonl'], { cwd: FIX, stdoutIsTTY: true });
    expect(t.stdout).toMatch(/^Measure\s+Overall \(N = 6\)/);
  });

  it('warns about a grouping field no document has; exit 2 for a missing file', async () => {
    const r = await runCli(['summarize', 'results.jsonl', '--by', 'ward', '--format', 'csv'], { cwd: FIX });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no document has a value for "ward"/);
    const m = await runCli(['summarize', 'nope.jsonl'], { cwd: FIX });
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/cannot read results nope\.jsonl: no such file/);
  });
});

describe('harmlex agree', () => {
  it('two coders, hand-computed: 10 items, A yes on 1-5, B yes on 1-4 and 6 -> kappa 0.6', async () => {
    const d = tempDir();
    const a = ['id,stigma'];
    const b = ['id,stigma'];
    for (let i = 1; i <= 10; i++) {
      a.push(`d${i},${i <= 5 ? 1 : 0}`);
      b.push(`d${i},${i <= 4 || i === 6 ? 1 : 0}`);
    }
    writeFileSync(join(d, 'c1.csv'), a.join('\n'));
    writeFileSync(join(d, 'c2.csv'), b.join('\n'));
    const r = await runCli(['agree', '--gold', 'c1.csv', '--gold', 'c2.csv', '--format', 'json'], { cwd: d });
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    const c = o.comparisons[0].codes[0];
    expect(c).toMatchObject({ code: 'stigma', n: 10, percent_agreement: 80, kappa: 0.6 });
    expect(c.kappa_se).toBeCloseTo(0.253, 3);
    expect(c.kappa_ci95).toEqual([0.1042, 1]);
    expect(c.precision).toBeUndefined(); // no P/R/F1 between two people
  });

  it('harmlex against the coders of the fixtures: kappa 1 with coder 1; 0.5714 for placement with coder 2', async () => {
    const r = await runCli(['agree', 'results.jsonl', '--gold', 'coder1.csv', '--gold', 'coder2.csv', '--format', 'json'], { cwd: FIX });
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.comparisons.map((c: { a: string; b: string }) => `${c.a}|${c.b}`)).toEqual(['harmlex|coder1.csv', 'harmlex|coder2.csv', 'coder1.csv|coder2.csv']);
    expect(kappas(o.comparisons[0]).every((k) => k === 1)).toBe(true);
    const placement = o.comparisons[1].codes.find((c: { code: string }) => c.code === 'placement');
    // pe = (1*2 + 3*1 + 1*2 + 1*1) / 36 = 8/36; po = 4/6; kappa = (4/6 - 8/36) / (1 - 8/36) = 0.5714
    expect(placement.kappa).toBeCloseTo(0.5714, 4);
    expect(placement.confusion.matrix[1]).toEqual([1, 1, 1, 0]); // harmlex "mixed" row
    const stigma = o.comparisons[1].codes.find((c: { code: string }) => c.code === 'stigma');
    expect(stigma).toMatchObject({ tp: 2, fp: 1, fn: 1, tn: 2, kappa: 0.3333 });
  });

  it('table and csv formats; usage errors exit 2', async () => {
    const t = await runCli(['agree', 'results.jsonl', '--gold', 'coder2.csv', '--format', 'table'], { cwd: FIX });
    expect(t.stdout).toMatch(/harmlex vs coder2\.csv: 6 items matched/);
    expect(t.stdout).toMatch(/confusion matrix/);
    const c = await runCli(['agree', 'results.jsonl', '--gold', 'coder2.csv', '--format', 'csv'], { cwd: FIX });
    expect(c.stdout.split('\n')[0]).toMatch(/^coder_a,coder_b,code,n,percent_agreement,kappa,/);
    expect((await runCli(['agree', 'results.jsonl'], { cwd: FIX })).code).toBe(2);
    expect((await runCli(['agree', '--gold', 'coder1.csv'], { cwd: FIX })).code).toBe(2);
  });

  it('constant codes: kappa null with a note, no NaN', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'a.csv'), 'id,stigma\nx,0\ny,0\n');
    writeFileSync(join(d, 'b.csv'), 'id,stigma\nx,0\ny,0\n');
    const r = await runCli(['agree', '--gold', 'a.csv', '--gold', 'b.csv', '--format', 'json'], { cwd: d });
    expect(r.stdout).not.toMatch(/NaN/);
    const c = JSON.parse(r.stdout).comparisons[0].codes[0];
    expect(c.kappa).toBeNull();
    expect(c.note).toMatch(/not defined/);
  });
});

describe('harmlex sample and agree --adjudicated', () => {
  it('the same seed gives the same sheet; filled verdicts give per-entry precision', async () => {
    const d = work();
    const a = await runCli(['sample', 'results.jsonl', '--per-entry', '1', '--seed', '42', '-o', 's1.csv'], { cwd: d });
    const b = await runCli(['sample', 'results.jsonl', '--per-entry', '1', '--seed', '42', '-o', 's2.csv'], { cwd: d });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const s1 = readFileSync(join(d, 's1.csv'), 'utf8');
    expect(s1).toBe(readFileSync(join(d, 's2.csv'), 'utf8'));
    expect(s1.split('\n')[0]).toMatch(/,verdict,note$/);
    const lines = s1.trim().split('\n');
    expect(lines).toHaveLength(1 + 9); // nine entries matched in the fixtures, one match each
    // Fill in verdicts: the first sampled match is wrong, every other right.
    const filled = lines.map((l, i) => (i === 0 ? l : l.replace(/,,$/, i === 1 ? ',incorrect,' : ',correct,'))).join('\n');
    writeFileSync(join(d, 'filled.csv'), filled);
    const r = await runCli(['agree', '--adjudicated', 'filled.csv', '--format', 'json'], { cwd: d });
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout).adjudication.entries as { entry: string; precision: number }[];
    expect(entries).toHaveLength(9);
    expect(entries.filter((e) => e.precision === 0)).toHaveLength(1);
  });
});

describe('scan --matches and --summary', () => {
  it('writes one row per match, and the summary on stderr when stdout carries CSV', async () => {
    const d = work();
    const r = await runCli(['scan', 'docs', '-l', 'lexicon.yaml', '--format', 'csv', '--matches', 'm.csv', '--summary'], { cwd: d });
    expect(r.code).toBe(2); // docs/AL.4.txt is empty: skipped
    const m = readFileSync(join(d, 'm.csv'), 'utf8').trim().split('\n');
    expect(m[0]).toBe('id,entry,category,principle,text,line,column,start,end,negated,counted,suggest,context');
    expect(m).toHaveLength(1 + 15);
    expect(r.stdout).not.toMatch(/Measure/);
    expect(r.stderr).toMatch(/Measure\s+Overall \(N = 6\)/);
    expect(r.stderr).toMatch(/Skipped \(not scored\)\s+1/);
  });

  it('--summary-output FILE.md writes markdown; --matches .jsonl writes JSON lines', async () => {
    const d = work();
    const r = await runCli(['scan', 'docs/PA.1.txt', '-l', 'lexicon.yaml', '--format', 'jsonl', '--matches', 'm.jsonl', '--summary-output', 's.md'], { cwd: d });
    expect(r.code).toBe(0);
    expect(readFileSync(join(d, 's.md'), 'utf8')).toContain('| Placement: relational | 1 (100%) |');
    const rows = readFileSync(join(d, 'm.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.entry)).toEqual(['where-they-are', 'their-choice', 'small-steps']);
  });
});

describe('the real binary', () => {
  it('report, export-qdpx (valid against the schema) and a codebook alone', () => {
    const d = work();
    execFileSync(process.execPath, [BIN, 'report', 'results.jsonl', '--by', 'site', '-o', 'r.html'], { cwd: d, stdio: 'pipe' });
    const html = readFileSync(join(d, 'r.html'), 'utf8');
    expect(html).toContain('<svg id="continuum-plot"');
    expect(html).toContain('<mark class="m-stigma"');
    const ex = spawnSync(process.execPath, [BIN, 'export-qdpx', 'results.jsonl', 'docs', '-o', 'p.qdpx', '-l', 'lexicon.yaml', '--codebook', 'c.qdc'], { cwd: d, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
    expect(ex.status, ex.stderr).toBe(0);
    expect(ex.stderr).toMatch(/6 sources, 15 coded selections/);
    const zip = readFileSync(join(d, 'p.qdpx'));
    // project.qde is the first entry: read it from the local header.
    const nameLen = zip.readUInt16LE(26);
    expect(zip.subarray(30, 30 + nameLen).toString()).toBe('project.qde');
    const size = zip.readUInt32LE(18);
    const body = zip.subarray(30 + nameLen, 30 + nameLen + size);
    const qde = (zip.readUInt16LE(8) === 8 ? inflateRawSync(body) : body).toString('utf8');
    expect(qde).toContain('creationDateTime="2023-11-14T22:13:20Z"');
    expect(qde.match(/<PlainTextSelection /g)).toHaveLength(15);
    writeFileSync(join(d, 'project.qde'), qde);
    const report = validateQde(join(d, 'project.qde'));
    if (report !== null) expect(report).toContain('validates');
    expect(readFileSync(join(d, 'c.qdc'), 'utf8')).toContain('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"');
  });
});

describe('fixtures/research/results.jsonl', () => {
  it('is what scan writes today (regenerate: see fixtures/research/README.md)', () => {
    const scan = spawnSync(process.execPath, [BIN, 'scan', 'docs', '-l', 'lexicon.yaml', '--format', 'jsonl'], { cwd: FIX, encoding: 'utf8' });
    expect(scan.status).toBe(2); // docs/AL.4.txt is empty on purpose
    const withMeta = execFileSync(process.execPath, ['add-meta.mjs'], { cwd: FIX, input: scan.stdout, encoding: 'utf8' });
    expect(withMeta).toBe(readFileSync(join(FIX, 'results.jsonl'), 'utf8'));
  });
});
