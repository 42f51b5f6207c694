import { describe, expect, it } from 'vitest';
import { runExamples } from '../src/examples.js';
import { compileYaml, lexiconYaml } from './helpers.js';

const lex = (entries: string) => compileYaml(lexiconYaml(entries));

describe('runExamples', () => {
  it('passes when match sentences match and no_match sentences do not', () => {
    const r = runExamples(
      lex(`  - id: junkie
    category: stigma
    negation: cancel
    terms: [junkie]
    examples:
      match: [He is a junkie.]
      no_match: [He is not a junkie., She is a person who uses drugs.]
`),
    );
    expect(r.failures).toEqual([]);
    expect(r.coverage).toMatchObject({ entries: 1, sentences: 3, withoutMatchExamples: [] });
  });

  it('reports a negated match example with the cue, and a no_match that matched', () => {
    const r = runExamples(
      lex(`  - id: junkie
    category: stigma
    negation: cancel
    terms: [junkie]
    examples:
      match: [He is never a junkie.]
      no_match: [Such a junkie.]
`),
    );
    expect(r.failures.map((f) => [f.kind, f.sentence])).toEqual([
      ['match', 'He is never a junkie.'],
      ['no_match', 'Such a junkie.'],
    ]);
    expect(r.failures[0]!.reason).toContain('negated by "never"');
    expect(r.failures[0]!.origin).toMatchObject({ file: 'test.yaml', line: 5 });
  });

  it('says what matched instead and which rule dropped the candidate', () => {
    const r = runExamples(
      lex(`  - id: clean
    category: stigma
    terms: [clean]
    exceptions: { after: [room] }
    examples:
      match: [A clean room and a junkie.]
  - id: junkie
    category: stigma
    terms: [junkie]
    examples:
      match: [junkie]
`),
    );
    expect(r.failures).toHaveLength(1);
    const f = r.failures[0]!;
    expect(f.matched.map((m) => m.entry)).toEqual(['junkie']);
    expect(f.dropped.join(' ')).toContain('exception: "room" after');
  });

  it('does not count principle evidence from negation as a match of the entry itself', () => {
    const r = runExamples(
      lex(`  - id: terminate
    category: antithetical
    terms: [terminate, terminated]
    negation: { becomes: accountability }
    examples:
      match: [She was terminated from the program.]
      no_match: [We never terminate anyone.]
`),
    );
    expect(r.failures).toEqual([]);
  });

  it('reports coverage: entries without examples and thin principles', () => {
    const r = runExamples(
      lex(`  - id: choice
    category: principle
    principle: autonomy
    terms: [your choice]
  - id: junkie
    category: stigma
    terms: [junkie]
    examples: { match: [a junkie] }
`),
    );
    expect(r.coverage.withoutMatchExamples).toEqual(['choice']);
    expect(r.coverage.thinPrinciples).toContainEqual({ principle: 'autonomy', entries: 1 });
    expect(r.coverage.thinPrinciples).toHaveLength(6);
  });
});
