/**
 * Reliability catalogue, case 10 (issue 16): honest reasons. UTF-16 without a BOM is told by the
 * NUL pattern of its bytes and read (not called binary); a hand-edited cache record is recomputed,
 * not reused. (Devices, FIFOs and dangling links inside folders: bounded.test.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const jsonl = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('honest reasons', () => {
  it('UTF-16 LE and BE without a BOM are read, not skipped as binary; random bytes stay binary', async () => {
    const dir = tempDir();
    const text = 'He is an addict.\r\nWe meet people where they are.\r\n';
    writeFileSync(join(dir, 'le.txt'), Buffer.from(text, 'utf16le'));
    writeFileSync(join(dir, 'be.txt'), Buffer.from(text, 'utf16le').swap16());
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251 === 0 ? 0 : (i * 131) % 256;
    writeFileSync(join(dir, 'noise.txt'), noise);
    const r = await runCli(['scan', 'le.txt', 'be.txt', 'noise.txt', '--format', 'jsonl'], { cwd: dir });
    const [le, be, bin] = jsonl(r.stdout);
    expect(le).toMatchObject({ id: 'le.txt', status: 'ok', placement: 'mixed' });
    expect(be).toMatchObject({ id: 'be.txt', status: 'ok', placement: 'mixed' });
    expect(bin.status).toBe('skipped');
  });

  it('a hand-edited cache record is recomputed, not reused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'He is an addict.\n');
    const first = await runCli(['scan', 'a.txt', '--format', 'jsonl', '--cache'], { cwd: dir });
    expect(first.code).toBe(0);
    const cacheFile = join(dir, '.harmlex-cache', 'scan.json');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
    const key = Object.keys(cache.records)[0]!;
    cache.records[key].placement = 'relational';
    cache.records[key].scores.stigma = 0;
    writeFileSync(cacheFile, JSON.stringify(cache));
    const second = await runCli(['scan', 'a.txt', '--format', 'jsonl', '--cache'], { cwd: dir });
    expect(jsonl(second.stdout)[0].placement).toBe('antithetical');
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).not.toMatch(/unchanged since the last run/);
  });
});
