/**
 * The researcher's and the QI analyst's jobs end to end (issue 17): formats by extension, outputs
 * that are not regular files, speakers that never fail silently, privacy downstream of --no-context,
 * one way to read a source, joins, time buckets, ranking, samples, encodings.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';
import { listZip, readZipEntry } from '../../src/io/readers/zip.js';
import { makeDocx, para } from '../io/docx-helper.js';
import { validateQde } from '../tools.js';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/harmlex.js');

/** A folder with these files (text). */
function folder(files: Record<string, string | Buffer>): string {
  const dir = tempDir('harmlex-wf-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const NOTES = 'a.txt';
const notes = () => folder({ [NOTES]: 'The patient is an addict. It is her choice.\n', 'b.txt': 'We meet people where they are.\n' });

describe('formats by extension', () => {
  it('scan -o FILE without -f writes the format its extension names', async () => {
    const d = notes();
    for (const [file, test] of [
      ['r.jsonl', (s: string) => s.split('\n').filter(Boolean).every((l) => JSON.parse(l).id)],
      ['r.json', (s: string) => Array.isArray(JSON.parse(s).documents)],
      ['r.csv', (s: string) => s.startsWith('id,status,')],
    ] as const) {
      const r = await runCli(['scan', 'a.txt', 'b.txt', '-o', file], { cwd: d });
      expect(r.code, r.stderr).toBe(0);
      expect(test(readFileSync(join(d, file), 'utf8')), file).toBe(true);
    }
  });

  it('summarize, check, agree and lexicon list pick their format from -o too; a format a command cannot write is a warning', async () => {
    const d = notes();
    await runCli(['scan', 'a.txt', 'b.txt', '-o', 'r.jsonl'], { cwd: d });
    const s = await runCli(['summarize', 'r.jsonl', '-o', 's.csv'], { cwd: d });
    expect(s.code, s.stderr).toBe(0);
    expect(readFileSync(join(d, 's.csv'), 'utf8')).not.toMatch(/^\*\*Table/);
    const sj = await runCli(['summarize', 'r.jsonl', '-o', 's.json'], { cwd: d });
    expect(sj.code).toBe(0);
    expect(JSON.parse(readFileSync(join(d, 's.json'), 'utf8')).overall).toBeTruthy();
    const c = await runCli(['check', 'a.txt', '-o', 'c.sarif'], { cwd: d });
    expect(c.code).toBe(1);
    expect(JSON.parse(readFileSync(join(d, 'c.sarif'), 'utf8')).version).toBe('2.1.0');
    const l = await runCli(['lexicon', 'list', '-o', 'l.md'], { cwd: d });
    expect(l.code).toBe(0);
    expect(readFileSync(join(d, 'l.md'), 'utf8')).toMatch(/\|/);
    writeFileSync(join(d, 'coded.jsonl'), `${JSON.stringify({ id: 'c1', text: 'He is an addict.', placement: 'antithetical', principles: [], categories: ['stigma'], stigma_terms: ['addict'], not_stigma_terms: [], split: 'dev' })}\n`);
    const ev = await runCli(['eval', 'coded.jsonl', '--split', 'all', '-o', 'e.md'], { cwd: d });
    expect(ev.code, ev.stderr).toBe(0);
    expect(readFileSync(join(d, 'e.md'), 'utf8')).not.toMatch(/^\s*\{/);
    const h = await runCli(['scan', 'a.txt', '-o', 'r.html'], { cwd: d });
    expect(h.code).toBe(0);
    expect(h.stderr).toMatch(/does not write html; writing csv/);
  });

  it('-o creates missing parent folders', async () => {
    const d = notes();
    const r = await runCli(['scan', 'a.txt', '-o', 'out/deep/r.jsonl'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(d, 'out/deep/r.jsonl'))).toBe(true);
    const s = await runCli(['summarize', 'out/deep/r.jsonl', '-o', 'tables/s.md'], { cwd: d });
    expect(s.code, s.stderr).toBe(0);
    expect(readFileSync(join(d, 'tables/s.md'), 'utf8')).toMatch(/\*\*Table/);
  });

  it.each([
    ['scan', ['scan', 'a.txt', '-f', 'jsonl', '-o', '/dev/stdout'], /"status":"ok"/],
    ['scan -o -', ['scan', 'a.txt', '-f', 'jsonl', '-o', '-'], /"status":"ok"/],
    ['check -f sarif', ['check', 'a.txt', '-f', 'sarif', '-o', '/dev/stdout'], /"version": ?"2\.1\.0"/],
    ['summarize', ['summarize', 'r.jsonl', '-f', 'csv', '-o', '/dev/stdout'], /stigma/i],
  ])('%s -o /dev/stdout in a pipe (spawned)', (_name, args, want) => {
    const d = notes();
    spawnSync(process.execPath, [BIN, 'scan', 'a.txt', 'b.txt', '-o', 'r.jsonl'], { cwd: d });
    // maxBuffer: spawnSync kills a child (SIGTERM) whose output passes it, 1 MB by default.
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: d, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
    expect(r.signal, 'killed').toBeNull();
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBeLessThanOrEqual(1);
    expect(r.stdout).toMatch(want);
  });

  it('-o /dev/null (a device) is written, not refused', async () => {
    const d = notes();
    const r = await runCli(['scan', 'a.txt', '-o', '/dev/null'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
  });
});

const TRANSCRIPT = 'Interviewer: Tell me about the clinic.\nP03: Junkies, all of them.\nInterviewer: Anything else?\nP03: We meet people where they are.\n';

describe('speakers never fail silently', () => {
  it('a --speaker name that matches no label: a warning per document listing the labels found, exit 2 when it matches none in the run', async () => {
    const d = folder({ 'tr/a.txt': TRANSCRIPT, 'tr/b.txt': TRANSCRIPT.replace(/P03/g, 'P04') });
    const r = await runCli(['scan', 'tr', '--speaker', 'Participant', '-f', 'jsonl'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tr\/a\.txt: speaker "Participant" matches no label; labels found: Interviewer, P03/);
    expect(r.stderr).toMatch(/matches no label in any document \(labels found: Interviewer, P03, P04\)/);
    const one = await runCli(['scan', 'tr', '--speaker', 'P03', '-f', 'jsonl'], { cwd: d });
    expect(one.code).toBe(0);
    expect(one.stderr).toMatch(/tr\/b\.txt: speaker "P03" matches no label; labels found: Interviewer, P04/);
    expect(one.stderr).not.toMatch(/tr\/a\.txt/);
  });

  it('a document without labels is named too: its whole text was scored', async () => {
    const d = folder({ 'n.txt': 'The patient is an addict.\n' });
    const r = await runCli(['scan', 'n.txt', '--exclude-speaker', 'Interviewer', '-f', 'jsonl'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/n\.txt: no speaker labels found/);
  });

  it('names are repeatable and comma-separated, never variadic: a path after --exclude-speaker stays a path', async () => {
    const d = folder({ 'tr/a.txt': TRANSCRIPT });
    const r = await runCli(['scan', '--exclude-speaker', 'Interviewer', 'tr', '-f', 'jsonl'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.id).toBe('tr/a.txt');
    expect(rec.matches.every((m: { speaker: string }) => m.speaker === 'P03')).toBe(true);
    const s = await runCli(['summarize', '--by', 'site', 'r.jsonl'], { cwd: d });
    expect(s.stderr).not.toMatch(/no results/);
  });
});

/** The entries of a zip as text, by name. */
function unzip(file: string): Map<string, string> {
  const buf = readFileSync(file);
  return new Map(listZip(buf).map((e) => [e.name, Buffer.from(readZipEntry(buf, e, 1 << 26)).toString('utf8')]));
}

const VTT = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Interviewer>What happens when someone keeps using?

2
00:00:04.500 --> 00:00:09.000
<v P02>We never terminate anyone for using.

3
00:00:09.500 --> 00:00:12.000
<v P02>The frequent flyers get the same care.
`;

/** A study folder: a .docx, a .vtt and a .txt transcript, scanned to r.jsonl. */
async function study(extra: string[] = []): Promise<string> {
  const d = folder({
    'tr/P01.docx': makeDocx(['Interviewer: How do you talk with patients?', 'P01: We had a potluck for the team.', 'P01: I meet patients where they are. It is their choice.', 'P01: Some addicts frustrate the night staff.'].map(para)),
    'tr/P02.vtt': VTT,
    'tr/P03.txt': TRANSCRIPT,
  });
  const r = await runCli(['scan', 'tr', '-o', 'r.jsonl', ...extra], { cwd: d });
  expect(r.code, r.stderr).toBe(0);
  return d;
}

describe('one way to read a source: report and export-qdpx read texts through the scan readers', () => {
  it('export-qdpx keeps the .docx and .vtt transcripts; every selection is its text; WebVTT selections carry their cue time; the project validates', async () => {
    const d = await study();
    const r = await runCli(['export-qdpx', 'r.jsonl', 'tr', '-o', 'study.qdpx'], { cwd: d, env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(r.code, r.stderr).toBe(0);
    const zip = unzip(join(d, 'study.qdpx'));
    const qde = zip.get('project.qde')!;
    const sources = [...qde.matchAll(/<TextSource\b[^>]*name="([^"]*)"[^>]*plainTextPath="internal:\/\/([^"]*)"[^>]*>([\s\S]*?)<\/TextSource>/g)];
    expect(sources.map((s) => s[1]).sort()).toEqual(['tr/P01.docx', 'tr/P02.vtt', 'tr/P03.txt']);
    let selections = 0;
    for (const [, name, path, body] of sources) {
      const text = zip.get(`sources/${path}`)!;
      expect(text, name).not.toMatch(/-->|word\/document|PK/);
      for (const sel of body!.matchAll(/<PlainTextSelection\b[^>]*name="([^"]*)"[^>]*startPosition="(\d+)"[^>]*endPosition="(\d+)"/g)) {
        // (positions are code points; these texts are all in the BMP)
        expect(text.slice(Number(sel[2]), Number(sel[3])), name).toBe(sel[1]!.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
        selections++;
      }
    }
    expect(selections).toBeGreaterThanOrEqual(6);
    expect(qde).toMatch(/<Description>at 00:00:04\.500: never-terminate/);
    writeFileSync(join(d, 'project.qde'), qde);
    const report = validateQde(join(d, 'project.qde'));
    if (report !== null) expect(report).toContain('validates');
  });

  it('report shows the .docx paragraphs and the WebVTT cue text (not its timings), WebVTT matches at their cue time', async () => {
    const d = await study();
    const r = await runCli(['report', 'r.jsonl', '--sources', 'tr', '-o', 'rep.html'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(d, 'rep.html'), 'utf8');
    expect(html).toContain('We had a potluck for the team.');
    expect(html).not.toContain('--&gt;');
    expect(html).not.toContain('WEBVTT');
    // A caption file reads as speech: a line per cue with its time and speaker.
    expect(html).toMatch(/\[00:00:04\] P02: We <mark class="m-principle" data-e="\d+">never terminate anyone<\/mark> for using\./);
    expect(html).toMatch(/“never terminate anyone” at <code>00:00:04<\/code> — accountability \(never-terminate\)/);
  });

  it('a document whose text cannot be found is an error naming it (exit 2) in export-qdpx and in report --sources; named in a warning otherwise', async () => {
    const d = await study();
    rmSync(join(d, 'tr/P01.docx'));
    const q = await runCli(['export-qdpx', 'r.jsonl', 'tr', '-o', 'study.qdpx'], { cwd: d });
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/no source text found for tr\/P01\.docx/);
    expect(existsSync(join(d, 'study.qdpx'))).toBe(false);
    const h = await runCli(['report', 'r.jsonl', '--sources', 'tr', '-o', 'rep.html'], { cwd: d });
    expect(h.code).toBe(2);
    expect(h.stderr).toMatch(/no text found for tr\/P01\.docx in tr/);
    // Without --sources, the paths the results name are looked at: one not there is named, and shown with its snippets.
    const s = await runCli(['report', 'r.jsonl', '-o', 'rep.html'], { cwd: d });
    expect(s.code, s.stderr).toBe(0);
    expect(s.stderr).toMatch(/no text found for tr\/P01\.docx .*--sources/);
    expect(readFileSync(join(d, 'rep.html'), 'utf8')).toContain('Some addicts frustrate');
  });

  it('a CSV export\'s rows are read by id with the scan\'s --text-column', async () => {
    const d = folder({ 'notes.csv': 'note_id,note_text,unit\nn1,Pt is drug seeking.,4W\nn2,"It is her choice, we said.",ED\n' });
    expect((await runCli(['scan', 'notes.csv', '--id-column', 'note_id', '--text-column', 'note_text', '-o', 'r.jsonl'], { cwd: d })).code).toBe(0);
    const h = await runCli(['report', 'r.jsonl', '--id-column', 'note_id', '--text-column', 'note_text', '-o', 'rep.html'], { cwd: d });
    expect(h.code, h.stderr).toBe(0);
    expect(readFileSync(join(d, 'rep.html'), 'utf8')).toMatch(/Pt is <mark[^>]*>drug seeking<\/mark>\./);
  });
});

describe('privacy holds downstream of --no-context', () => {
  it('results carry no_context; report reads no source then, says so, and still shows the matched term', async () => {
    const d = await study(['--no-context']);
    const first = JSON.parse(readFileSync(join(d, 'r.jsonl'), 'utf8').split('\n')[0]!);
    expect(first.no_context).toBe(true);
    const h = await runCli(['report', 'r.jsonl', '--sources', 'tr', '-o', 'nc.html'], { cwd: d });
    expect(h.code, h.stderr).toBe(0);
    expect(h.stderr).toMatch(/made with --no-context: the report holds no document text \(--read-sources reads it\)/);
    const html = readFileSync(join(d, 'nc.html'), 'utf8');
    expect(html).not.toContain('potluck');
    expect(html).not.toContain('Tell me about the clinic');
    expect(html).toContain('Document text is not shown: the results were made with --no-context.');
    expect(html).toMatch(/“never terminate anyone” — principle: accountability/);
    const read = await runCli(['report', 'r.jsonl', '--sources', 'tr', '--read-sources', '-o', 'rs.html'], { cwd: d });
    expect(read.code, read.stderr).toBe(0);
    expect(readFileSync(join(d, 'rs.html'), 'utf8')).toContain('potluck');
  });

  it('export-qdpx of --no-context results stops (exit 2) unless --read-sources', async () => {
    const d = await study(['--no-context']);
    const q = await runCli(['export-qdpx', 'r.jsonl', 'tr', '-o', 'study.qdpx'], { cwd: d });
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/made with --no-context.*--read-sources/);
    expect(existsSync(join(d, 'study.qdpx'))).toBe(false);
    const ok = await runCli(['export-qdpx', 'r.jsonl', 'tr', '--read-sources', '-o', 'study.qdpx'], { cwd: d });
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('--no-context passes only the id and the columns named by --group-by, --summary-by, --keep-columns; --keep-columns and --drop-columns choose otherwise', async () => {
    const csv = 'note_id,unit,note_date,mrn,note_text\nn1,4W,2026-01-02,MRN1,Pt is an addict.\nn2,ED,2026-02-03,MRN2,Her choice.\n';
    const d = folder({ 'notes.csv': csv });
    const base = ['scan', 'notes.csv', '--id-column', 'note_id', '--text-column', 'note_text', '-f', 'jsonl'];
    const nc = await runCli([...base, '--no-context'], { cwd: d });
    expect(nc.stdout).not.toMatch(/MRN|4W|2026/);
    expect(nc.stderr).toMatch(/left out of the results: unit, note_date, mrn/);
    const g = await runCli([...base, '--no-context', '--summary-by', 'unit', '--keep-columns', 'note_date'], { cwd: d });
    expect(JSON.parse(g.stdout.split('\n')[0]!).meta).toEqual({ unit: '4W', note_date: '2026-01-02' });
    const k = await runCli([...base, '--keep-columns', 'unit'], { cwd: d });
    expect(JSON.parse(k.stdout.split('\n')[0]!).meta).toEqual({ unit: '4W' });
    const x = await runCli(['scan', 'notes.csv', '--id-column', 'note_id', '--text-column', 'note_text', '-f', 'csv', '--drop-columns', 'mrn'], { cwd: d });
    expect(x.stdout.split('\n')[0]).toMatch(/,unit,note_date$/);
    expect(x.stdout).not.toContain('MRN');
  });
});

describe('agree joins on what the team has', () => {
  async function scanned(): Promise<string> {
    const d = folder({
      'tr/P01_nurse.txt': 'I: q\nP: We meet people where they are.\nI: ok\nP: It is their choice.\n',
      'tr/P02_physician.txt': 'I: q\nP: Junkies, all of them.\nI: ok\nP: Drug seeking.\n',
      'codes.csv': 'id,placement,stigma\nP01,relational,0\nP02,antithetical,1\n',
      'codes-pid.csv': 'pid,placement,stigma\nP01,relational,0\nP02,antithetical,1\n',
    });
    const r = await runCli(['scan', 'tr', '--meta-from-path', '(?<pid>P\\d+)_(?<role>[a-z]+)', '-o', 'r.jsonl'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    return d;
  }

  it('no id in common: exit 2, the ids of both sides shown and --join named; nothing prints undefined', async () => {
    const d = await scanned();
    const r = await runCli(['agree', 'r.jsonl', '--gold', 'codes.csv', '-f', 'table'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ids in the results: tr\/P01_nurse\.txt, tr\/P02_physician\.txt; ids in codes\.csv: P01, P02/);
    expect(r.stderr).toMatch(/--join FIELD/);
    expect(r.stdout + r.stderr).not.toMatch(/undefined/);
  });

  it('--join pid matches a metadata field to the codes file\'s column of that name (else its id column); --join stem the file name', async () => {
    const d = await scanned();
    for (const args of [['--gold', 'codes.csv', '--join', 'pid'], ['--gold', 'codes-pid.csv', '--join', 'pid']]) {
      const r = await runCli(['agree', 'r.jsonl', ...args, '-f', 'json'], { cwd: d });
      expect(r.code, r.stderr).toBe(0);
      const rep = JSON.parse(r.stdout);
      expect(rep.comparisons[0].matched).toBe(2);
      expect(rep.comparisons[0].unmatched).toEqual([]);
    }
    const stem = folder({ 'P01.txt': 'We meet people where they are.\n', 'codes.csv': 'id,stigma\nP01,0\n' });
    await runCli(['scan', 'P01.txt', '-o', 'r.jsonl'], { cwd: stem });
    const s = await runCli(['agree', 'r.jsonl', '--gold', 'codes.csv', '--join', 'stem', '-f', 'table'], { cwd: stem });
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).not.toMatch(/undefined/);
    expect(s.stdout).toMatch(/n\/a \(one category only\)/);
  });
});

/** A note export: 3 units, 3 months (ISO dates, and US dates in one unit), an MRN column. */
function noteExport(): string {
  const rows = ['note_id,unit,note_date,mrn,note_text'];
  const texts = ['Pt is drug seeking.', 'Offered naloxone; her choice to reduce use.', 'Vitals stable.'];
  for (let i = 0; i < 36; i++) {
    const unit = ['4W', 'ED', 'ICU'][i % 3]!;
    const month = 1 + (Math.floor(i / 3) % 3);
    const day = 1 + (i % 27);
    const date = unit === 'ICU' ? `${month}/${day}/2026` : `2026-0${month}-${String(day).padStart(2, '0')}`;
    rows.push(`n${i},${unit},${date},MRN${i},"${texts[i % 3 === 0 ? 0 : (i >> 1) % 3]}"`);
  }
  return `${rows.join('\n')}\n`;
}

describe('time and cross-tabs', () => {
  async function results(): Promise<string> {
    const d = folder({ 'notes.csv': noteExport() });
    const r = await runCli(['scan', 'notes.csv', '--id-column', 'note_id', '--text-column', 'note_text', '--no-context', '--keep-columns', 'unit,note_date', '-o', 'r.jsonl'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    return d;
  }

  it('summarize --by note_date:month buckets ISO and MM/DD/YYYY dates', async () => {
    const d = await results();
    const r = await runCli(['summarize', 'r.jsonl', '--by', 'note_date:month', '-f', 'json'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.groups.map((g: { label: string; documents: number }) => [g.label, g.documents])).toEqual([['2026-01', 12], ['2026-02', 12], ['2026-03', 12]]);
    const bad = await runCli(['summarize', 'r.jsonl', '--by', 'note_date:fortnight'], { cwd: d });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown period/);
  });

  it('summarize --rows unit --cols note_date:month: a unit × month cross-tab of a measure, with totals', async () => {
    const d = await results();
    const csv = await runCli(['summarize', 'r.jsonl', '--rows', 'unit', '--cols', 'note_date:month', '-f', 'csv'], { cwd: d });
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('unit,2026-01,2026-02,2026-03,All');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['unit', '4W', 'ED', 'ICU', 'All']);
    // 4W: n0, n3, n6, n9 in January, each "drug seeking": 100%.
    expect(lines[1]!.split(',')[1]).toBe('100');
    const table = await runCli(['summarize', 'r.jsonl', '--rows', 'unit', '--cols', 'note_date:quarter', '--measure', 'documents', '-f', 'table'], { cwd: d });
    expect(table.stdout).toMatch(/4W\s+12\s+12/);
    const one = await runCli(['summarize', 'r.jsonl', '--rows', 'unit'], { cwd: d });
    expect(one.code).toBe(2);
  });

  it('report --by note_date:month,unit draws the trend per period per group', async () => {
    const d = await results();
    const r = await runCli(['report', 'r.jsonl', '--by', 'note_date:month,unit', '-o', 'rep.html'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(d, 'rep.html'), 'utf8');
    expect(html).toContain('id="trend-stigma"');
    expect(html).toContain('id="trend-continuum"');
    expect(html.match(/class="trend-line"/g)).toHaveLength(6); // 3 units, 2 charts
    expect(html).toMatch(/<title>ICU, 2026-02: \d+% \(n = 4\)<\/title>/);
  });
});

describe('rank and sample documents', () => {
  async function results(): Promise<string> {
    const d = folder({ 'notes.csv': noteExport() });
    expect((await runCli(['scan', 'notes.csv', '--id-column', 'note_id', '--text-column', 'note_text', '--keep-columns', 'unit,note_date', '-o', 'r.jsonl'], { cwd: d })).code).toBe(0);
    return d;
  }

  it('scan --sort antithetical --top 5 writes the 5 documents to read first', async () => {
    const d = folder({ 'notes.csv': noteExport() });
    const r = await runCli(['scan', 'notes.csv', '--id-column', 'note_id', '--text-column', 'note_text', '--sort', 'antithetical', '--top', '5', '-f', 'jsonl'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const recs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(recs).toHaveLength(5);
    const scores = recs.map((x) => x.scores.antithetical);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(0);
    const all = await runCli(['scan', 'notes.csv', '--id-column', 'note_id', '--text-column', 'note_text', '--sort', 'continuum', '-f', 'csv'], { cwd: d });
    expect(all.stdout.trim().split('\n')).toHaveLength(37);
  });

  it('summarize --by unit --sort stigma --top 2: the first 2 documents of each unit', async () => {
    const d = await results();
    const r = await runCli(['summarize', 'r.jsonl', '--by', 'unit', '--sort', 'stigma', '--top', '2', '-f', 'csv'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('unit,rank,id,placement,continuum,score_antithetical,score_stigma,score_relational,stigma_terms');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['4W,1', '4W,2', 'ED,1', 'ED,2', 'ICU,1', 'ICU,2']);
  });

  it('sample --documents 12 --by unit --seed 3: 4 per unit, metadata columns in the sheet; the old --per-entry mode stays', async () => {
    const d = await results();
    const r = await runCli(['sample', 'r.jsonl', '--documents', '12', '--by', 'unit', '--seed', '3', '-o', 's.csv'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(join(d, 's.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(12);
    expect(rows.map((x) => x[4]).sort()).toEqual(['4W', '4W', '4W', '4W', 'ED', 'ED', 'ED', 'ED', 'ICU', 'ICU', 'ICU', 'ICU']);
    const again = await runCli(['sample', 'r.jsonl', '--documents', '12', '--by', 'unit', '--seed', '3'], { cwd: d });
    expect(again.stdout).toBe(readFileSync(join(d, 's.csv'), 'utf8'));
    const old = await runCli(['sample', 'r.jsonl', '--per-entry', '2'], { cwd: d });
    expect(old.code, old.stderr).toBe(0);
    expect(old.stdout.split('\n')[0]).toMatch(/^sample_id,entry,/);
    expect((await runCli(['sample', 'r.jsonl'], { cwd: d })).code).toBe(2);
  });
});

describe('Excel and encodings', () => {
  it('--bom starts CSV output with a UTF-8 byte order mark (scan, summarize, sample, agree); not other formats', async () => {
    const d = notes();
    const s = await runCli(['scan', 'a.txt', 'b.txt', '-f', 'csv', '--bom', '-o', 'r.csv'], { cwd: d });
    expect(s.code, s.stderr).toBe(0);
    expect([...readFileSync(join(d, 'r.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // harmlex reads its own BOM'd CSV back.
    const sum = await runCli(['summarize', 'r.csv', '-f', 'csv', '--bom'], { cwd: d });
    expect(sum.code, sum.stderr).toBe(0);
    expect(sum.stdout.startsWith('\ufeff')).toBe(true);
    await runCli(['scan', 'a.txt', 'b.txt', '-o', 'r.jsonl'], { cwd: d });
    const smp = await runCli(['sample', 'r.jsonl', '--documents', '1', '--bom'], { cwd: d });
    expect(smp.stdout.startsWith('\ufeffsample_id')).toBe(true);
    const m = await runCli(['scan', 'a.txt', '-f', 'jsonl', '--bom', '--matches', 'm.csv', '--summary-output', 's.csv'], { cwd: d });
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout.startsWith('{')).toBe(true);
    expect(readFileSync(join(d, 'm.csv'), 'utf8').startsWith('\ufeffid,')).toBe(true);
    expect(readFileSync(join(d, 's.csv'), 'utf8').startsWith('\ufeff')).toBe(true);
    const j = await runCli(['scan', 'a.txt', '-f', 'jsonl', '--bom'], { cwd: d });
    expect(j.stdout.startsWith('{')).toBe(true);
    expect(j.stderr).toMatch(/--bom: only CSV output/);
  });

  it('--encoding windows-1252 reads an export Excel saved; without it the skip names the option', async () => {
    const d = folder({ 'w.csv': Buffer.from('id,text\n1,caf\xe9 \x93patient\x94 is an addict\n', 'latin1') });
    const plain = await runCli(['scan', 'w.csv', '-f', 'jsonl'], { cwd: d });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/not valid UTF-8 .*--encoding \(windows-1252, latin1, utf-16le\)/);
    const r = await runCli(['scan', 'w.csv', '--encoding', 'windows-1252', '-f', 'jsonl'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.status).toBe('ok');
    expect(rec.matches.find((m: { text: string }) => m.text === 'addict').context).toContain('café “patient” is an addict');
    const l1 = await runCli(['scan', 'w.csv', '--encoding', 'latin1', '-f', 'jsonl'], { cwd: d });
    expect(JSON.parse(l1.stdout).status).toBe('ok');
  });

  it('--encoding utf-16le reads a UTF-16 file without a BOM; report reads the sources the same way', async () => {
    const d = folder({ 'n.txt': Buffer.from('The patient is an addict.\n', 'utf16le') });
    const r = await runCli(['scan', 'n.txt', '--encoding', 'utf-16le', '-o', 'r.jsonl'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const h = await runCli(['report', 'r.jsonl', '--encoding', 'utf-16le', '-o', 'rep.html'], { cwd: d });
    expect(h.code, h.stderr).toBe(0);
    expect(readFileSync(join(d, 'rep.html'), 'utf8')).toMatch(/The patient is an <mark[^>]*>addict<\/mark>\./);
  });
});

describe('the terminal table fits COLUMNS', () => {
  it('scan -f table with COLUMNS=80 (spawned): every line fits', () => {
    const d = folder({ 'n.txt': 'Offered naloxone and fentanyl test strips at discharge. Patient claims pain 10/10 and is a known addict who is drug seeking and noncompliant with every plan.\n' });
    const r = spawnSync(process.execPath, [BIN, 'scan', 'n.txt', '-f', 'table'], { cwd: d, encoding: 'utf8', env: { ...process.env, COLUMNS: '80', NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => /^ {2}\d+:\d+/.test(l)).length).toBeGreaterThan(3);
    expect(lines.filter((l) => l.length >= 80)).toEqual([]);
  });
});

describe('a ranking chooses what the results hold, not what the run saw', () => {
  it('scan --top 2 --summary: the summary counts every document; a speaker name is checked in every document', async () => {
    const d = folder({ 'notes.csv': noteExport() });
    const r = await runCli(['scan', 'notes.csv', '--id-column', 'note_id', '--text-column', 'note_text', '--sort', 'stigma', '--top', '2', '--summary', '-f', 'jsonl'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/Overall \(N = 36\)/);
    const t = folder({ 'a.txt': TRANSCRIPT, 'b.txt': TRANSCRIPT.replace(/P03/g, 'P04') });
    const s = await runCli(['scan', 'a.txt', 'b.txt', '--speaker', 'P04', '--sort', 'stigma', '--top', '1', '-f', 'jsonl'], { cwd: t });
    expect(s.code, s.stderr).toBe(0); // P04 is in b.txt, whichever document the ranking keeps
    expect(s.stderr).toMatch(/a\.txt: speaker "P04" matches no label/);
  });
});
