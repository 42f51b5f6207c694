/**
 * Reliability catalogue, case 5 (issue 16): every read is bounded and special files are named.
 * Standard input, lexicons, configs, baselines and results files obey --max-file-size (or a fixed
 * limit); FIFOs and devices are refused with their kind, in a folder too; --jobs is capped at the
 * cores; a document lists at most DEFAULT_MAX_MATCHES matches; a zip entry stops at its header's size.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MATCHES } from '../../src/analyze.js';
import { analyzeDocument } from '../../src/analyze.js';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
import { scanTextCounted, wordPassWindow } from '../../src/scan/scan.js';
import { makeDocx } from '../io/docx-helper.js';
import { runCli, tempDir } from '../helpers.js';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/harmlex.js');
const jsonl = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const canFifo = spawnSync('mkfifo', ['--version']).status === 0;

function fifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

describe('bounded reads', () => {
  it('standard input over --max-file-size is a skip with its reason (reading stops there)', async () => {
    const r = await runCli(['scan', '-', '--format', 'jsonl', '--max-file-size', '1MB'], { stdin: 'he is an addict\n'.repeat(100_000) });
    expect(r.code).toBe(2);
    expect(jsonl(r.stdout)[0].reason).toMatch(/standard input is over --max-file-size/);
  });

  it('standard input as a table over --max-file-size is refused', async () => {
    const r = await runCli(['scan', '-', '--stdin-format', 'csv', '--max-file-size', '1KB'], { stdin: `id,text\n${'a,he is an addict\n'.repeat(1000)}` });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/over --max-file-size/);
  });

  it.skipIf(!canFifo)('a FIFO given as a lexicon, a config, a baseline or a results file is refused at once, named as a FIFO (no hang)', () => {
    const dir = tempDir();
    fifo(join(dir, 'pipe'));
    writeFileSync(join(dir, 'a.txt'), 'an addict\n');
    for (const args of [['scan', 'a.txt', '-l', 'pipe'], ['check', 'a.txt', '--config', 'pipe'], ['check', 'a.txt', '--baseline', 'pipe'], ['summarize', 'pipe']]) {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 15000 });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/is a FIFO/);
    }
  });

  it('/dev/zero as a lexicon or a results file is refused as a character device, not read without end', () => {
    const a = spawnSync(process.execPath, [BIN, 'scan', '-', '-l', '/dev/zero'], { input: 'x', encoding: 'utf8', timeout: 15000 });
    const b = spawnSync(process.execPath, [BIN, 'summarize', '/dev/zero'], { encoding: 'utf8', timeout: 15000 });
    for (const r of [a, b]) {
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/is a character device/);
    }
  });

  it('a device given as an input is named as such, not "no such file or folder"', async () => {
    const r = await runCli(['scan', '/dev/null', '--format', 'jsonl']);
    expect(r.code).toBe(2);
    expect(jsonl(r.stdout)[0].reason).toMatch(/is a character device/);
  });

  it.skipIf(!canFifo)('a FIFO or a dangling symbolic link inside a scanned folder is a skipped record with its reason (exit 2), never a silent drop', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd', 'a.txt'), 'an addict\n');
    fifo(join(dir, 'd', 'pipe.txt'));
    symlinkSync(join(dir, 'nowhere.txt'), join(dir, 'd', 'gone.txt'));
    const r = await runCli(['scan', 'd', '--format', 'jsonl'], { cwd: dir });
    expect(r.code).toBe(2);
    const byId = Object.fromEntries(jsonl(r.stdout).map((d) => [d.id, d]));
    expect(byId['d/a.txt'].status).toBe('ok');
    expect(byId['d/pipe.txt'].reason).toMatch(/is a FIFO/);
    expect(byId['d/gone.txt'].reason).toMatch(/dangling symbolic link/);
  });

  it('--jobs is capped at the number of cores (with a warning)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'an addict\n');
    const r = await runCli(['scan', 'a.txt', '--jobs', '100000', '--format', 'jsonl'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`--jobs 100000: this machine has ${availableParallelism()} core`));
  });

  it('a docx whose entry inflates past its header size is a skip, not gigabytes of memory', async () => {
    const dir = tempDir();
    const docx = makeDocx([`He is an addict. ${'x'.repeat(200_000)}`]);
    // Lie in the headers: say the document part is 100 bytes uncompressed.
    const buf = Buffer.from(docx);
    for (let i = 0; i + 4 <= buf.length; i++) {
      const sig = buf.readUInt32LE(i);
      if (sig === 0x02014b50 && buf.toString('utf8', i + 46, i + 46 + buf.readUInt16LE(i + 28)) === 'word/document.xml') buf.writeUInt32LE(100, i + 24);
      if (sig === 0x04034b50 && buf.toString('utf8', i + 30, i + 30 + buf.readUInt16LE(i + 26)) === 'word/document.xml') buf.writeUInt32LE(100, i + 22);
    }
    writeFileSync(join(dir, 'bomb.docx'), buf);
    const r = await runCli(['scan', 'bomb.docx', '--format', 'jsonl'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(jsonl(r.stdout)[0].reason).toMatch(/inflates to more than the 100 bytes its header gives/);
  });
});

describe('a document where every word matches', () => {
  it(`lists at most ${DEFAULT_MAX_MATCHES} matches, says truncated, and still counts every match`, async () => {
    const { compiled } = await loadDefaultLexicon();
    const n = DEFAULT_MAX_MATCHES + 500;
    const r = analyzeDocument({ id: 'x', text: 'he is an addict. '.repeat(n) }, compiled);
    expect(r.matches.length).toBe(DEFAULT_MAX_MATCHES);
    expect(r.truncated).toBe(true);
    expect(r.matches_total).toBe(n);
    expect(r.counts.stigma).toBe(n);
  });

  it('the word pass in windows (for long texts) finds what the whole-text pass finds', async () => {
    const { compiled } = await loadDefaultLexicon();
    const parts = ['We meet people where they are.', 'He is an addict;', 'she is a drug abuser\n', 'harm reduction saves lives', 'naloxone', 'clean and sober', '—', 'person-first'];
    let text = '';
    for (let i = 0; text.length < 60_000; i++) text += parts[(i * 7) % parts.length] + (i % 5 ? ' ' : '\n');
    const saved = { ...wordPassWindow };
    try {
      wordPassWindow.chars = Infinity;
      const whole = scanTextCounted(text, compiled);
      wordPassWindow.chars = 1000;
      wordPassWindow.lookahead = 64;
      const windowed = scanTextCounted(text, compiled);
      expect(windowed.words).toBe(whole.words);
      expect(windowed.matches).toEqual(whole.matches);
      expect(whole.matches.length).toBeGreaterThan(100);
    } finally {
      Object.assign(wordPassWindow, saved);
    }
  });
});
