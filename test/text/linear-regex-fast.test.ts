/**
 * Patterns run fast without giving up linear time: one whose backtracking is bounded by its own
 * syntax runs on V8's engine, one that starts with literal words is tried only where they start,
 * and both give exactly the matches of RE2 scanning the whole text (the reference, fast = false).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
import { backtrackBound, leadingLiterals, LinearRegex } from '../../src/text/linear-regex.js';

const root = new URL('../../', import.meta.url).pathname;

describe('backtrackBound', () => {
  it('bounds only patterns whose every quantifier is a ? or a small {m,n} on a single atom', () => {
    expect(backtrackBound('[a-z]{0,30}x')).toBe(31);
    expect(backtrackBound('\\b(x|y)? (a|b)?z')).toBe(4);
    for (const unsafe of ['(a+)+$', '(a{1,5}){1,10}c', '(a|aa)*b', 'a.*b', '\\w+x', 'a{0,100}', '(?=a)b', 'a??']) expect(backtrackBound(unsafe), unsafe).toBeNull();
  });
});

describe('leadingLiterals', () => {
  it('finds the words every match starts with, or null', () => {
    expect(leadingLiterals('\\b(forc|push|dragg?)(e|es)? x')).toEqual({ words: ['forc', 'push', 'drag'], boundary: true });
    expect(leadingLiterals("\\b((do|did)n't|never) want")).toEqual({ words: ['do', 'did', 'never'], boundary: true });
    expect(leadingLiterals('\\b(just )?(trying|try) to')).toEqual({ words: ['just ', 'trying', 'try'], boundary: true });
    expect(leadingLiterals('a b|c d')).toEqual({ words: ['a b', 'c d'], boundary: false });
    expect(leadingLiterals("\\b(not|\\w+n't) x")).toBeNull();
  });
});

describe('fast matching gives the reference matches', async () => {
  const { compiled } = await loadDefaultLexicon();
  const patterns = compiled.entries.flatMap((ce) => (ce.entry.patterns ? ce.patterns : []));
  const texts = [...readdirSync(`${root}fixtures/docs`).map((f) => readFileSync(`${root}fixtures/docs/${f}`, 'utf8')), ...readFileSync(`${root}fixtures/corpus/dev/ca.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text)]
    .join('\n')
    .toLowerCase();

  it('for every pattern of the built-in lexicon, on the shipped documents and dev excerpts', () => {
    expect(patterns.length).toBeGreaterThan(20);
    let matched = 0;
    for (const re of patterns) {
      const fast = [...re.matchAll(texts)].map((m) => [m.index, m.end]);
      const reference = [...re.matchAll(texts, false)].map((m) => [m.index, m.end]);
      expect(fast, re.source).toEqual(reference);
      matched += fast.length;
    }
    expect(matched).toBeGreaterThan(0);
  });

  it('for hand-made patterns of each kind', () => {
    const text = 'they forced him to go. we pushes them. drag them along! dragged. never wanted to treat him. aaaa x';
    for (const source of ['\\b(forc|push|dragg?)(e|es|ed)? (them|him)', "\\b((do|did)n't|never) (want|wanted) to", '[a-z]{0,4} x', '(a+)+ x', '\\bwe \\w+ them']) {
      const re = LinearRegex.compile(source);
      expect([...re.matchAll(text)].map((m) => [m.index, m.end]), source).toEqual([...re.matchAll(text, false)].map((m) => [m.index, m.end]));
    }
  });
});
