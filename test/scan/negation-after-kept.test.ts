/**
 * A negation cue governs the predicate that follows it in its clause, even when an earlier kept
 * match ends on the cue ("we don't" + "kick people out") or carries only auxiliaries past it ("not
 * going to" + "kick anyone out"). A cue whose predicate is inside the kept match ("never give up on",
 * "no judgment") has been used by that match and negates nothing after it.
 */
import { describe, expect, it } from 'vitest';
import { findCandidates, scanText } from '../../src/scan/scan.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

const lex = compileYaml(
  lexiconYaml(`  - id: expel
    category: antithetical
    terms: ["kick (people|anyone|them|him|her) out", terminated, discharged]
    negation: {becomes: accountability}
  - id: we-dont-here
    category: principle
    principle: humanism
    negation: keep
    near:
      all: [["we don't", "we're not going to"], [here, clinic]]
      within: 6
  - id: i-wont
    category: principle
    principle: autonomy
    negation: keep
    terms: ["i won't"]
  - id: never-give-up
    category: principle
    principle: accountability
    negation: keep
    terms: ["never give up on"]
  - id: no-judgment
    category: principle
    principle: humanism
    negation: keep
    terms: [no judgment]
  - id: choice
    category: principle
    principle: autonomy
    terms: [their choice]
`),
);

const brief = (text: string) => scanText(text, lex).map((m) => [m.entry, m.category, m.negated, m.cue]);

describe('a negation cue at the end of a kept match', () => {
  it('still negates the match right after a proximity anchor that ends on it', () => {
    expect(brief("We don't kick people out of this clinic.")).toEqual([
      ['we-dont-here', 'principle', false, null],
      ['expel', 'principle', true, "don't"],
    ]);
  });
  it('still negates the match right after a term that ends on it', () => {
    expect(brief("I won't kick him out for one slip.")).toEqual([
      ['i-wont', 'principle', false, null],
      ['expel', 'principle', true, "won't"],
    ]);
  });
  it('passes through the auxiliaries that end a kept anchor ("not going to")', () => {
    expect(brief("We're not going to kick anyone out of the clinic.")).toEqual([
      ['we-dont-here', 'principle', false, null],
      ['expel', 'principle', true, 'not'],
    ]);
  });
  it('is recorded in the trace that `explain` reads', () => {
    const c = findCandidates("I won't kick him out.", lex).filter((x) => x.dropped === null);
    expect(c.map((x) => x.negationCue)).toEqual([null, "won't"]);
  });
  it('still respects the clause, the comma rule and pseudo-negations', () => {
    expect(brief("I won't. They were terminated.")).toEqual([
      ['i-wont', 'principle', false, null],
      ['expel', 'antithetical', false, null],
    ]);
    expect(brief("I won't, they were terminated.")).toEqual([
      ['i-wont', 'principle', false, null],
      ['expel', 'antithetical', false, null],
    ]);
  });
});

describe('a negation cue used by the kept match it is part of', () => {
  it('does not negate again ("never give up on")', () => {
    expect(brief('We never give up on people terminated elsewhere.')).toEqual([
      ['never-give-up', 'principle', false, null],
      ['expel', 'antithetical', false, null],
    ]);
  });
  it('does not negate again ("no judgment")', () => {
    expect(brief('No judgment and it is their choice.')).toEqual([
      ['no-judgment', 'principle', false, null],
      ['choice', 'principle', false, null],
    ]);
  });
  it('a cue before a kept match governs that match only', () => {
    expect(brief('Not their choice when they were discharged.')).toEqual([
      ['choice', 'principle', true, 'not'],
      ['expel', 'antithetical', false, null],
    ]);
  });
});
