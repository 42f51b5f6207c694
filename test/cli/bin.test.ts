/** The real binary, spawned: what a user or CI job sees. Needs `npm run build` (npm test does it). */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/harmlex.js');
const mini = join(root, 'fixtures/lexicons/mini.yaml');

function run(args: string[], input?: string, cwd = root, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { input: input ?? '', cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/harmlex.js', () => {
  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });
  it('scans piped standard input as JSONL', () => {
    const r = run(['scan', '-l', mini, '--format', 'jsonl'], 'He is a known addict.\n');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ id: 'stdin', placement: 'antithetical' });
  });
  it('scans files and writes CSV in a pipe', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'It is their choice.\n');
    const r = run(['scan', 'a.txt', '-l', mini], undefined, dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]).toMatch(/^a\.txt,ok,,4,relational,1,/);
  });
  it('a user lexicon is compiled once into HARMLEX_LEXICON_CACHE; later runs (one with workers) give the same bytes', () => {
    const cache = join(tempDir(), 'lexicon-cache');
    const args = ['scan', 'fixtures/docs', '-l', mini, '--format', 'jsonl'];
    const first = run(args, undefined, root, { HARMLEX_LEXICON_CACHE: cache });
    expect(first.code).toBe(0);
    const entries = readdirSync(cache).filter((f) => f.endsWith('.json'));
    expect(entries).toHaveLength(1);
    // A run that compiled again would rewrite the entry: reuse leaves it as it was.
    const written = statSync(join(cache, entries[0]!)).mtimeMs;
    const cached = run(args, undefined, root, { HARMLEX_LEXICON_CACHE: cache });
    const workers = run([...args, '--jobs', '2'], undefined, root, { HARMLEX_LEXICON_CACHE: cache });
    expect(statSync(join(cache, entries[0]!)).mtimeMs).toBe(written);
    const uncached = run(args, undefined, root, { HARMLEX_LEXICON_CACHE: 'off' });
    expect(first.stdout.split('\n').length).toBeGreaterThan(5);
    for (const r of [cached, workers, uncached]) expect(r.stdout).toBe(first.stdout);
  });
  it('a bad lexicon exits 2 with positions and scans nothing', () => {
    const r = run(['scan', 'fixtures/docs', '-l', 'fixtures/lexicon-errors/typo-and-duplicate.yaml', '--format', 'jsonl']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/typo-and-duplicate\.yaml:8:5 unknown-key/);
    expect(r.stderr).toMatch(/typo-and-duplicate\.yaml:11:13 duplicate-term/);
  });
  it('no files matched is an error with exit 2', () => {
    const r = run(['scan', 'fixtures/docs/*.nothing', '-l', mini]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no files match/);
  });
  it('an unknown option is a usage error with a hint', () => {
    const r = run(['scan', '--fromat', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean --format/);
  });
  it('does not read a .env file or print anything but results', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'HARMLEX_SHOULD_NOT_LOAD=1\n');
    writeFileSync(join(dir, 'a.txt'), 'addicts\n');
    const r = run(['scan', 'a.txt', '-l', mini, '--format', 'jsonl'], undefined, dir);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('');
  });
});
