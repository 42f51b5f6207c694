import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;
const mini = join(root, 'fixtures/lexicons/mini.yaml');

function corpus(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.txt'), 'He is a known addict and his urine was dirty.\n');
  writeFileSync(join(dir, 'b.txt'), 'We meet people where they are at, no judgment, and it is their choice.\nWe never terminate anyone.\n');
  writeFileSync(join(dir, 'c.md'), 'The weather was mild.\n');
  writeFileSync(join(dir, 'ignored.log'), 'addict\n');
  return dir;
}

const jsonl = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l));

describe('scan: exit codes (README, "Exit codes")', () => {
  const dir = corpus();
  const cases: [string, string[], number, RegExp?][] = [
    ['findings never fail a scan', ['scan', dir, '-l', mini], 0],
    ['--help', ['scan', '--help'], 0],
    ['unknown option', ['scan', dir, '--fromat', 'csv'], 2, /unknown option '--fromat'[\s\S]*Did you mean --format/],
    ['bad --format value', ['scan', dir, '--format', 'xml'], 2, /Allowed choices are csv, json, jsonl, table/],
    ['unknown command', ['scna'], 2, /Did you mean scan/],
    ['bad lexicon', ['scan', dir, '-l', join(root, 'fixtures/lexicon-errors/typo-and-duplicate.yaml')], 2, /typo-and-duplicate\.yaml:8:5 unknown-key/],
    ['missing lexicon file', ['scan', dir, '-l', join(dir, 'nope.yaml')], 2, /nope\.yaml/],
    ['missing input beside a good one', ['scan', join(dir, 'a.txt'), join(dir, 'nope.txt'), '-l', mini], 2, /skipped .*nope\.txt: no such file/],
    ['a glob that matches nothing', ['scan', `${dir}/*.docx`, '-l', mini], 2, /no files match/],
    ['... unless --allow-empty', ['scan', `${dir}/*.docx`, '-l', mini, '--allow-empty'], 0],
    ['an empty folder', ['scan', tempDir(), '-l', mini], 2, /no documents/],
    // (A missing folder is created: tests/cli/workflows.test.ts; a file where a folder should be is not.)
    ['output under a file, as if it were a folder', ['scan', join(dir, 'a.txt'), '-l', mini, '-o', join(dir, 'a.txt/out.csv')], 2, /cannot write output/],
    ['output that is a folder', ['scan', dir, '-l', mini, '-o', dir], 2, /is a folder/],
    ['output over an input', ['scan', join(dir, 'a.txt'), '-l', mini, '-o', join(dir, 'a.txt')], 2, /refusing to write output over the input/],
  ];
  it.each(cases)('%s', async (_name, argv, code, stderr) => {
    const r = await runCli(argv);
    expect(r.code, r.stderr).toBe(code);
    if (stderr) expect(r.stderr).toMatch(stderr);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });
  it('leaves the input alone when refusing to write over it', async () => {
    await runCli(['scan', join(dir, 'a.txt'), '-l', mini, '-o', join(dir, 'a.txt')]);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('He is a known addict and his urine was dirty.\n');
  });
});

describe('scan: inputs and output', () => {
  it('reads folders recursively by extension, in sorted order', async () => {
    const dir = corpus();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'd.txt'), 'addicts\n');
    const r = await runCli(['scan', '.', '-l', mini, '--format', 'jsonl'], { cwd: dir });
    expect(jsonl(r.stdout).map((d) => d.id)).toEqual(['a.txt', 'b.txt', 'c.md', 'sub/d.txt']);
    const only = await runCli(['scan', '.', '-l', mini, '--format', 'jsonl', '--ext', 'log'], { cwd: dir });
    expect(jsonl(only.stdout).map((d) => d.id)).toEqual(['ignored.log']);
  });
  it('expands globs', async () => {
    const dir = corpus();
    const r = await runCli(['scan', '*.{txt,md}', '-l', mini, '--format', 'jsonl'], { cwd: dir });
    expect(jsonl(r.stdout).map((d) => d.id)).toEqual(['a.txt', 'b.txt', 'c.md']);
  });
  it('reads standard input with "-" and a chosen id', async () => {
    const r = await runCli(['scan', '-', '-l', mini, '--format', 'jsonl', '--stdin-id', 'note-7'], { stdin: 'He is an addict.' });
    const [d] = jsonl(r.stdout);
    expect(d).toMatchObject({ id: 'note-7', placement: 'antithetical', words: 4 });
    expect(d.matches[0]).toMatchObject({ entry: 'addict', line: 1, column: 10, start: 9, end: 15 });
  });
  it('empty standard input is a skip with a reason, not a hang', async () => {
    const r = await runCli(['scan', '-', '-l', mini, '--format', 'jsonl'], { stdin: '' });
    expect(r.code).toBe(2);
    expect(jsonl(r.stdout)[0]).toMatchObject({ status: 'skipped', reason: 'standard input was empty' });
  });
  it('places documents and keeps text out with --no-context', async () => {
    const dir = corpus();
    const r = await runCli(['scan', dir, '-l', mini, '--format', 'jsonl', '--no-context'], { cwd: dir });
    const docs = jsonl(r.stdout);
    expect(docs.map((d) => d.placement)).toEqual(['antithetical', 'relational', 'no-evidence']);
    expect(r.stdout).not.toMatch(/known addict and|weather|urine was/);
    expect(docs[0].matches.every((m: { context: unknown }) => m.context === null)).toBe(true);
  });
  it('writes to --output and nothing to stdout', async () => {
    const dir = corpus();
    const out = join(dir, 'out.csv');
    const r = await runCli(['scan', dir, '-l', mini, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^id,status,reason,words,placement,continuum,/);
  });
  it('defaults to the table on a terminal and CSV in a pipe', async () => {
    const dir = corpus();
    const tty = await runCli(['scan', join(dir, 'a.txt'), '-l', mini], { stdoutIsTTY: true });
    expect(tty.stdout).toMatch(/a\.txt {2}antithetical/);
    expect(tty.stdout).toMatch(/screening aid/);
    const pipe = await runCli(['scan', join(dir, 'a.txt'), '-l', mini]);
    expect(pipe.stdout.split('\n')[0]).toMatch(/^id,status/);
  });
  it('JSON wraps documents with tool, lexicon hash and a summary', async () => {
    const dir = corpus();
    const r = await runCli(['scan', dir, '-l', mini, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.tool.name).toBe('harmlex');
    expect(j.lexicon).toMatchObject({ name: 'mini' });
    expect(j.lexicon.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.documents).toHaveLength(3);
    expect(j.summary).toMatchObject({ documents: 3, scored: 3, skipped: 0, by_placement: { relational: 1, antithetical: 1, 'no-evidence': 1, mixed: 0 } });
  });
  it('records an unreadable file as skipped and scores the rest', async () => {
    if (process.getuid?.() === 0) return; // root reads anything: the case cannot be staged
    const dir = corpus();
    chmodSync(join(dir, 'b.txt'), 0);
    const r = await runCli(['scan', dir, '-l', mini, '--format', 'jsonl']);
    expect(r.code).toBe(2);
    expect(jsonl(r.stdout).map((d) => d.status)).toEqual(['ok', 'skipped', 'ok']);
  });
});
