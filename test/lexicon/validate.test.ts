import { describe, expect, it } from 'vitest';
import { hasNestedQuantifier, patternProblem } from '../../src/lexicon/safety.js';
import { lexiconYaml, problemsOf } from '../helpers.js';

const codes = (yaml: string) => problemsOf(yaml).map((p) => `${p.line}:${p.column} ${p.code}`);

describe('lexicon validation', () => {
  it('accepts a minimal lexicon', () => {
    expect(problemsOf(lexiconYaml('  - id: a\n    category: stigma\n    terms: [junkie]\n'))).toEqual([]);
  });

  it('reports a typo with position, entry and hint, and a duplicate term, at once', () => {
    const problems = problemsOf(
      lexiconYaml(`  - id: one
    category: stigma
    terms: [junkie]
    severty: high
  - id: two
    category: stigma
    terms: [junkie]
`),
    );
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.entry}`)).toEqual(['8:5 unknown-key one', '11:13 duplicate-term two']);
    expect(problems[0]!.message).toContain('did you mean "severity"');
    const dup = problemsOf(lexiconYaml('  - id: one\n    category: stigma\n    terms: [junkie]\n  - id: two\n    category: stigma\n    terms: [Junkie]\n'));
    expect(dup.map((p) => `${p.line}:${p.column} ${p.code} ${p.entry}`)).toEqual(['10:13 duplicate-term two']);
  });

  it('reports unknown categories and principles with hints', () => {
    const p = problemsOf(lexiconYaml('  - id: a\n    category: stgma\n    terms: [x]\n  - id: b\n    category: principle\n    principle: autonomie\n    terms: [y]\n'));
    expect(p.map((x) => x.code)).toEqual(['bad-value', 'bad-value']);
    expect(p[0]!.message).toContain('did you mean "stigma"');
    expect(p[1]!.message).toContain('did you mean "autonomy"');
  });

  it('requires a principle on principle entries and only there', () => {
    expect(codes(lexiconYaml('  - id: a\n    category: principle\n    terms: [x]\n  - id: b\n    category: stigma\n    principle: autonomy\n    terms: [y]\n'))).toEqual([
      '5:5 missing-principle',
      '10:16 unexpected-principle',
    ]);
  });

  it('reports duplicate ids, empty terms and bad term syntax', () => {
    const p = problemsOf(lexiconYaml("  - id: a\n    category: stigma\n    terms: ['', 'ab*', '(x|y', x]\n  - id: a\n    category: stigma\n    terms: [z]\n"));
    expect(p.map((x) => x.code).sort()).toEqual(['bad-term', 'duplicate-id', 'empty-value', 'short-wildcard']);
  });

  it('refuses unsafe and invalid patterns', () => {
    const p = problemsOf(lexiconYaml("  - id: a\n    category: stigma\n    patterns: ['(a+)+$', '([a-z]', 'x{2,}(\\1)']\n"));
    expect(p.map((x) => x.code)).toEqual(['unsafe-pattern', 'unsafe-pattern', 'unsafe-pattern']);
  });

  it('rejects __proto__ keys and YAML syntax errors with positions', () => {
    expect(codes('harmlex: 1\nname: p\nversion: "1"\n__proto__:\n  polluted: yes\nentries: []\n')).toEqual(['4:1 forbidden-key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const broken = problemsOf('harmlex: 1\nentries: [\n  - id: x\n');
    expect(broken[0]!.code).toBe('yaml-syntax');
    expect(broken[0]!.line).toBeGreaterThan(1);
  });

  it('reports a bad cue of the settings at its own line and column, naming the setting', () => {
    const yaml = lexiconYaml('  - id: a\n    category: stigma\n    terms: [junkie]\n', 'settings:\n  negation:\n    cues: [never, "(not) really"]\n  attribution:\n    frames:\n      - "the idea that"\n      - "(the idea) that"\n');
    const lines = yaml.split('\n');
    const p = problemsOf(yaml);
    expect(p.map((x) => x.code)).toEqual(['bad-term', 'bad-term']);
    expect(p.map((x) => x.message.split(':')[0])).toEqual(['"settings.negation.cues"', '"settings.attribution.frames"']);
    // Each points at its own string, not at 1:1.
    expect(lines[p[0]!.line - 1]!.slice(p[0]!.column - 1)).toMatch(/^"\(not\) really"/);
    expect(lines[p[1]!.line - 1]!.slice(p[1]!.column - 1)).toMatch(/^"\(the idea\) that"/);
  });

  it('requires the header keys', () => {
    expect(problemsOf('entries: []\n').map((p) => p.message)).toEqual([
      'the document lacks the required key "harmlex"',
      'the document lacks the required key "name"',
      'the document lacks the required key "version"',
    ]);
  });
});

describe('pattern safety', () => {
  it.each([
    ['(a+)+', true],
    ['(a*)*b', true],
    ['(a|aa)+', true],
    ['(\\w+\\s?)*', true],
    ['(?:ab)+', false],
    ['a+b*', false],
    ['(ab){2,3}', false],
    ['[(a+)]+', false],
  ])('%s nested: %s', (src, nested) => {
    expect(hasNestedQuantifier(src)).toBe(nested);
  });
  it('limits length and refuses back-references and lookbehind', () => {
    expect(patternProblem('a'.repeat(201))).toMatch(/at most 200/);
    expect(patternProblem('(a)\\1')).toMatch(/back-references/);
    expect(patternProblem('(?<=a)b')).toMatch(/lookbehind/);
    expect(patternProblem('drug[- ]seek(ing|er)')).toBeNull();
  });
});
