/**
 * Reliability catalogue, case 6 (issue 16): config you can see and trust. `check` names the config
 * it used; `--print-config` shows what applies to a file; configs are looked for from the file up to
 * the repository root (the nearest folder holding `.git`; outside git, the current folder), never
 * above; a config that ignores every file given, or leaves no stigma entry in the lexicon, is a
 * warning; `--no-inline-config` makes suppression comments count for nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lexiconYaml, runCli, tempDir } from '../helpers.js';

const LETTER = 'Dear patient, addicts in our program must arrive by 9 am for dosing.\n';
const FINDING = /a\.md:1:\d+: .*\[addict\]/;

/** Files under a fresh folder: path -> text; a path ending in "/" is a folder. */
function tree(files: Record<string, string>): string {
  const dir = tempDir('harmlex-config-');
  for (const [path, text] of Object.entries(files)) {
    const abs = join(dir, path);
    if (path.endsWith('/')) mkdirSync(abs, { recursive: true });
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
  }
  return dir;
}

/** Is there a `.git` in `dir` or a folder above it? (Then "outside git" cannot be staged there.) */
function insideGit(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}
const tmpInGit = insideGit(tempDir('harmlex-config-probe-'));

const IGNORE_ALL = 'ignore: ["*.md"]\n';

describe('configs are looked for up to the repository root, never above', () => {
  it('a config (each of the three kinds) above the git root is not used; one between the file and the root is', async () => {
    const kinds: Record<string, string> = {
      '.harmlex.yaml': IGNORE_ALL,
      'harmlex.config.yaml': IGNORE_ALL,
      'package.json': JSON.stringify({ name: 'outer', harmlex: { ignore: ['*.md'] } }),
    };
    for (const [name, text] of Object.entries(kinds)) {
      const dir = tree({ [name]: text, 'repo/.git/': '', 'repo/docs/a.md': LETTER });
      for (const [cwd, target] of [['repo', 'docs/a.md'], ['repo/docs', 'a.md'], ['.', 'repo/docs/a.md']] as const) {
        const r = await runCli(['check', target], { cwd: join(dir, cwd) });
        expect(r.code, `${name}, check ${target} from ${cwd}: ${r.stderr}`).toBe(1);
        expect(r.stdout).toMatch(FINDING);
        expect(r.stderr).not.toContain(name);
      }
      // Inside the repository, the same config is used.
      writeFileSync(join(dir, 'repo', name), text);
      const inside = await runCli(['check', 'docs/a.md'], { cwd: join(dir, 'repo') });
      expect(inside.code, inside.stderr).toBe(0);
      expect(inside.stdout).toBe('');
    }
  });

  it('a .git file (a submodule or worktree) bounds the search as a .git folder does', async () => {
    const dir = tree({ '.harmlex.yaml': IGNORE_ALL, 'sub/.git': 'gitdir: ../.git/modules/sub\n', 'sub/a.md': LETTER });
    const r = await runCli(['check', 'a.md'], { cwd: join(dir, 'sub') });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(FINDING);
  });

  it.skipIf(tmpInGit)('outside git, a config above the current folder is not used (skipped when the temporary folder is inside a git repository)', async () => {
    const dir = tree({ '.harmlex.yaml': IGNORE_ALL, 'work/a.md': LETTER, 'work/b/a.md': LETTER });
    const r = await runCli(['check', 'a.md', 'b/a.md'], { cwd: join(dir, 'work') });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.split('\n').filter((l) => FINDING.test(l))).toHaveLength(2);
    // One in the current folder is.
    writeFileSync(join(dir, 'work', '.harmlex.yaml'), IGNORE_ALL);
    expect((await runCli(['check', 'a.md', 'b/a.md'], { cwd: join(dir, 'work') })).code).toBe(0);
  });
});

describe('check says which config it used', () => {
  it('one line per distinct config on standard error; none with --quiet or --no-config, or when there is no config', async () => {
    const allow = 'allow:\n  - entry: addict\n    reason: quoted\n';
    const dir = tree({ '.git/': '', '.harmlex.yaml': allow, 'a.md': LETTER, 'docs/.harmlex.yaml': allow, 'docs/a.md': LETTER, 'docs/b.md': LETTER });
    const r = await runCli(['check', 'a.md', 'docs'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('harmlex: config .harmlex.yaml\nharmlex: config docs/.harmlex.yaml\n');
    const given = await runCli(['check', 'a.md', '--config', 'docs/.harmlex.yaml'], { cwd: dir });
    expect(given.stderr).toBe('harmlex: config docs/.harmlex.yaml\n');
    const stdin = await runCli(['check', '-', '--stdin-filename', 'docs/c.md'], { cwd: dir, stdin: LETTER });
    expect(stdin.stderr).toBe('harmlex: config docs/.harmlex.yaml\n');
    for (const flag of ['--quiet', '--no-config']) expect((await runCli(['check', 'a.md', flag], { cwd: dir })).stderr, flag).not.toContain('harmlex: config');
    const none = tree({ '.git/': '', 'a.md': LETTER });
    expect((await runCli(['check', 'a.md'], { cwd: none })).stderr).not.toContain('harmlex: config');
  });
});

describe('a config that silences the check is a warning', () => {
  it('a config that ignores every file given names itself and the glob, for files, folders and standard input', async () => {
    const dir = tree({ '.git/': '', '.harmlex.yaml': 'ignore: ["*.md", "vendor/**"]\n', 'docs/a.md': LETTER, 'docs/b.md': LETTER, 'c.txt': LETTER });
    for (const args of [['docs/a.md'], ['docs'], ['-', '--stdin-filename', 'docs/z.md'], ['docs/a.md', '--quiet']]) {
      const r = await runCli(['check', ...args], { cwd: dir, ...(args[0] === '-' ? { stdin: LETTER } : {}) });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(/\.harmlex\.yaml ignores every file given \(ignore: "\*\.md"\)/);
    }
    // Two configs, each ignoring what it applies to: both named, each with its globs.
    writeFileSync(join(dir, 'docs', '.harmlex.yaml'), 'ignore: ["b.*"]\n');
    const two = await runCli(['check', 'c.txt', 'docs/b.md'], { cwd: dir });
    expect(two.code).toBe(1);
    expect(two.stderr).not.toMatch(/nothing was checked/);
    writeFileSync(join(dir, '.harmlex.yaml'), 'ignore: ["*.txt"]\n');
    const both = await runCli(['check', 'c.txt', 'docs/b.md'], { cwd: dir });
    expect(both.stderr).toContain('every file given is ignored by a config: .harmlex.yaml (ignore: "*.txt"), docs/.harmlex.yaml (ignore: "b.*"); nothing was checked');
    writeFileSync(join(dir, '.harmlex.yaml'), 'ignore: ["*.md", "vendor/**"]\n');
    // A file it does not ignore beside an ignored one: no warning.
    const some = await runCli(['check', 'docs/a.md', 'c.txt'], { cwd: dir });
    expect(some.code).toBe(1);
    expect(some.stderr).not.toContain('ignores');
  });

  it('a config whose lexicon has no stigma entry (replacing the default, or through -l) says so', async () => {
    const principlesOnly = lexiconYaml(`  - id: meet-where
    category: principle
    principle: individualism
    terms: [meet you where you are]
`);
    const dir = tree({ '.git/': '', 'principles.yaml': principlesOnly, '.harmlex.yaml': 'lexicons: [principles.yaml]\nreplaceDefault: true\n', 'a.md': LETTER });
    const r = await runCli(['check', 'a.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\.harmlex\.yaml: the lexicon \(principles\.yaml\) has no stigma entries/);
    const cli = await runCli(['check', 'a.md', '--no-config', '-l', 'principles.yaml'], { cwd: dir });
    expect(cli.stderr).toMatch(/the lexicon \(principles\.yaml\) has no stigma entries/);
    // Merged over the default, the stigma entries are there: no warning.
    writeFileSync(join(dir, '.harmlex.yaml'), 'lexicons: [principles.yaml]\n');
    const merged = await runCli(['check', 'a.md'], { cwd: dir });
    expect(merged.code).toBe(1);
    expect(merged.stderr).not.toContain('stigma');
  });

  const TWO = lexiconYaml(`  - id: addict
    category: stigma
    terms: [addict, addicts]
  - id: clean
    category: stigma
    terms: [clean]
`);
  const ALLOW_BOTH = 'allow:\n  - entry: addict\n    reason: a\n  - entry: clean\n    reason: b\n';

  it('a config whose allow rules (its own or an override\'s) cover every stigma entry says so', async () => {
    const dir = tree({ '.git/': '', 'lex.yaml': TWO, '.harmlex.yaml': `lexicons: [lex.yaml]\nreplaceDefault: true\n${ALLOW_BOTH}`, 'a.md': LETTER });
    const r = await runCli(['check', 'a.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\.harmlex\.yaml allows every stigma entry/);
    writeFileSync(join(dir, '.harmlex.yaml'), `lexicons: [lex.yaml]\nreplaceDefault: true\noverrides:\n  - files: ["**"]\n    ${ALLOW_BOTH.replace(/\n {2}/g, '\n      ')}`);
    const over = await runCli(['check', 'a.md'], { cwd: dir });
    expect(over.code, over.stderr).toBe(0);
    expect(over.stderr).toMatch(/\.harmlex\.yaml \(with overrides\.0\) allows every stigma entry/);
  });

  it('a config whose failOn is above every stigma entry (its own failOn, or its entries made info) says so', async () => {
    const dir = tree({ '.git/': '', 'lex.yaml': TWO, '.harmlex.yaml': 'lexicons: [lex.yaml]\nreplaceDefault: true\nfailOn: error\n', 'a.md': LETTER });
    const r = await runCli(['check', 'a.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(FINDING);
    expect(r.stderr).toMatch(/\.harmlex\.yaml: every stigma entry of the lexicon \(2 entries\) is below failOn "error"/);
    // Entries of the default lexicon replaced by `add:` entries of severity info.
    writeFileSync(join(dir, '.harmlex.yaml'), 'lexicons: [lex.yaml]\nreplaceDefault: true\nadd:\n  - id: addict\n    category: stigma\n    severity: info\n    terms: [addicts]\n  - id: clean\n    category: stigma\n    severity: info\n    terms: [clean]\n');
    const info = await runCli(['check', 'a.md'], { cwd: dir });
    expect(info.code, info.stderr).toBe(0);
    expect(info.stderr).toMatch(/below failOn "warning"/);
    // The default lexicon under failOn: error has entries of severity error: no warning.
    writeFileSync(join(dir, '.harmlex.yaml'), 'failOn: error\n');
    expect((await runCli(['check', 'a.md'], { cwd: dir })).stderr).not.toContain('failOn');
  });
});

describe('--print-config', () => {
  const CONFIG = `lexicons: [extra.yaml]
allow:
  - entry: addict
    reason: quoted program name
ignore: ["vendor/**"]
failOn: warning
requireReasons: true
overrides:
  - files: ["docs/**"]
    failOn: error
    allow:
      - phrase: drug seeking
        reason: title of a state policy
  - files: ["other/**"]
    failOn: info
`;
  const EXTRA = lexiconYaml(`  - id: frequent-flyer
    category: stigma
    terms: [frequent flyer]
`);

  it('shows the merged config that applies to a file, and exits 0 without checking', async () => {
    const dir = tree({ '.git/': '', '.harmlex.yaml': CONFIG, 'extra.yaml': EXTRA, 'docs/a.md': LETTER });
    const r = await runCli(['check', '--print-config', 'docs/a.md'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(FINDING);
    const shown = parse(r.stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({
      file: 'docs/a.md',
      config: '.harmlex.yaml',
      ignored: false,
      lexicons: ['default', 'extra.yaml'],
      allow: [
        { entry: 'addict', reason: 'quoted program name', from: 'allow' },
        { phrase: 'drug seeking', reason: 'title of a state policy', from: 'overrides.0' },
      ],
      ignore: ['vendor/**'],
      overrides: [
        { files: ['docs/**'], applies: true },
        { files: ['other/**'], applies: false },
      ],
      failOn: 'error',
      requireReasons: true,
      inlineConfig: true,
    });
    // Flags win over the config; an ignored file says by which glob.
    const flags = await runCli(['check', '--print-config', 'docs/a.md', '--fail-on', 'info', '--no-inline-config', '-l', 'default'], { cwd: dir });
    expect(parse(flags.stdout)).toMatchObject({ failOn: 'info', inlineConfig: false, lexicons: ['default'] });
    // The config is checked against its lexicon as for a run: an allow rule naming no entry is exit 2.
    const unknown = await runCli(['check', '--print-config', 'docs/a.md', '-l', 'extra.yaml'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('.harmlex.yaml:3:12 unknown-entry');
    const json = await runCli(['check', '--print-config', 'docs/a.md', 'vendor/x.md', '--format', 'json'], { cwd: dir });
    expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toMatchObject([{ file: 'docs/a.md', config: '.harmlex.yaml', failOn: 'error' }, { file: 'vendor/x.md', ignored: 'vendor/**' }]);
    const ignored = await runCli(['check', '--print-config', 'vendor/x.md'], { cwd: dir });
    expect(parse(ignored.stdout)).toMatchObject({ file: 'vendor/x.md', ignored: 'vendor/**' });
    const none = await runCli(['check', '--print-config', 'docs/a.md', '--no-config'], { cwd: dir });
    expect(parse(none.stdout)).toMatchObject({ config: null, lexicons: ['default'], allow: [], failOn: 'warning' });
  });

  it('-o writes the shown config to a file (atomically, never over an input), not to standard output', async () => {
    const dir = tree({ '.git/': '', '.harmlex.yaml': CONFIG, 'extra.yaml': EXTRA, 'docs/a.md': LETTER });
    const r = await runCli(['check', '--print-config', 'docs/a.md', '-o', 'out/config.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(parse(readFileSync(join(dir, 'out/config.yaml'), 'utf8'))).toMatchObject({ file: 'docs/a.md', config: '.harmlex.yaml' });
    const clash = await runCli(['check', '--print-config', 'docs/a.md', '-o', '.harmlex.yaml'], { cwd: dir });
    expect(clash.code).toBe(2);
    expect(readFileSync(join(dir, '.harmlex.yaml'), 'utf8')).toBe(CONFIG);
  });

  it('a broken config is still an error (exit 2, with its position)', async () => {
    const dir = tree({ '.git/': '', '.harmlex.yaml': 'failOn: sometimes\n', 'a.md': LETTER });
    const r = await runCli(['check', '--print-config', 'a.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.harmlex\.yaml:1:9/);
  });
});

describe('--no-inline-config', () => {
  it('findings under suppression comments count, and mistyped directives are not reported', async () => {
    const text = `<!-- harmlex-disable-next-line -- quoting -->\n${LETTER}<!-- harmlex-disable -->\nAn addict.\n<!-- harmlex-disabel-line -->\n`;
    const dir = tree({ '.git/': '', 'a.md': text });
    const trusting = await runCli(['check', 'a.md', '--no-config'], { cwd: dir });
    expect(trusting.stdout).toContain('harmlex/invalid-directive');
    expect(trusting.stdout).not.toContain('[addict]');
    const r = await runCli(['check', 'a.md', '--no-config', '--no-inline-config', '--report-unused-suppressions'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/a\.md:2:\d+: .*\[addict\]/);
    expect(r.stdout).toMatch(/a\.md:4:\d+: .*\[addict\]/);
    expect(r.stdout).not.toContain('harmlex/invalid-directive');
    expect(r.stdout).not.toContain('unused-suppression');
  });
});

describe('--no-config', () => {
  it('ignores configs for files, folders and standard input', async () => {
    const dir = tree({ '.git/': '', '.harmlex.yaml': IGNORE_ALL, 'docs/a.md': LETTER });
    for (const args of [['docs/a.md'], ['docs'], ['-', '--stdin-filename', 'docs/a.md']]) {
      const r = await runCli(['check', ...args, '--no-config'], { cwd: dir, ...(args[0] === '-' ? { stdin: LETTER } : {}) });
      expect(r.code, args.join(' ')).toBe(1);
    }
  });
});

describe('the real binary, spawned (as a CI job runs it)', () => {
  const bin = fileURLToPath(new URL('../../bin/harmlex.js', import.meta.url));
  const run = (args: string[], cwd: string) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', HARMLEX_LEXICON_CACHE: 'off' } });

  it('a config above the checkout is not read, the one inside is named, and --no-inline-config counts a suppressed finding', () => {
    const dir = tree({ '.harmlex.yaml': IGNORE_ALL, 'repo/.git/': '', 'repo/.harmlex.yaml': 'failOn: warning\n', 'repo/a.md': `<!-- harmlex-disable-next-line -->\n${LETTER}` });
    const cwd = join(dir, 'repo');
    const trusting = run(['check', 'a.md'], cwd);
    expect(trusting.status, trusting.stderr).toBe(0);
    expect(trusting.stderr).toBe('harmlex: config .harmlex.yaml\n');
    const untrusting = run(['check', 'a.md', '--no-inline-config'], cwd);
    expect(untrusting.status).toBe(1);
    expect(untrusting.stdout).toMatch(/a\.md:2:\d+: .*\[addict\]/);
    const printed = run(['check', '--print-config', 'a.md', '--format', 'json'], cwd);
    expect(printed.status).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ config: '.harmlex.yaml', searchedUpTo: '.', failOn: 'warning' });
  });
});
