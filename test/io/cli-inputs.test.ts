/** `harmlex scan` on real-corpus inputs, in-process and as a real process, on the shipped fixtures. */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { lexiconYaml, runCli, tempDir } from '../helpers.js';

const ROOT = resolve(__dirname, '../..');
const FIX = join(ROOT, 'fixtures/inputs');
let dir: string;
let lex: string;

beforeAll(() => {
  dir = tempDir();
  lex = join(dir, 'lex.yaml');
  writeFileSync(
    lex,
    lexiconYaml(`  - id: addict
    category: stigma
    terms: [addict*, junkie*, drug seeking]
    source: test
  - id: discharge
    category: antithetical
    terms: [discharge, terminate]
    stem: true
    negation: {becomes: accountability}
    source: test
  - id: meet
    category: principle
    principle: individualism
    terms: ["meet (them|people|patients) where they('re at| are)"]
  - id: naloxone
    category: structural
    terms: [naloxone]
`),
  );
});

const jsonl = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('scan: tabular exports', () => {
  it('CSV notes: metadata columns carried into CSV output; the broken row reported and skipped; exit 2', async () => {
    const r = await runCli(['scan', join(FIX, 'notes.csv'), '--id-column', 'note_id', '-l', lex, '--format', 'csv'], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/notes\.csv:5: line 5: malformed row/);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!).slice(-3)).toEqual(['author', 'unit', 'date']);
    expect(rows.map((x) => [x.id, x.status, x.unit])).toEqual([
      ['101', 'ok', 'ED'],
      ['102', 'ok', 'ICU'],
      ['fixtures/inputs/notes.csv:5', 'skipped', ''],
      ['104', 'ok', 'ICU'],
    ]);
  });

  it('JSONL: meta in JSON output, a quoted multi-line CSV cell reports the file line', async () => {
    const r = await runCli(['scan', join(FIX, 'notes.jsonl'), join(FIX, 'notes.csv'), '--id-column', 'note_id', '-l', lex, '--format', 'jsonl'], { cwd: ROOT });
    const docs = jsonl(r.stdout);
    expect(docs[0]).toMatchObject({ id: 'fixtures/inputs/notes.jsonl#1', meta: { id: 'n1', author: 'RN Adams', unit: 'ED' } });
    const d101 = docs.find((d) => d.id === '101');
    expect(d101.matches.map((m: { text: string; line: number }) => [m.text, m.line])).toEqual([
      ['drug seeking', 2],
      ['addict', 2],
    ]);
  });

  it('standard input as CSV', async () => {
    const r = await runCli(['scan', '-', '--stdin-format', 'csv', '-l', lex, '--format', 'csv'], { cwd: ROOT, stdin: 'id,site,text\n9,X,an addict\n' });
    expect(r.code).toBe(0);
    expect(parse(r.stdout, { columns: true })).toMatchObject([{ id: '9', site: 'X', placement: 'antithetical' }]);
  });

  it('standard input as CSV with a byte that is not UTF-8: that row is a skip, the others are scored (exit 2)', async () => {
    const stdin = Buffer.concat([Buffer.from('id,site,text\n1,X,an addict\n2,Y,caf'), Buffer.from([0xe9]), Buffer.from(' talk\n3,Z,a junkie\n')]);
    const r = await runCli(['scan', '-', '--stdin-format', 'csv', '-l', lex, '--format', 'csv'], { cwd: ROOT, stdin });
    expect(r.code).toBe(2);
    expect(parse(r.stdout, { columns: true })).toMatchObject([
      { id: '1', status: 'ok', site: 'X' },
      { id: 'stdin:3', status: 'skipped', reason: 'line 3: not valid UTF-8 at byte 34; convert the input to UTF-8, or name its encoding with --encoding (windows-1252, latin1, utf-16le)', site: '' },
      { id: '3', status: 'ok', site: 'Z' },
    ]);
    expect(r.stderr).toContain('skipped stdin:3: line 3: not valid UTF-8 at byte 34');
  });
});

describe('scan: transcripts', () => {
  it('--exclude-speaker scores only the participant; speakers listed with scores', async () => {
    const r = await runCli(['scan', join(FIX, 'transcript.txt'), '--exclude-speaker', 'Interviewer', '-l', lex, '--format', 'jsonl'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const [d] = jsonl(r.stdout);
    expect(d.placement).toBe('relational');
    expect(r.stdout).not.toMatch(/addicts/);
    // The title line before the first label is not a turn: left out, never scored (issue 17).
    expect(d.speakers.map((s: { speaker: string; excluded?: boolean; placement?: string }) => [s.speaker, s.excluded ?? s.placement])).toEqual([
      [null, true],
      ['Interviewer', true],
      ['HCW', 'relational'],
    ]);
    expect(d.matches.every((m: { speaker: string }) => m.speaker === 'HCW')).toBe(true);
  });

  it('--speaker keeps only the named speakers (comma list, any case)', async () => {
    const r = await runCli(['scan', join(FIX, 'transcript.txt'), '--speaker', 'interviewer,x', '-l', lex, '--format', 'jsonl'], { cwd: ROOT });
    const [d] = jsonl(r.stdout);
    expect(d.matches.map((m: { text: string }) => m.text)).toEqual(['addicts', 'discharge']);
  });

  it('a Zoom .vtt: cue text, speakers from Name: and <v>, times, lines of the .vtt file', async () => {
    const r = await runCli(['scan', join(FIX, 'zoom.vtt'), '-l', lex, '--format', 'jsonl'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const [d] = jsonl(r.stdout);
    const junk = d.matches.find((m: { text: string }) => m.text === 'junkies');
    expect(junk).toMatchObject({ speaker: 'Nurse Kim', time: '00:00:05.000', line: 9, column: 39 });
    expect(d.speakers.map((s: { speaker: string }) => s.speaker)).toEqual(['Interviewer', 'Nurse Kim', 'Dr. Lee']);
  });

  it('a .docx transcript, participant turns only', async () => {
    const r = await runCli(['scan', join(FIX, 'interview.docx'), '--speaker', 'P4', '-l', lex, '--format', 'jsonl'], { cwd: ROOT });
    const [d] = jsonl(r.stdout);
    expect(d.matches.map((m: { text: string; line: number; counted: boolean }) => [m.text, m.line, m.counted])).toEqual([
      ['meet people where they are', 3, true],
      ['addict', 3, false],
      ['terminate', 5, true],
    ]);
    expect(d.placement).toBe('relational');
  });
});

describe('scan: units of analysis', () => {
  it('a folder grouped by participant from the file names', async () => {
    const r = await runCli(['scan', join(FIX, 'participants'), '--meta-from-path', '(?<site>[A-Z]{2})\\.(?<participant>\\d+)', '--group-by', 'participant', '-l', lex, '--format', 'jsonl'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const units = jsonl(r.stdout);
    expect(units.map((u) => [u.id, u.placement, u.sources.length, u.meta.site])).toEqual([
      ['3', 'relational', 1, 'AL'],
      ['7', 'mixed', 2, 'PA'],
    ]);
  });

  it('--group-by a field no input has is a usage error', async () => {
    const r = await runCli(['scan', join(FIX, 'transcript.txt'), '--group-by', 'site', '-l', lex], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--group-by site: no input has that field/);
  });

  it('a bad --meta-from-path or --speaker-pattern is a usage error', async () => {
    expect((await runCli(['scan', join(FIX, 'transcript.txt'), '--meta-from-path', '\\d+', '-l', lex], { cwd: ROOT })).code).toBe(2);
    const r = await runCli(['scan', join(FIX, 'transcript.txt'), '--speaker-pattern', '(a+)+:', '-l', lex], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--speaker-pattern: nested quantifiers/);
  });
});

describe('scan: a batch with one broken file of each kind (real process)', () => {
  it('scores every good document, lists every skipped one with its reason, exits 2', () => {
    const work = tempDir();
    cpSync(join(FIX, 'bad-batch'), join(work, 'batch'), { recursive: true });
    copyFileSync(lex, join(work, 'lex.yaml'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/harmlex.js'), 'scan', 'batch', '-l', 'lex.yaml', '--format', 'jsonl', '--max-file-size', '200'], { cwd: work, encoding: 'utf8' });
    expect(r.status).toBe(2);
    const recs = jsonl(r.stdout);
    const status = Object.fromEntries(recs.map((d) => [d.id, d.status === 'ok' ? d.placement : d.reason]));
    expect(status).toEqual({
      'batch/binary.txt': 'binary file (contains NUL bytes)',
      'batch/broken-cue.vtt:6': expect.stringMatching(/cue timing not understood/),
      'batch/broken-cue.vtt': 'relational',
      '1': 'relational',
      'batch/broken-row.csv:3': expect.stringMatching(/malformed row/),
      '3': 'antithetical',
      'batch/crlf.txt': 'mixed',
      'batch/empty.txt': 'empty file',
      'batch/latin1.txt': expect.stringMatching(/not valid UTF-8/),
      'batch/not-a-zip.docx': 'not a Word .docx file (not a zip archive)',
      'batch/utf16.txt': 'relational',
    });
    const crlf = recs.find((d) => d.id === 'batch/crlf.txt');
    expect(crlf.matches.map((m: { line: number; column: number }) => [m.line, m.column])).toEqual([
      [1, 10],
      [2, 4],
    ]);
    for (const id of Object.keys(status)) if (recs.find((d) => d.id === id).status === 'skipped') expect(r.stderr).toContain(`skipped ${id}`);
    // Over-size: a file over --max-file-size is skipped too.
    writeFileSync(join(work, 'batch', 'big.txt'), 'addict '.repeat(100));
    const big = spawnSync(process.execPath, [join(ROOT, 'bin/harmlex.js'), 'scan', 'batch/big.txt', '-l', 'lex.yaml', '--format', 'jsonl', '--max-file-size', '200'], { cwd: work, encoding: 'utf8' });
    expect(big.status).toBe(2);
    expect(jsonl(big.stdout)[0].reason).toMatch(/over --max-file-size/);
    expect(readFileSync(join(work, 'batch', 'crlf.txt'), 'utf8')).toBe(readFileSync(join(FIX, 'bad-batch', 'crlf.txt'), 'utf8'));
  });

  it('a glob that matches nothing is an error unless --allow-empty', () => {
    const run = (...extra: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/harmlex.js'), 'scan', 'fixtures/inputs/*.nothing', '-l', lex, ...extra], { cwd: ROOT, encoding: 'utf8' });
    expect(run().status).toBe(2);
    expect(run('--allow-empty').status).toBe(0);
  });

  it('the file standard output is redirected to, inside a scanned folder, is not read as an input', () => {
    const work = tempDir();
    writeFileSync(join(work, 'a.txt'), 'an addict\n');
    const fd = openSync(join(work, 'out.jsonl'), 'w');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/harmlex.js'), 'scan', work, '-l', lex, '--format', 'jsonl'], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/not reading .*out\.jsonl: the results are written to it/);
    expect(jsonl(readFileSync(join(work, 'out.jsonl'), 'utf8')).map((d) => d.id)).toEqual(['a.txt']);
  });

  it('the -o file, inside a scanned folder under a name the walk picks up, is not read on the next run', async () => {
    const work = tempDir();
    writeFileSync(join(work, 'a.txt'), 'an addict\n');
    const out = join(work, 'Results.txt');
    const first = await runCli(['scan', work, '-l', lex, '--format', 'jsonl', '-o', out]);
    const second = await runCli(['scan', work, '-l', lex, '--format', 'jsonl', '-o', out]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(second.stderr).toMatch(/not reading .*Results\.txt: the results are written to it/);
    expect(jsonl(readFileSync(out, 'utf8')).map((d) => d.id)).toEqual(['a.txt']);
  });

  it('harmlex results saved in a scanned folder are left out, not read as documents', async () => {
    const work = tempDir();
    writeFileSync(join(work, 'a.txt'), 'an addict\n');
    const first = await runCli(['scan', work, '-l', lex, '--format', 'jsonl']);
    writeFileSync(join(work, 'old.jsonl'), first.stdout);
    writeFileSync(join(work, 'old.csv'), (await runCli(['scan', work, '-l', lex, '--format', 'csv'])).stdout);
    const r = await runCli(['scan', work, '-l', lex, '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect(jsonl(r.stdout).map((d) => d.id)).toEqual(['a.txt']);
    expect(r.stderr).toMatch(/not reading .*old\.csv: it holds harmlex results/);
  });
});
