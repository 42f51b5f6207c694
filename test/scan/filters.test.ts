/**
 * The matcher's two filters change no result (docs/internals.md, "The prefilters"): the pattern
 * prefilter (HARMLEX_PATTERN_FILTER) skips a pattern on a text without its words, and the rule
 * filter (HARMLEX_RULE_FILTER) fails a near or requires rule at once on a text without any first
 * word of a list it needs. Every candidate, kept or dropped with its reason, is the same with and
 * without them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefaultLexicon } from '../../src/lexicon/load.js';
import { findCandidates, scanText } from '../../src/scan/scan.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;

const lex = compileYaml(
  lexiconYaml(`  - id: clean
    category: stigma
    terms: [clean]
    requires: {any: [urine, "tox screen", sober*], window: 6}
  - id: own-pace
    category: principle
    principle: autonomy
    near:
      all: [[decide, decides], [they, she], [own, "their pace"]]
      within: 5
  - id: red-flags
    category: stigma
    patterns: ['\\bred flags?\\b']
`),
);

const both = (text: string) => {
  const on = findCandidates(text, lex);
  const off = findCandidates(text, lex, undefined, { patternFilter: false, ruleFilter: false });
  expect(on, text).toEqual(off);
  return on;
};

describe('the rule filter', () => {
  it('a requires list none of whose words is in the text: the same drop, with the same reason', () => {
    const found = both('She came in clean and tidy today.');
    expect(found.map((c) => c.dropped)).toEqual(['requires: no required word nearby']);
    expect(both('Clean urine today.').map((c) => c.dropped)).toEqual([null]);
    // A wildcard, and a word spelt with an apostrophe inside it ("sob'er"): word keys drop
    // apostrophes, and so does the text the filter reads.
    expect(both('Clean and soberly dressed.').map((c) => c.dropped)).toEqual([null]);
    expect(both("Clean, sob'er now.").map((c) => c.dropped)).toEqual([null]);
    // The word far away: in the text, so the rule looks, and finds it out of reach.
    expect(both(`Clean. ${'word '.repeat(20)}urine.`).map((c) => c.dropped)).toEqual(['requires: no required word nearby']);
  });

  it('a near list with no word in the text: the same drop; all lists there: the same match', () => {
    expect(both('They decide quickly.').map((c) => c.dropped)).toEqual(['near: not every list has a phrase within 5 words in the sentence']);
    const kept = both('She decides at her own speed.');
    expect(kept.map((c) => [c.dropped, c.anchor !== undefined])).toEqual([[null, true]]);
    expect(both('They decide at their pace.').map((c) => c.dropped)).toEqual([null]);
  });

  it('patterns: a text without the words is skipped, one with them matches', () => {
    expect(both('Red flag raised.').map((c) => c.fromPattern)).toEqual([true]);
    expect(both('A red herring.')).toEqual([]);
  });
});

describe('the filters on the built-in lexicon', async () => {
  const { compiled } = await loadDefaultLexicon();
  const texts = [...readdirSync(`${root}fixtures/docs`).map((f) => readFileSync(`${root}fixtures/docs/${f}`, 'utf8')), ...readFileSync(`${root}fixtures/corpus/dev/ca.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text)];

  it('give the same candidates and the same matches, on the shipped documents and dev excerpts', () => {
    let dropped = 0;
    let kept = 0;
    for (const text of texts) {
      const on = findCandidates(text, compiled);
      expect(on).toEqual(findCandidates(text, compiled, undefined, { patternFilter: false, ruleFilter: false }));
      expect(scanText(text, compiled)).toEqual(scanText(text, compiled, { patternFilter: false, ruleFilter: false }));
      for (const c of on) {
        if (c.dropped === null) kept++;
        else dropped++;
      }
    }
    // The texts exercise both kinds of candidate.
    expect(kept).toBeGreaterThan(50);
    expect(dropped).toBeGreaterThan(10);
  });
});
