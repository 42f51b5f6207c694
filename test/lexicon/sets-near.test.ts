/** Named word classes (`sets`, used as `<name>`) and proximity rules (`near`): issue 14's lexicon format. */
import { describe, expect, it } from 'vitest';
import { scanText } from '../../src/scan/scan.js';
import { expandSets, expandSetsInPattern } from '../../src/lexicon/terms.js';
import { compileYaml, lexiconYaml, problemsOf } from '../helpers.js';
import { mergeLexicons, parseLexiconFile } from '../../src/lexicon/build.js';

const SETS = `sets:
  patients: [them, patients, people, folks, "(my|our) clients"]
  choose: [choose, chooses, decide, decides, "(gets|get) to decide"]
`;
const lex = (entries: string, sets = SETS) => compileYaml(`harmlex: 1\nname: t\nversion: '1'\n${sets}entries:\n${entries}`);

describe('expandSets', () => {
  const sets = { p: ['them', 'people'], one: ['alone'], g: ['(my|our) clients'] };
  it('outside a group: a group of the members; inside a group: more alternatives', () => {
    expect(expandSets('care for <p>', sets)).toEqual({ text: 'care for (them|people)' });
    expect(expandSets('(see|meet) <p> where', sets)).toEqual({ text: '(see|meet) (them|people) where' });
    expect(expandSets('(trust <p>|<one>) now', sets)).toEqual({ text: '(trust them|trust people|alone) now' });
    expect(expandSets('<one> time', sets)).toEqual({ text: 'alone time' });
    expect(expandSets('<g>', sets)).toEqual({ text: '(my clients|our clients)' });
  });
  it('an unknown set is a problem naming the sets', () => {
    expect(expandSets('<pts>', sets).problem).toMatchObject({ code: 'unknown-set', message: expect.stringMatching(/no set named "pts" \(sets: p, one, g\)/) });
  });
  it('patterns: a non-capturing group; named groups are left alone', () => {
    expect(expandSetsInPattern('\\b<g>\\b', sets).text).toBe('\\b(?:my\\s+clients|our\\s+clients)\\b');
    expect(expandSetsInPattern('(?<x>a)\\k<x>', sets).text).toBe('(?<x>a)\\k<x>');
  });
});

describe('sets in a lexicon', () => {
  const l = lex(`  - id: respect
    category: principle
    principle: humanism
    terms: ["(care about|listen to) <patients>"]
    exceptions: {before: [never <choose>]}
  - id: their-call
    category: principle
    principle: autonomy
    patterns: ['\\b<patients> <choose>\\b']
`);
  it('one term covers the paraphrases', () => {
    const ids = (t: string) => scanText(t, l).map((m) => [m.entry, m.text]);
    expect(ids('We care about folks here.')).toEqual([['respect', 'care about folks']]);
    expect(ids('I listen to my clients.')).toEqual([['respect', 'listen to my clients']]);
    expect(ids('People decide.')).toEqual([['their-call', 'People decide']]);
    expect(ids('Our clients get to decide.')).toEqual([['their-call', 'Our clients get to decide']]);
  });
  it('a file that extends another uses its sets and may add its own', () => {
    const base = parseLexiconFile(`harmlex: 1\nname: b\nversion: '1'\n${SETS}entries: []\n`, 'base.yaml').parsed!;
    const over = parseLexiconFile(lexiconYaml(`  - id: x\n    category: principle\n    principle: humanism\n    terms: ["trust <patients>"]\n`), 'over.yaml');
    expect(over.problems).toEqual([]);
    const merged = mergeLexicons([base, over.parsed!]);
    expect(merged.problems).toEqual([]);
    expect(scanText('We trust people.', merged.compiled!).map((m) => m.entry)).toEqual(['x']);
  });
  it('reports unknown sets and bad members with file:line:col', () => {
    const problems = problemsOf(`harmlex: 1\nname: t\nversion: '1'\nsets:\n  ok: [a]\n  bad: ["(x|y"]\n  Bad-Name: [z]\nentries:\n  - id: e\n    category: stigma\n    terms: [fine, "the <okk> word"]\n    exceptions: {before: ["<nope>"]}\n`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual(['6:8 bad-term', '7:3 bad-key', '11:19 unknown-set', '12:27 unknown-set']);
    expect(problems[2]!.message).toMatch(/no set named "okk" \(sets: ok, bad\)[\s\S]*entry "e"/);
  });
});

describe('proximity rules (near)', () => {
  const l = lex(`  - id: their-decision
    category: principle
    principle: autonomy
    near:
      all: [[<choose>], [<patients>, they, she, he], [own, their, her, his]]
      within: 5
  - id: not-my-place
    category: principle
    principle: autonomy
    near:
      all: [[<choose>], [not my call, not my decision, not up to me]]
  - id: choice
    category: principle
    principle: autonomy
    terms: [their choice]
`);
  const found = (t: string) => scanText(t, l).map((m) => [m.entry, m.text]);
  it('matches the ideas in any order within N words, the match spanning them', () => {
    expect(found('They decide their own pace.')).toEqual([['their-decision', 'They decide their own']]);
    expect(found('Her own plan is what she chooses.')).toEqual([['their-decision', 'own plan is what she chooses']]);
  });
  it('not across a sentence end, nor beyond N words', () => {
    expect(found('They decide. Their own plan.')).toEqual([]);
    expect(found('They decide, and after a long while and many visits, their own plan.')).toEqual([]);
  });
  it('two rules may share an anchor: the other is tried on the same span', () => {
    expect(found('It is not my call what he decides.')).toEqual([['not-my-place', 'not my call what he decides']]);
  });
  it('other entries still match inside a proximity span', () => {
    expect(found('They decide; it is their choice.').map((x) => x[0])).toEqual(['choice']);
    expect(found('They decide their choice, their own.').map((x) => x[0])).toEqual(['their-decision', 'choice']);
  });
  it('validation: near and terms together, lists too short', () => {
    const problems = problemsOf(lexiconYaml(`  - id: e\n    category: stigma\n    terms: [a]\n    near: {all: [[b]]}\n`));
    expect(problems.map((p) => p.code)).toEqual(['near-and-terms', 'empty-value']);
  });
});
