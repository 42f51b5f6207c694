import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigFinder, configLexiconPaths, loadConfigFile, loadConfigLexicon, settingsFor } from '../../src/config/load.js';
import { parseConfig, parsePackageJsonConfig } from '../../src/config/parse.js';
import { LexiconError } from '../../src/lexicon/errors.js';
import { lexiconYaml, tempDir } from '../helpers.js';

describe('config parsing', () => {
  it('accepts every key', () => {
    const { config, problems } = parseConfig(
      `lexicons: [local.yaml]
allow:
  - entry: clean
    reason: lab wording we cannot change
  - phrase: Drug Seeking
    reason: quoted policy title
add:
  - id: frequent-flyer
    category: stigma
    terms: [frequent flyer]
ignore: ["vendor/**"]
failOn: error
maxWarnings: 10
overrides:
  - files: ["legacy/**"]
    failOn: error
    allow:
      - entry: junkie
        reason: archived letters
`,
      '.harmlex.yaml',
    );
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ lexicons: ['local.yaml'], failOn: 'error', maxWarnings: 10, ignore: ['vendor/**'] });
    expect(config!.allow).toEqual([
      { entry: 'clean', reason: 'lab wording we cannot change' },
      { phrase: 'Drug Seeking', reason: 'quoted policy title' },
    ]);
    expect(config!.overrides[0]).toMatchObject({ files: ['legacy/**'], failOn: 'error' });
  });

  it('reports unknown keys, bad values, missing reasons and add-entry problems with line:col', () => {
    const { problems } = parseConfig(
      `failon: warning
failOn: severe
allow:
  - entry: clean
add:
  - id: x
    category: stgma
    terms: [y]
`,
      '.harmlex.yaml',
    );
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual(['1:1 unknown-key', '2:9 bad-value', '4:5 missing-key', '7:15 bad-value']);
    expect(problems[0]!.message).toContain('did you mean "failOn"');
  });

  it('needs exactly one of entry or phrase in an allow rule', () => {
    const { problems } = parseConfig('allow:\n  - reason: why\n', 'c.yaml');
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual(['2:5 bad-allow']);
  });

  it('validates the harmlex key of package.json in place, with true positions', () => {
    const text = '{\n  "name": "site",\n  "harmlex": {\n    "failOn": "error",\n    "ignroe": ["x"]\n  }\n}\n';
    const r = parsePackageJsonConfig(text, 'package.json')!;
    expect(r.problems.map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual(['5:5 unknown-key']);
    expect(parsePackageJsonConfig('{"name": "x", "bin": {"harmlex": "a"}}', 'package.json')).toBeUndefined();
    expect(parsePackageJsonConfig('{"harmlex": {"failOn": "error"}}', 'package.json')!.config).toMatchObject({ failOn: 'error' });
  });
});

describe('config discovery and use', () => {
  it('finds the nearest config upwards: .harmlex.yaml, harmlex.config.yaml, package.json', () => {
    const root = tempDir();
    mkdirSync(join(root, 'a/b/c'), { recursive: true });
    mkdirSync(join(root, 'p/q'), { recursive: true });
    writeFileSync(join(root, '.harmlex.yaml'), 'failOn: info\n');
    writeFileSync(join(root, 'a/b/harmlex.config.yaml'), 'failOn: error\n');
    writeFileSync(join(root, 'p/package.json'), '{"name": "p", "harmlex": {"failOn": "warning"}}');
    const finder = new ConfigFinder(root);
    expect(finder.forFile(join(root, 'a/b/c/x.html'))?.failOn).toBe('error');
    expect(finder.forFile(join(root, 'a/x.html'))?.failOn).toBe('info');
    expect(finder.forFile(join(root, 'p/q/x.md'))?.failOn).toBe('warning');
  });

  it('applies ignore globs and overrides relative to the config folder', () => {
    const root = tempDir();
    writeFileSync(join(root, '.harmlex.yaml'), 'ignore: [vendor/**, "*.draft.md"]\noverrides:\n  - files: [legacy/**]\n    failOn: error\n    allow: [{phrase: clean, reason: old lab names}]\n');
    const config = loadConfigFile('.harmlex.yaml', root);
    expect(settingsFor(config, join(root, 'vendor/x/a.html')).ignored).toBe(true);
    expect(settingsFor(config, join(root, 'docs/deep/b.draft.md')).ignored).toBe(true);
    expect(settingsFor(config, join(root, 'docs/b.md')).ignored).toBe(false);
    expect(settingsFor(config, join(root, 'legacy/old.html'))).toMatchObject({ failOn: 'error', allow: [{ phrase: 'clean' }] });
  });

  it('merges lexicons over the default unless replaceDefault, resolving paths from the config folder', () => {
    const root = tempDir();
    writeFileSync(join(root, '.harmlex.yaml'), 'lexicons: [lex/local.yaml]\n');
    const c = loadConfigFile('.harmlex.yaml', root);
    expect(configLexiconPaths(c, undefined, root)).toEqual(['default', join(root, 'lex/local.yaml')]);
    expect(configLexiconPaths({ ...c, replaceDefault: true }, undefined, root)).toEqual([join(root, 'lex/local.yaml')]);
    expect(configLexiconPaths(c, ['x.yaml'], root)).toEqual([join(root, 'x.yaml')]);
  });

  it('adds local entries to the lexicon and points their problems at the config', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'l.yaml'), lexiconYaml('  - id: junkie\n    category: stigma\n    terms: [junkie]\n'));
    writeFileSync(join(root, '.harmlex.yaml'), 'lexicons: [l.yaml]\nreplaceDefault: true\nadd:\n  - id: flyer\n    category: stigma\n    terms: [frequent flyer]\n');
    const loaded = await loadConfigLexicon(loadConfigFile('.harmlex.yaml', root), undefined, root);
    expect(loaded.lexicon.entries.map((e) => e.id)).toEqual(['junkie', 'flyer']);
    writeFileSync(join(root, 'bad.yaml'), 'lexicons: [l.yaml]\nreplaceDefault: true\nadd:\n  - id: dup\n    category: stigma\n    terms: [junkie]\n');
    const err = await loadConfigLexicon(loadConfigFile('bad.yaml', root), undefined, root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LexiconError);
    expect((err as LexiconError).problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code}`)).toEqual(['bad.yaml:4:5 duplicate-term']);
  });
});
