/**
 * Reliability catalogue, case 9 (issue 16): invisible characters and compatibility forms do not
 * hide a term. Each default-ignorable class (soft hyphen, zero-width space, non-joiner, joiner,
 * word joiner, variation selectors, BOM) and NFKC forms (fullwidth, ligature, combining accent)
 * are tried; every match's offsets, line and column point into the ORIGINAL text.
 */
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/analyze.js';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
import { fold, originalSpan } from '../../src/text/fold.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

const HIDDEN: [string, string][] = [
  ['soft hyphen U+00AD', 'ad\u00addict'],
  ['zero-width space U+200B', 'add\u200bict'],
  ['zero-width non-joiner U+200C', 'addi\u200cct'],
  ['zero-width joiner U+200D', 'a\u200dddict'],
  ['word joiner U+2060', 'addic\u2060t'],
  ['variation selector U+FE0F', 'add\ufe0fict'],
  ['variation selector supplement U+E0100', 'ad\u{e0100}dict'],
  ['byte order mark U+FEFF', 'addi\ufeffct'],
  ['fullwidth letters', 'ａｄｄｉｃｔ'],
  ['several at once', '\u200bａd\u00ad\u200dｄict\u2060'],
];

describe('evasion-resistant matching', () => {
  it.each(HIDDEN)('%s: the term is found, and its offsets point into the original text', async (_name, word) => {
    const { compiled } = await loadDefaultLexicon();
    const text = `First line.\nThe nurse wrote: he is an ${word}, again.\n`;
    const r = analyzeDocument({ id: 'x', text }, compiled);
    const m = r.matches.find((x) => x.entry === 'addict' || /addict/i.test(x.entry));
    expect(m, JSON.stringify(r.matches.map((x) => x.entry))).toBeDefined();
    expect(text.slice(m!.start, m!.end)).toBe(m!.text);
    expect(m!.text.replace(/\p{Default_Ignorable_Code_Point}/gu, '').normalize('NFKC')).toBe('addict');
    expect(m!.line).toBe(2);
    const lineStart = text.indexOf('\n') + 1;
    expect(m!.column).toBe(m!.start - lineStart + 1);
    expect(m!.context).toContain(m!.text.replace(/\s+/g, ' ')); // (snippets fold white space; JavaScript's \s includes U+FEFF)
  });

  it('a ligature and a combining accent (NFKC) are folded too, with original offsets', () => {
    const compiled = compileYaml(lexiconYaml('  - id: fix\n    category: stigma\n    terms: [needs a fix]\n    source: test\n  - id: cafe\n    category: stigma\n    terms: [café crowd]\n    source: test\n'));
    const text = 'He needs a ﬁx now. The cafe\u0301 crowd.';
    const r = analyzeDocument({ id: 'x', text }, compiled);
    expect(r.matches.map((m) => [m.entry, text.slice(m.start, m.end)])).toEqual([
      ['fix', 'needs a ﬁx'],
      ['cafe', 'cafe\u0301 crowd'],
    ]);
  });

  it('ordinary text is not folded (no copy, no map): outputs stay as they were', () => {
    expect(fold('He is an addict, she said: “don’t”.')).toBeNull();
    const f = fold('a\u00adb')!;
    expect(f.text).toBe('ab');
    expect(originalSpan(f, 1, 2)).toEqual([2, 3]);
  });
});
