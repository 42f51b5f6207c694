/**
 * Reliability catalogue, case 4 (issue 16): user patterns (lexicon `patterns`, config `add:`
 * entries, speaker label patterns, --meta-from-path) run on a linear-time engine (RE2 semantics),
 * and what it lacks is a validation error with file:line:col. Matching time is compared with a
 * linear scan of the same input (a ratio and a doubling test, never a wall-clock bound).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinearRegex } from '../../src/text/linear-regex.js';
import { runCli, tempDir } from '../helpers.js';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/harmlex.js');

/** The fastest of a few runs (ms): noise from other processes only ever adds time. */
function fastest(f: () => void, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const count = (re: LinearRegex, text: string) => {
  let n = 0;
  for (const _ of re.matchAll(text)) n++;
  return n;
};

// Classic catastrophic-backtracking shapes (OWASP ReDoS, markdownlint #657, the issue's own).
const SHAPES: [string, (n: number) => string][] = [
  ['(a+)+b', (n) => 'a'.repeat(n)],
  ['(a|a)*b', (n) => 'a'.repeat(n)],
  ['(a|aa)+b', (n) => 'a'.repeat(n)],
  ['(a*)*b', (n) => 'a'.repeat(n)],
  ['(a{1,5}){1,10}c', (n) => 'a'.repeat(n)],
  ['a*a*a*a*a*a*b', (n) => 'a'.repeat(n)],
  ['(\\w+\\s?)*$', (n) => `${'word '.repeat(n / 5)}!`],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', (n) => 'a'.repeat(n)],
  ['(.*a){8}', (n) => 'a'.repeat(n)],
];

describe('linear-time patterns', () => {
  it.each(SHAPES)('%s on 100 KB takes time of the order of a linear scan of the same input, and doubles with the input', (source, input) => {
    const re = LinearRegex.compile(source);
    const linear = LinearRegex.compile('[ab]c');
    const small = input(100_000);
    const large = input(200_000);
    const base = fastest(() => count(linear, small));
    const t100 = fastest(() => count(re, small));
    const t200 = fastest(() => count(re, large));
    // A backtracking engine is exponential (or polynomial of high degree) on these: hours against
    // the scan's milliseconds, and far more than 2x per doubling. The linear engine's cost grows with
    // the pattern's size (its automaton's states), hence the loose ratio; the doubling is the sharp test.
    expect(t100 / Math.max(base, 0.5)).toBeLessThan(2000);
    expect(t200 / Math.max(t100, 0.5)).toBeLessThan(4);
  });

  it('lexicon validate: back-references and lookaround are errors with file:line:col; a bounded nested repeat runs fast', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'lex.yaml'),
      "harmlex: 1\nname: r\nversion: '1'\nsettings:\n  speakers:\n    label_pattern: '^(\\w+)(?=:)'\nentries:\n  - id: evil\n    category: stigma\n    patterns: ['(x)\\1', '(?<=a)b', '(?!a)b']\n",
    );
    const r = spawnSync(process.execPath, [BIN, 'lexicon', 'validate', 'lex.yaml'], { cwd: dir, encoding: 'utf8', timeout: 20000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/lex\.yaml:6:\d+ unsafe-pattern .*lookahead and lookbehind/);
    expect(r.stdout).toMatch(/lex\.yaml:10:\d+ unsafe-pattern back-references are not supported/);
    expect(r.stdout.match(/lookahead and lookbehind/g)?.length).toBe(3);
  });

  it('scan with the issue\'s pattern (a{1,5}){1,10}c over 100 KB of "a" finishes (it took 6 s on 41 characters)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'lex.yaml'), "harmlex: 1\nname: r\nversion: '1'\nentries:\n  - id: evil\n    category: stigma\n    terms: [zzzz]\n    patterns: ['(a{1,5}){1,10}c']\n");
    writeFileSync(join(dir, 'a.txt'), 'a'.repeat(100_000));
    const r = spawnSync(process.execPath, [BIN, 'scan', 'a.txt', '-l', 'lex.yaml', '--format', 'jsonl'], { cwd: dir, encoding: 'utf8', timeout: 20000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('ok');
  });

  it('a speaker label pattern and --meta-from-path run on the linear engine too', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), `${'a'.repeat(50_000)}\nBob: he is an addict\n`);
    const r = spawnSync(process.execPath, [BIN, 'scan', 'a.txt', '--speaker-pattern', '^(?:(a{1,5}){1,10}c|([A-Z]\\w+)):', '--format', 'jsonl'], { cwd: dir, encoding: 'utf8', timeout: 20000 });
    expect(r.status).toBe(0);
    const name = `${'a'.repeat(40)}.txt`;
    writeFileSync(join(dir, name), 'he is an addict\n');
    const m = spawnSync(process.execPath, [BIN, 'scan', name, '--meta-from-path', '(?<x>(a{1,5}){1,10}c)', '--format', 'jsonl'], { cwd: dir, encoding: 'utf8', timeout: 20000 });
    expect(m.status).toBe(0);
  });

  it('a config\'s add: entry with a back-reference is an error at its place in the config, not a silent no-op', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.md'), 'He is an addict.\n');
    writeFileSync(join(dir, '.harmlex.yaml'), "add:\n  - id: evil\n    category: stigma\n    patterns: ['(x)\\1']\n");
    const r = await runCli(['check', 'a.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.harmlex\.yaml:2:\d+ unsafe-pattern back-references are not supported/);
  });
});

describe('globs (config ignore and overrides, command-line globs) run on the linear-time engine', () => {
  it('match as globs do', async () => {
    const { globToRegExp } = await import('../../src/io/files.js');
    const cases: [string, string, boolean][] = [
      ['*.md', 'a.md', true],
      ['*.md', 'dir/a.md', false],
      ['**/*.md', 'dir/sub/a.md', true],
      ['**/*.md', 'a.md', true],
      ['docs/{a,b}.txt', 'docs/b.txt', true],
      ['docs/{a,b}.txt', 'docs/c.txt', false],
      ['note?.txt', 'note1.txt', true],
      ['[ab].txt', 'b.txt', true],
      ['[!ab].txt', 'b.txt', false],
      ['a+b (1).txt', 'a+b (1).txt', true],
      ['broken[.txt', 'broken[.txt', true],
      ['{a,b', 'a', true],
    ];
    for (const [glob, path, want] of cases) expect(globToRegExp(glob).test(path), `${glob} ~ ${path}`).toBe(want);
  });

  it("a config's ignore glob built to backtrack does not hang check (it took over 20 s on V8's RegExp)", () => {
    const dir = tempDir('harmlex-glob-redos-');
    spawnSync('git', ['init', '-q', dir]);
    writeFileSync(join(dir, '.harmlex.yaml'), `ignore: ["${'{*,*}'.repeat(18)}x"]\n`);
    writeFileSync(join(dir, `${'a'.repeat(40)}.md`), 'He is an addict.\n');
    const r = spawnSync(process.execPath, [BIN, 'check', '.'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.error, 'check was killed after 20 s').toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('[addict]');
  });
});
