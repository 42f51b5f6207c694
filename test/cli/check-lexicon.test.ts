import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lexiconYaml, runCli, tempDir } from '../helpers.js';

const GOOD = lexiconYaml(`  - id: junkie
    category: stigma
    negation: cancel
    terms: [junkie]
    suggest: [person who uses drugs]
    source: NIDA Words Matter
    examples:
      match: [He is a junkie.]
      no_match: [He is not a junkie.]
`);

describe('harmlex lexicon', () => {
  it('validate: ok on a good file, every problem with file:line:col and exit 2 on a bad one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.yaml'), GOOD);
    writeFileSync(join(dir, 'bad.yaml'), lexiconYaml('  - id: a\n    category: stgma\n    terms: [x]\n    severty: high\n'));
    const ok = await runCli(['lexicon', 'validate', 'good.yaml'], { cwd: dir });
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain('good.yaml: ok (1 entry)');
    const bad = await runCli(['lexicon', 'validate', 'good.yaml', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^bad\.yaml:6:15 bad-value .*did you mean "stigma"/m);
    expect(bad.stdout).toMatch(/^bad\.yaml:8:5 unknown-key/m);
    const json = await runCli(['lexicon', 'validate', 'bad.yaml', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, files: [{ file: 'bad.yaml', ok: false }] });
  });

  it('test: exit 0 when examples pass, 1 with the failure and what matched instead, 2 on a broken lexicon', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.yaml'), GOOD);
    writeFileSync(join(dir, 'failing.yaml'), GOOD.replace('He is not a junkie.', 'What a junkie.'));
    writeFileSync(join(dir, 'broken.yaml'), 'harmlex: 1\nname: x\n');
    const ok = await runCli(['lexicon', 'test', 'good.yaml'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('2 example sentences checked');
    expect(ok.stdout).toContain('all examples pass');
    const fail = await runCli(['lexicon', 'test', 'failing.yaml'], { cwd: dir });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('FAIL junkie (failing.yaml:5:5) no_match: "What a junkie."');
    expect((await runCli(['lexicon', 'test', 'broken.yaml'], { cwd: dir })).code).toBe(2);
  });

  it('list: table, csv and markdown, filtered by category', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'l.yaml'), GOOD.replace('entries:\n', 'entries:\n  - id: choice\n    category: principle\n    principle: autonomy\n    terms: [your choice]\n'));
    const csv = await runCli(['lexicon', 'list', '-l', 'l.yaml', '--format', 'csv'], { cwd: dir });
    expect(csv.stdout.split('\n')[0]).toBe('id,category,principle,group,severity,weight,terms,suggest,source');
    expect(csv.stdout).toContain('junkie,stigma,,,warning,1,junkie,person who uses drugs,NIDA Words Matter');
    const md = await runCli(['lexicon', 'list', '-l', 'l.yaml', '--format', 'markdown', '--category', 'principle'], { cwd: dir });
    expect(md.stdout).toContain('| `choice` | autonomy | info | `your choice` |');
    expect(md.stdout).not.toContain('junkie');
    const bad = await runCli(['lexicon', 'list', '-l', 'l.yaml', '--category', 'stgma'], { cwd: dir });
    expect(bad.code).toBe(2);
  });

  it('init: writes a config and a local lexicon extending the default, and refuses to overwrite', async () => {
    const dir = tempDir();
    const first = await runCli(['lexicon', 'init'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(readFileSync(join(dir, 'harmlex.lexicon.yaml'), 'utf8')).toContain('extends: [default]');
    expect(existsSync(join(dir, '.harmlex.yaml'))).toBe(true);
    const again = await runCli(['lexicon', 'init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');
  });
});
