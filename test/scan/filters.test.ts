/**
 * The pattern prefilter changes no result (docs/internals.md, "The pattern prefilter"): it skips a
 * pattern on a text without its words (HARMLEX_PATTERN_FILTER). Every candidate, kept or dropped
 * with its reason, is the same with and without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
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
  const off = findCandidates(text, lex, undefined, { patternFilter: false });
  expect(on, text).toEqual(off);
  return on;
};

describe('the pattern prefilter', () => {
  it('a text without the words is skipped, one with them matches; other rules are untouched', () => {
    expect(both('Red flag raised.').map((c) => c.fromPattern)).toEqual([true]);
    expect(both('A red herring.')).toEqual([]);
    expect(both('She came in clean and tidy today.').map((c) => c.dropped)).toEqual(['requires: no required word nearby']);
    expect(both('She decides at her own speed.').map((c) => c.dropped)).toEqual([null]);
  });
});

describe('the prefilter on the built-in lexicon', async () => {
  const { compiled } = await loadDefaultLexicon();
  const texts = [...readdirSync(`${root}fixtures/docs`).map((f) => readFileSync(`${root}fixtures/docs/${f}`, 'utf8')), ...readFileSync(`${root}fixtures/corpus/dev/ca.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text)];

  it('give the same candidates and the same matches, on the shipped documents and dev excerpts', () => {
    let dropped = 0;
    let kept = 0;
    for (const text of texts) {
      const on = findCandidates(text, compiled);
      expect(on).toEqual(findCandidates(text, compiled, undefined, { patternFilter: false }));
      expect(scanText(text, compiled)).toEqual(scanText(text, compiled, { patternFilter: false }));
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
