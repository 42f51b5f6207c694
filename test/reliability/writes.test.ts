/**
 * Reliability catalogue, cases 1 and 2 (issue 16): no command writes over an input, and every write
 * is atomic (a temporary file beside the target, renamed at the end; removed on a signal or an error).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, linkSync, readdirSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lexiconYaml, runCli, tempDir } from '../helpers.js';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/harmlex.js');
const NOTES = 'id,text\nn1,"He is an addict, the nurse wrote."\nn2,"We met her where she was."\n';
const LEX = lexiconYaml('  - id: addict\n    category: stigma\n    terms: [addict]\n    suggest: [person who uses drugs]\n    source: test\n');

function folder(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'o'));
  writeFileSync(join(dir, 'o', 'notes.csv'), NOTES);
  writeFileSync(join(dir, 'o', 'a.txt'), 'an addict\n');
  writeFileSync(join(dir, 'lex.yaml'), LEX);
  return dir;
}

describe('no command writes over an input', () => {
  it('scan: -o naming a file found by walking a scanned folder is refused (exit 2, both named), the notes untouched', async () => {
    const dir = folder();
    const r = await runCli(['scan', 'o', '-o', 'o/notes.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to write output over the input file .*notes\.csv: -o o\/notes\.csv/);
    expect(readFileSync(join(dir, 'o', 'notes.csv'), 'utf8')).toBe(NOTES);
  });

  it('scan: a hard link or a symbolic link to an input is the input (device and inode)', async () => {
    const dir = folder();
    linkSync(join(dir, 'o', 'notes.csv'), join(dir, 'hard.csv'));
    symlinkSync(join(dir, 'o', 'a.txt'), join(dir, 'soft.csv'));
    for (const out of ['hard.csv', 'soft.csv']) {
      const r = await runCli(['scan', 'o', '-o', out], { cwd: dir });
      expect(r.code, out).toBe(2);
      expect(r.stderr).toMatch(/refusing to write output over the input file/);
    }
    expect(readFileSync(join(dir, 'o', 'notes.csv'), 'utf8')).toBe(NOTES);
    expect(readFileSync(join(dir, 'o', 'a.txt'), 'utf8')).toBe('an addict\n');
  });

  it('scan: --matches, --summary-output and --cache-location over an input or over the lexicon are refused', async () => {
    const dir = folder();
    for (const args of [['--matches', 'o/a.txt'], ['--summary-output', 'o/notes.csv'], ['--cache', '--cache-location', 'o/a.txt'], ['-l', 'lex.yaml', '-o', 'lex.yaml'], ['--matches', 'm.csv', '-o', 'm.csv']]) {
      const r = await runCli(['scan', 'o', ...args], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/refusing to write output over|are the same file/);
    }
    expect(readFileSync(join(dir, 'o', 'notes.csv'), 'utf8')).toBe(NOTES);
    expect(readFileSync(join(dir, 'lex.yaml'), 'utf8')).toBe(LEX);
  });

  it('check: --write-baseline and -o over a checked file, and lexicon list --output over the lexicon, are refused', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'o', 'page.md'), 'He is an addict.\n');
    const a = await runCli(['check', 'o', '--write-baseline', 'o/page.md'], { cwd: dir });
    const b = await runCli(['check', 'o/page.md', '-o', 'o/page.md'], { cwd: dir });
    const c = await runCli(['lexicon', 'list', '-l', 'lex.yaml', '--output', 'lex.yaml'], { cwd: dir });
    expect([a.code, b.code, c.code]).toEqual([2, 2, 2]);
    expect(readFileSync(join(dir, 'o', 'page.md'), 'utf8')).toBe('He is an addict.\n');
    expect(readFileSync(join(dir, 'lex.yaml'), 'utf8')).toBe(LEX);
  });

  it('summarize, report and export-qdpx refuse to write over their results file', async () => {
    const dir = folder();
    const scan = await runCli(['scan', 'o/a.txt', '--format', 'jsonl'], { cwd: dir });
    writeFileSync(join(dir, 'r.jsonl'), scan.stdout);
    for (const args of [['summarize', 'r.jsonl', '-o', 'r.jsonl'], ['report', 'r.jsonl', '-o', 'r.jsonl'], ['export-qdpx', 'r.jsonl', 'o', '-o', 'r.jsonl']]) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(readFileSync(join(dir, 'r.jsonl'), 'utf8')).toBe(scan.stdout);
    }
  });

  it('earlier results in a scanned folder may still be replaced (they are not read as documents)', async () => {
    const dir = folder();
    const first = await runCli(['scan', 'o/a.txt', '--format', 'jsonl', '-o', 'o/results.txt'], { cwd: dir });
    const second = await runCli(['scan', 'o', '--format', 'jsonl', '-o', 'o/results.txt'], { cwd: dir });
    expect([first.code, second.code]).toEqual([0, 0]);
  });
});

function temporaries(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.includes('.tmp'));
}

describe('atomic writes', () => {
  it('an output is whole or untouched: the old file survives a failed run, and no temporary file is left', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'out.csv'), 'previous results\n');
    // -o is opened, then the match file cannot be (it names a folder): the run fails and out.csv must be as it was.
    const r = await runCli(['scan', 'o', '-o', 'out.csv', '--matches', 'o'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('previous results\n');
    expect(temporaries(dir)).toEqual([]);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} during a run: exit ${code}, the previous -o file intact, the temporary file removed, a message`, async () => {
      const dir = folder();
      writeFileSync(join(dir, 'out.csv'), 'previous results\n');
      const child = spawn(process.execPath, [BIN, 'scan', '-', '-o', 'out.csv'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdin.write('he is an addict\n'.repeat(1000));
      // Wait until the temporary file exists (the run has opened its output and waits for more input).
      const until = Date.now() + 15000;
      while (temporaries(dir).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(temporaries(dir).length).toBe(1);
      child.kill(signal);
      const exit = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(exit).toBe(code);
      expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('previous results\n');
      expect(temporaries(dir)).toEqual([]);
      expect(stderr).toMatch(/interrupted.*out\.csv left as it was/);
    });
  }

  it('a full disk: exit 2 and a message, never a stack trace or exit 1 (> /dev/full and -o /dev/full)', () => {
    if (!existsSync('/dev/full')) throw new Error('this test needs /dev/full (Linux)');
    const dir = folder();
    const a = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" scan o > /dev/full`], { cwd: dir, encoding: 'utf8' });
    const b = spawnSync(process.execPath, [BIN, 'scan', 'o', '-o', '/dev/full'], { cwd: dir, encoding: 'utf8' });
    for (const r of [a, b]) {
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/no space left/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a target that is not a regular file (/dev/stdout) is written directly', () => {
    const dir = folder();
    const r = spawnSync(process.execPath, [BIN, 'scan', 'o/a.txt', '--format', 'jsonl', '-o', '/dev/stdout'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim()).id).toBe('o/a.txt');
  });

  it('an existing file keeps its mode; a symbolic link stays a link to the replaced file', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'real.csv'), 'old\n', { mode: 0o640 });
    symlinkSync(join(dir, 'real.csv'), join(dir, 'link.csv'));
    const r = await runCli(['scan', 'o/a.txt', '-o', 'link.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toMatch(/^id,status/);
    const { lstatSync, statSync } = await import('node:fs');
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(statSync(join(dir, 'real.csv')).mode & 0o777).toBe(0o640);
  });
});
