/**
 * The pattern prefilter changes no result (docs/internals.md, "The pattern prefilter"): it skips a
 * pattern on a text without its words (HARMLEX_PATTERN_FILTER). Every candidate, kept or dropped
 * with its reason, is the same with and without it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefaultLexicon, restoreBuiltIn } from '../../src/io/lexicon-files.js';
import { readSnapshotFile } from '../../src/lexicon/snapshot.js';
import { patternClausesOf } from '../../src/scan/pattern-filter.js';
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

describe("the build's precomputed work (HARMLEX_PRECOMPUTED)", () => {
  // The build's snapshot (tests run on src/, whose built-in lexicon is compiled from the YAML).
  const built = `${root}dist/default-lexicon.json`;
  const restore = () => restoreBuiltIn(readSnapshotFile(readFileSync(built))!);

  it.skipIf(!existsSync(built))('the built-in lexicon carries the clauses and shared anchors the build worked out, the same as a run works out (skipped: not built, run npm run build)', () => {
    const compiled = restore();
    expect(compiled.built, 'dist/default-lexicon.json has no patternClauses or nearAlternates').toBeDefined();
    expect(compiled.built!.clauses).toEqual(patternClausesOf(compiled));
    expect(compiled.built!.clauses.flat().length).toBeGreaterThan(100);
    expect(compiled.built!.nearAlternates).toEqual(compiled.nearAlternates);
    expect(compiled.built!.nearAlternates.size).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync(built))('with it and without, the same patterns and the same candidates (skipped: not built, run npm run build)', () => {
    const compiled = restore();
    const texts: string[] = [];
    for (const entry of compiled.patternEntries) {
      const ce = compiled.entries[entry]!;
      expect(ce.builtPatterns.map((re) => re.source)).toEqual(ce.patterns.map((re) => re.source));
    }
    // The examples of the entries with patterns and of the proximity rules that share anchors.
    const sharing = new Set([...compiled.built!.nearAlternates].flatMap(([owner, others]) => [owner, ...others]));
    compiled.entries.forEach((ce, i) => {
      if (ce.entry.patterns.length || sharing.has(i)) texts.push(...(ce.entry.examples?.match ?? []), ...(ce.entry.examples?.no_match ?? []));
    });
    let fromPatterns = 0;
    for (const text of texts) {
      const on = findCandidates(text, compiled);
      expect(on, text).toEqual(findCandidates(text, compiled, undefined, { precomputed: false }));
      fromPatterns += on.filter((c) => c.fromPattern).length;
    }
    expect(fromPatterns).toBeGreaterThan(50);
  });
});
