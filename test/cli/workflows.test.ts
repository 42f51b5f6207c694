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

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/harmlex.js');
const XSD = join(ROOT, 'test/fixtures/refi-qda/Project-mrt2019.xsd');

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
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: d, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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
    if (spawnSync('xmllint', ['--version']).status === 0) {
      writeFileSync(join(d, 'project.qde'), qde);
      const v = spawnSync('xmllint', ['--noout', '--schema', XSD, join(d, 'project.qde')], { encoding: 'utf8' });
      expect(v.stderr).toContain('validates');
    } else console.warn('SKIP xmllint validation of the exported project: xmllint not found (apt-get install libxml2-utils)');
  });

  it('report shows the .docx paragraphs and the WebVTT cue text (not its timings), WebVTT matches at their cue time', async () => {
    const d = await study();
    const r = await runCli(['report', 'r.jsonl', '--sources', 'tr', '-o', 'rep.html'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(d, 'rep.html'), 'utf8');
    expect(html).toContain('We had a potluck for the team.');
    expect(html).not.toContain('--&gt;');
    expect(html).not.toContain('WEBVTT');
    expect(html).toMatch(/<code>00:00:04<\/code> <a href="#d\d+m\d+">“never terminate anyone”/);
  });

  it('a document whose text cannot be found is an error naming it (exit 2), in report and in export-qdpx', async () => {
    const d = await study();
    rmSync(join(d, 'tr/P01.docx'));
    const q = await runCli(['export-qdpx', 'r.jsonl', 'tr', '-o', 'study.qdpx'], { cwd: d });
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/no source text found for tr\/P01\.docx/);
    expect(existsSync(join(d, 'study.qdpx'))).toBe(false);
    const h = await runCli(['report', 'r.jsonl', '-o', 'rep.html'], { cwd: d });
    expect(h.code).toBe(2);
    expect(h.stderr).toMatch(/no text found for tr\/P01\.docx/);
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
