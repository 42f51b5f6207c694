/** `harmlex check` in-process: the exit-code table (docs/ci.md, "Failure policy and exit codes"), config, allow, suppressions, baseline. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lexiconYaml, runCli, tempDir } from '../helpers.js';

const LEX = lexiconYaml(`  - id: junkie
    category: stigma
    terms: [junkie]
    suggest: [person who uses drugs]
  - id: clean
    category: stigma
    terms: [clean]
    severity: error
    suggest: [negative]
  - id: choice
    category: principle
    principle: autonomy
    terms: [your choice]
`);

function project(files: Record<string, string>): string {
  const dir = tempDir('harmlex-check-');
  writeFileSync(join(dir, 'lex.yaml'), LEX);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const check = (dir: string, ...args: string[]) => runCli(['check', '-l', 'lex.yaml', ...args], { cwd: dir });

describe('harmlex check: exit codes', () => {
  // One table, the same as docs/ci.md "Failure policy and exit codes".
  const table: [string, Record<string, string>, string[], number][] = [
    ['no findings', { 'a.md': 'It is your choice.\n' }, ['.'], 0],
    ['a warning (default --fail-on warning)', { 'a.md': 'He is a junkie.\n' }, ['.'], 1],
    ['a warning under --fail-on error', { 'a.md': 'He is a junkie.\n' }, ['.', '--fail-on', 'error'], 0],
    ['an error under --fail-on error', { 'a.md': 'The screen was clean.\n' }, ['.', '--fail-on', 'error'], 1],
    ['more warnings than --max-warnings', { 'a.md': 'junkie\njunkie\n' }, ['.', '--fail-on', 'error', '--max-warnings', '1'], 1],
    ['findings with --no-exit-code', { 'a.md': 'He is a junkie.\n' }, ['.', '--no-exit-code'], 0],
    ['a negated stigma label is still the label', { 'a.md': 'He is not a junkie.\n' }, ['.'], 1],
    ['principle indicators only, with --all', { 'a.md': 'It is your choice.\n' }, ['.', '--all', '--fail-on', 'info'], 0],
    ['a missing path', { 'a.md': 'ok\n' }, ['nope.md'], 2],
    ['an unreadable (non UTF-8) file, even with --no-exit-code', { 'a.txt': '\u00ff' }, ['.', '--no-exit-code'], 2],
    ['an unknown format', { 'a.md': 'ok\n' }, ['.', '--format', 'xml'], 2],
    ['a bad --fail-on', { 'a.md': 'ok\n' }, ['.', '--fail-on', 'severe'], 2],
    ['no files to check', { 'a.bin': 'x' }, ['.'], 2],
  ];
  it.each(table)('%s', async (_name, files, args, code) => {
    const dir = project(files);
    if (files['a.txt']) writeFileSync(join(dir, 'a.txt'), Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41]).subarray(2));
    const r = await check(dir, ...args);
    expect(r.code, r.stderr).toBe(code);
  });

  it('an empty template is not an error', async () => {
    const dir = project({ 'a.html': '', 'b.md': 'fine\n' });
    expect((await check(dir, '.')).code).toBe(0);
  });
});

describe('harmlex check: output', () => {
  it('compact on a pipe, stylish on a terminal, machine output only on stdout', async () => {
    const dir = project({ 'x/a.html': '<p>Dear {{ name }},</p>\n<p>Your screen was clean, junkie.</p>\n' });
    const r = await check(dir, 'x');
    expect(r.stdout).toBe(
      'x/a.html:2:20: error: "clean" is stigmatizing language; prefer "negative" [clean]\nx/a.html:2:27: warning: "junkie" is stigmatizing language; prefer "person who uses drugs" [junkie]\n',
    );
    expect(r.stderr).toContain('exit code 1');
    const tty = await runCli(['check', '-l', 'lex.yaml', 'x'], { cwd: dir, stdoutIsTTY: true });
    expect(tty.stdout).toContain('x/a.html\n  2:20  error    "clean" is stigmatizing language  clean\n');
    expect(tty.stdout).toContain('✖ 2 problems (1 error, 1 warning) in 1 file');
  });

  it('--all shows principle indicators as info; they never fail', async () => {
    const dir = project({ 'a.md': 'It is your choice.\n' });
    const r = await check(dir, '.', '--all', '--format', 'json');
    const j = JSON.parse(r.stdout);
    expect(j.findings).toMatchObject([{ entry: 'choice', severity: 'info', problem: false }]);
    expect((await check(dir, '.', '--format', 'json')).stdout).toContain('"findings": []');
  });

  it('--output writes the report to a file and nothing to stdout', async () => {
    const dir = project({ 'a.md': 'junkie\n' });
    const r = await check(dir, '.', '--format', 'sarif', '--output', 'out.sarif');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
  });
});

describe('harmlex check: suppressions, allow, config', () => {
  it('suppression comments in HTML, Handlebars, Jinja and plain text', async () => {
    const dir = project({
      'a.html': '<p>junkie</p> <!-- harmlex-disable-line -->\n<!-- harmlex-disable-next-line junkie -->\n<p>junkie</p>\n<p>clean</p>\n',
      'b.hbs': '{{!-- harmlex-disable --}}\njunkie\nclean\n{{!-- harmlex-enable --}}\n',
      'c.j2': '{# harmlex-disable-next-line #}\njunkie\n',
      'd.txt': '# harmlex-disable-next-line clean\nclean\n',
    });
    const r = await check(dir, '.', '--format', 'json');
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: { file: string; line: number; entry: string }) => `${f.file}:${f.line} ${f.entry}`)).toEqual(['a.html:4 clean']);
    expect(j.summary.suppressed).toBe(6);
  });

  it('SARIF keeps suppressed, allowed and baselined findings as results with their suppression', async () => {
    const dir = project({
      'a.md': 'junkie <!-- harmlex-disable-line -->\nclean\n',
      'b.md': 'He is a junkie.\n',
      '.harmlex.yaml': 'overrides:\n  - files: ["b.md"]\n    allow:\n      - entry: junkie\n        reason: quoted from a patient\n',
    });
    expect((await check(dir, '.', '--write-baseline', 'baseline.json')).code).toBe(0);
    writeFileSync(join(dir, 'a.md'), 'junkie <!-- harmlex-disable-line -->\nclean\nclean again\n');
    const r = await check(dir, '.', '--baseline', 'baseline.json', '--format', 'sarif');
    const results = JSON.parse(r.stdout).runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; suppressions?: { kind: string; justification: string }[] }[];
    const shown = results.map((x) => `${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.locations[0]!.physicalLocation.region.startLine} ${x.suppressions?.[0]?.kind ?? 'counted'} ${x.suppressions?.[0]?.justification ?? ''}`.trim());
    expect(shown).toEqual([
      'a.md:3 counted',
      'a.md:1 inSource a harmlex-disable comment in the file',
      'a.md:2 external in the baseline baseline.json',
      'b.md:1 external allowed by the configuration: quoted from a patient',
    ]);
    expect(r.code).toBe(1); // the new line counts; the others do not
  });

  it('--report-unused-suppressions flags comments that suppress nothing', async () => {
    const dir = project({ 'a.html': '<!-- harmlex-disable-next-line junkie -->\n<p>fine</p>\n<p>junkie</p> <!-- harmlex-disable-line -->\n' });
    expect((await check(dir, '.')).code).toBe(0);
    const r = await check(dir, '.', '--report-unused-suppressions');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('a.html:1:6: warning: "harmlex-disable-next-line junkie" suppresses nothing; remove it [unused-suppression]\n');
  });

  it('an allow rule with a reason in .harmlex.yaml accepts a term; without a reason it is a config error', async () => {
    const dir = project({ 'a.md': 'He is a junkie.\n', '.harmlex.yaml': 'allow:\n  - entry: junkie\n    reason: quoted from a patient\n' });
    const ok = await check(dir, '.');
    expect(ok.code).toBe(0);
    writeFileSync(join(dir, '.harmlex.yaml'), 'allow:\n  - entry: junkie\n');
    const bad = await check(dir, '.');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('.harmlex.yaml:2:5 missing-key');
    writeFileSync(join(dir, '.harmlex.yaml'), 'allow:\n  - entry: junky\n    reason: typo\n');
    const unknown = await check(dir, '.');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('.harmlex.yaml:2:12 unknown-entry');
  });

  it('--config uses one file; --no-config ignores them; overrides set failOn per glob', async () => {
    const dir = project({
      'legacy/a.md': 'junkie\n',
      'new/b.md': 'fine\n',
      '.harmlex.yaml': 'overrides:\n  - files: [legacy/**]\n    failOn: error\n',
      'strict.yaml': 'failOn: warning\n',
    });
    expect((await check(dir, '.')).code).toBe(0);
    expect((await check(dir, '.', '--no-config')).code).toBe(1);
    expect((await check(dir, '.', '--config', 'strict.yaml')).code).toBe(1);
    expect((await check(dir, '.', '--config', 'missing.yaml')).code).toBe(2);
  });

  it('ignore globs in the config skip files', async () => {
    const dir = project({ 'vendor/a.md': 'junkie\n', 'b.md': 'fine\n', '.harmlex.yaml': 'ignore: [vendor/**]\n' });
    expect((await check(dir, '.')).code).toBe(0);
  });
});

describe('harmlex check: standard input', () => {
  it('checks "-" under --stdin-filename, with its config and template rules', async () => {
    const dir = project({ '.harmlex.yaml': 'ignore: [vendor/**]\n' });
    const r = await runCli(['check', '-l', 'lex.yaml', '-', '--stdin-filename', 'site/a.html'], { cwd: dir, stdin: '<p>{{ name }} junkie</p>\n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('site/a.html:1:15: warning: "junkie" is stigmatizing language; prefer "person who uses drugs" [junkie]\n');
    const ignored = await runCli(['check', '-l', 'lex.yaml', '-', '--stdin-filename', 'vendor/a.html'], { cwd: dir, stdin: 'junkie\n' });
    // An ignored input is not an error (pre-commit passes ignored files by name).
    expect(ignored).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('harmlex check: baseline', () => {
  it('a baseline written today makes tomorrow report only the new line, even when lines move', async () => {
    const dir = project({ 'a.md': 'Intro.\nHe is a junkie.\nThe screen was clean.\n' });
    const write = await check(dir, '.', '--write-baseline', 'baseline.json');
    expect(write.code).toBe(0);
    expect(write.stderr).toContain('wrote 2 findings to the baseline baseline.json');
    const base = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    expect(base.findings.map((f: { file: string; entry: string }) => `${f.file} ${f.entry}`)).toEqual(['a.md clean', 'a.md junkie']);
    writeFileSync(join(dir, 'a.md'), 'New first line.\nIntro.\nHe is a junkie.\nThe screen was clean.\nAnother junkie here.\n');
    const r = await check(dir, '.', '--baseline', 'baseline.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('a.md:5:9: warning: "junkie" is stigmatizing language; prefer "person who uses drugs" [junkie]\n');
    const none = await check(dir, '.', '--baseline', 'missing.json');
    expect(none.code).toBe(2);
  });
});

describe('harmlex check: for real', () => {
  it('spawned: exit 1 with the finding and its suggestion, exit 0 after a suppression', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const dir = project({ 't/welcome.html': '<p>Hello {{ name }}, junkie.</p>\n' });
    const run = () => spawnSync(process.execPath, [join(root, 'bin/harmlex.js'), 'check', '-l', 'lex.yaml', 't'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const r = run();
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('t/welcome.html:1:22: warning: "junkie" is stigmatizing language; prefer "person who uses drugs" [junkie]');
    writeFileSync(join(dir, 't/welcome.html'), '<p>Hello {{ name }}, junkie.</p> <!-- harmlex-disable-line junkie -->\n');
    expect(run().status).toBe(0);
  });
});
