/**
 * harmlex installs wherever a team works, tested as a user would on clean temporary folders: a fresh
 * clone of this repository (its committed HEAD) is installed and packed with npm; the tarball is
 * installed into a project and globally; the clone is installed as a git dependency and globally;
 * pre-commit runs the shipped hook from it; the example GitHub workflow's shell steps run for real.
 *
 * Slow (npm installs; about two minutes), so it runs under CI=true (as .ci/run does) or with
 * HARMLEX_INSTALL_TESTS=1, and is skipped, visibly and with this reason, otherwise. Where it runs, a
 * missing tool (git, pre-commit) fails it with a message: .ci/run installs pre-commit from Debian.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RUN = process.env.CI === 'true' || process.env.HARMLEX_INSTALL_TESTS === '1';
const LETTER = 'Dear patient, addicts in our program must arrive by 9 am for dosing.\n';
const NPM = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 280_000 });
}
function ok(r: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`.slice(0, 4000));
  return r;
}
function need(tool: string, install: string): void {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${tool} is not installed: ${install}`);
}
function project(name: string): string {
  const dir = join(tempDir('harmlex-install-'), name);
  mkdirSync(dir);
  ok(sh('npm', ['init', '-y'], dir), 'npm init');
  writeFileSync(join(dir, 'letter.md'), LETTER);
  return dir;
}

describe.skipIf(!RUN)('installing harmlex (set CI=true or HARMLEX_INSTALL_TESTS=1 to run: npm installs, about two minutes)', () => {
  let clone = '';
  let tarball = '';

  beforeAll(() => {
    need('git', 'apt-get install git');
    const base = tempDir('harmlex-clone-');
    clone = join(base, 'harmlex');
    ok(sh('git', ['clone', '--quiet', root, clone], base), 'git clone');
    ok(sh('npm', ['ci', ...NPM], clone), 'npm ci in a fresh clone');
    const packed = ok(sh('npm', ['pack', '--pack-destination', base], clone), 'npm pack');
    // What pre-commit relies on: npm pack's standard output is the tarball's name and nothing else.
    expect(packed.stdout.trim()).toMatch(/^harmlex-\d+\.\d+\.\d+\.tgz$/);
    tarball = join(base, packed.stdout.trim());
  }, 300_000);

  it('the tarball ships the built dist/ and the compiled default lexicon, and installs into a project without TypeScript', () => {
    const list = ok(sh('tar', ['-tzf', tarball], root), 'tar').stdout;
    expect(list).toContain('package/dist/cli/main.js');
    expect(list).toMatch(/package\/dist\/.*default/);
    const dir = project('tarball-project');
    ok(sh('npm', ['install', '--save-dev', tarball, ...NPM], dir), 'npm install --save-dev harmlex.tgz');
    expect(existsSync(join(dir, 'node_modules', 'typescript'))).toBe(false);
    const r = sh('npx', ['--no-install', 'harmlex', 'check', 'letter.md', '--no-config'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('[addict]');
  }, 300_000);

  it('the tarball installs globally (npm install -g ./harmlex-X.tgz)', () => {
    const prefix = tempDir('harmlex-global-');
    ok(sh('npm', ['install', '-g', '--prefix', prefix, tarball, ...NPM], prefix), 'npm install -g harmlex.tgz');
    const r = sh(join(prefix, 'bin', 'harmlex'), ['check', '-', '--no-config'], prefix);
    expect(r.status).toBe(2); // nothing on standard input: a usage error, but the binary runs
    const v = ok(sh(join(prefix, 'bin', 'harmlex'), ['--version'], prefix), 'harmlex --version');
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  }, 300_000);

  it('installs as a git dependency of a project (git+file://...)', () => {
    const dir = project('git-project');
    ok(sh('npm', ['install', '--save-dev', `git+file://${clone}`, ...NPM], dir), 'npm install git+file://');
    const r = sh('npx', ['--no-install', 'harmlex', 'check', 'letter.md', '--no-config'], dir);
    expect(r.status, r.stderr).toBe(1);
  }, 300_000);

  it('installs globally from a clone (npm install -g .)', () => {
    const prefix = tempDir('harmlex-global-clone-');
    ok(sh('npm', ['install', '-g', '--prefix', prefix, '.', ...NPM], clone), 'npm install -g .');
    const dir = project('uses-global');
    const r = sh(join(prefix, 'bin', 'harmlex'), ['check', 'letter.md', '--no-config'], dir);
    expect(r.status, r.stderr).toBe(1);
  }, 300_000);

  it('the pre-commit hook fails on a stigmatizing term and passes after a suppression with a reason', () => {
    need('pre-commit', '.ci/run installs it (apt-get install pre-commit)');
    const repo = tempDir('harmlex-precommit-');
    ok(sh('git', ['init', '-q', '.'], repo), 'git init');
    writeFileSync(join(repo, 'letter.md'), LETTER);
    ok(sh('git', ['add', 'letter.md'], repo), 'git add');
    const fails = sh('pre-commit', ['try-repo', clone, 'harmlex', '--files', 'letter.md'], repo);
    expect(fails.status, fails.stdout + fails.stderr).toBe(1);
    expect(fails.stdout).toContain('[addict]');
    writeFileSync(join(repo, 'letter.md'), `<!-- harmlex-disable-next-line -- quoting the policy we are replacing -->\n${LETTER}`);
    ok(sh('git', ['add', 'letter.md'], repo), 'git add');
    const passes = sh('pre-commit', ['try-repo', clone, 'harmlex', '--files', 'letter.md'], repo);
    expect(passes.status, passes.stdout + passes.stderr).toBe(0);
  }, 600_000);

  it("the example GitHub workflow's shell steps run as written, installing harmlex from a tarball", () => {
    const wf = parse(readFileSync(join(root, 'docs/examples/github-workflow.yml'), 'utf8')) as { env: Record<string, string>; jobs: Record<string, { steps: { name?: string; run?: string }[] }> };
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps).filter((s) => typeof s.run === 'string');
    expect(steps.map((s) => s.name)).toEqual(expect.arrayContaining(['Install harmlex']));
    const dir = project('workflow');
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'letter.md'), LETTER);
    const env = { ...wf.env, HARMLEX_PACKAGE: tarball, HARMLEX_PATHS: 'templates' };
    const results = steps.map((s) => ({ name: s.name, r: sh('bash', ['-e', '-c', s.run!], dir, env) }));
    const [install, annotate, sarif] = results;
    expect(install!.r.status, install!.r.stderr).toBe(0);
    expect(annotate!.r.status).toBe(1);
    expect(annotate!.r.stdout).toMatch(/^::(error|warning) file=templates\/letter.md,line=1,/m);
    expect(sarif!.r.status, sarif!.r.stderr).toBe(0);
    expect(readdirSync(dir)).toContain('harmlex.sarif');
  }, 300_000);
});
