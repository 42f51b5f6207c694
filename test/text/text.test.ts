import { describe, expect, it } from 'vitest';
import { countWords, gapBreaks, normalizeText, wordsBefore } from '../../src/text/words.js';

describe('normalizeText', () => {
  it('folds typographic apostrophes and dashes without changing offsets', () => {
    const text = 'They’re non–judgmental — ‘ok’';
    const low = normalizeText(text);
    expect(low).toBe("they're non-judgmental - 'ok'");
    expect(low.length).toBe(text.length);
  });
  it('keeps the length when lower-casing would change it (U+0130)', () => {
    const text = 'İstanbul addict';
    const low = normalizeText(text);
    expect(low.length).toBe(text.length);
    expect(low.indexOf('addict')).toBe(text.indexOf('addict'));
  });
});

describe('countWords', () => {
  it.each([
    ['', 0],
    ['one', 1],
    ["we don't judge", 3],
    ['non-judgmental care', 3],
    ['  spaced\n\nout  ', 2],
    ['café naïve', 2],
    ['10 mg, twice', 3],
  ])('%j has %i words', (text, n) => {
    expect(countWords(text)).toBe(n);
  });
});

describe('phrase breaks', () => {
  it('breaks at sentence ends and blank lines, not at commas or single newlines', () => {
    expect(gapBreaks('a. b', 1, 3)).toBe(true);
    expect(gapBreaks('a; b', 1, 3)).toBe(true);
    expect(gapBreaks('a\n\nb', 1, 3)).toBe(true);
    expect(gapBreaks('a\r\n\r\nb', 1, 5)).toBe(true);
    expect(gapBreaks('a, b', 1, 3)).toBe(false);
    expect(gapBreaks('a\nb', 1, 2)).toBe(false);
    expect(gapBreaks('a - b', 1, 4)).toBe(false);
  });
  it('wordsBefore stops at a clause break and at stop words', () => {
    const s = 'never. we do not but always judge';
    const words = wordsBefore(s, s.indexOf('judge'), 10, new Set(['but'])).map((w) => w.key);
    expect(words).toEqual(['always']);
    expect(wordsBefore(s, s.indexOf('but'), 10).map((w) => w.key)).toEqual(['not', 'do', 'we']);
  });
});
