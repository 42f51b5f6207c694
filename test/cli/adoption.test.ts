/** Conventions people know from ESLint, Vale and cspell: --quiet, command hints, SARIF paths from the repository root, errors that point at the fix. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const LETTER = 'Dear patient, addicts in our program must arrive by 9 am for dosing.\n';

describe('harmlex: conventions', () => {
  it('an unknown command that is a lexicon subcommand points to it (harmlex init -> harmlex lexicon init), exit 2', async () => {
    const r = await runCli(['init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'harmlex lexicon init'");
  });

  it('--quiet leaves warnings out of the output and keeps the exit code', async () => {
    const dir = tempDir('harmlex-quiet-');
    writeFileSync(join(dir, 'a.md'), `${LETTER}<!-- harmlex-disabel-line -->\n`);
    const loud = await runCli(['check', 'a.md', '--no-config'], { cwd: dir });
    const quiet = await runCli(['check', 'a.md', '--no-config', '--quiet', '--fail-on', 'warning'], { cwd: dir });
    expect(loud.stdout).toContain('harmlex/invalid-directive');
    expect(quiet.stdout).not.toContain('harmlex/invalid-directive');
    expect(quiet.code).toBe(loud.code);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe('');
  });

  it('a mistyped suppression comment is a finding that shows the right form, and suppresses nothing', async () => {
    const dir = tempDir('harmlex-directive-');
    writeFileSync(join(dir, 'c.j2'), `{# harmlex-disable-next-line reason: quoting #}\n${LETTER}`);
    const r = await runCli(['check', 'c.j2', '--no-config'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/c\.j2:1:4: warning: .*harmlex-disable-next-line -- quoting.*\[harmlex\/invalid-directive\]/);
    expect(r.stdout).toContain('[addict]');
  });

  it('a config with requireReasons flags a suppression without a reason', async () => {
    const dir = tempDir('harmlex-reasons-');
    writeFileSync(join(dir, '.harmlex.yaml'), 'requireReasons: true\n');
    writeFileSync(join(dir, 'a.md'), `<!-- harmlex-disable-next-line -->\n${LETTER}`);
    const r = await runCli(['check', 'a.md'], { cwd: dir });
    expect(r.stdout).toContain('has no reason');
    expect(r.stdout).not.toContain('[addict]');
  });

  it('SARIF paths are relative to the repository root when run from a subfolder (and to --root)', async () => {
    const dir = tempDir('harmlex-sarif-root-');
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'templates', 'letters'), { recursive: true });
    writeFileSync(join(dir, 'templates', 'letters', 'a.md'), LETTER);
    const sub = join(dir, 'templates');
    const uris = async (...extra: string[]) => {
      const r = await runCli(['check', 'letters', '--no-config', '-f', 'sarif', ...extra], { cwd: sub });
      const sarif = JSON.parse(r.stdout);
      return sarif.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation);
    };
    expect(await uris()).toEqual([{ uri: 'templates/letters/a.md', uriBaseId: '%SRCROOT%' }]);
    expect(await uris('--root', '.')).toEqual([{ uri: 'letters/a.md', uriBaseId: '%SRCROOT%' }]);
  });

  it('re-adding a default term names the id that overrides the default entry', async () => {
    const dir = tempDir('harmlex-dup-');
    const team = (id: string) => `harmlex: 1\nname: team\nversion: 0.0.1\nextends: [default]\nentries:\n  - id: ${id}\n    category: stigma\n    terms: [pill seeker]\n    suggest: [person asking for pain relief]\n`;
    writeFileSync(join(dir, 'team.yaml'), team('pill-seekers'));
    const bad = await runCli(['lexicon', 'validate', 'team.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    // Whichever default entry holds the term, the message names it and says that its id overrides it.
    const owner = /is also a term of entry "([^"]+)"/.exec(bad.stdout + bad.stderr)?.[1];
    expect(owner, bad.stdout + bad.stderr).toBeDefined();
    expect(bad.stdout + bad.stderr).toContain(`give your entry its id ("id: ${owner}")`);
    writeFileSync(join(dir, 'team.yaml'), team(owner!));
    const good = await runCli(['lexicon', 'validate', 'team.yaml'], { cwd: dir });
    expect(good.code, good.stdout + good.stderr).toBe(0);
  });
});
