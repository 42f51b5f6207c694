/** The matcher counts words in its one pass; the count must be what countWords says, on any text. */
import { describe, expect, it } from 'vitest';
import { scanTextCounted } from '../../src/scan/scan.js';
import { countWords, wordsAfter, wordsBefore } from '../../src/text/words.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

const compiled = compileYaml(lexiconYaml(`  - id: a
    category: stigma
    terms: [addict, "drug seeking"]
`));

describe('word count of the matching pass', () => {
  const cases = [
    '',
    'one',
    "Fowler''s calls, don't, students' work, rock'n'roll",
    'the 1980‘s and the 1990’s',
    'naïve café — a résumé… 123 4,5',
    'emoji 😀 between words, 𝒜 math letters',
    "'quoted' ''double'' ' lone apostrophes '",
    'İstanbul ǅ ligatures',
  ];
  for (const text of cases) {
    it(JSON.stringify(text), () => {
      expect(scanTextCounted(text, compiled).words).toBe(countWords(text));
    });
  }

  it('agrees on random strings over a mixed alphabet', () => {
    const alphabet = ["a", "b", "Z", "9", " ", "\n", "'", "’", "‘", "-", ".", "é", "😀", "İ", "ʼ"];
    let seed = 42;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % alphabet.length);
    for (let n = 0; n < 1000; n++) {
      let s = '';
      for (let i = 0; i < 30; i++) s += alphabet[next()];
      expect(scanTextCounted(s, compiled).words, JSON.stringify(s)).toBe(countWords(s));
    }
  });
});

describe('word walks across sentence ends', () => {
  const keys = (ws: { key: string }[]) => ws.map((w) => w.key);
  const text = 'pt declined. will revisit.\n\nnew note here.';
  it('stop at a sentence end by default, and only at a blank line with acrossSentences', () => {
    expect(keys(wordsAfter(text, 0, 10))).toEqual(['pt', 'declined']);
    expect(keys(wordsAfter(text, 0, 10, undefined, true))).toEqual(['pt', 'declined', 'will', 'revisit']);
    expect(keys(wordsBefore(text, text.indexOf('revisit'), 10, undefined, true))).toEqual(['will', 'declined', 'pt']);
    expect(keys(wordsBefore(text, text.indexOf('revisit'), 10))).toEqual(['will']);
  });
});
