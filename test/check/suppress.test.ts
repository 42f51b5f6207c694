import { describe, expect, it } from 'vitest';
import { parseDirectives, parseSuppressions } from '../../src/check/suppress.js';

describe('suppression comments', () => {
  it('recognizes every comment syntax', () => {
    const text = [
      '<!-- harmlex-disable-next-line -->',
      '{{!-- harmlex-disable-next-line junkie --}}',
      '{{! harmlex-disable-line }}',
      '{# harmlex-disable-line clean, junkie #}',
      '{% comment %} harmlex-disable-next-line {% endcomment %}',
      '# harmlex-disable-next-line',
      'text // harmlex-disable-line',
      '/* harmlex-disable-line */',
    ].join('\n');
    const d = parseDirectives(text);
    expect(d.map((x) => [x.kind, x.line, x.target, x.entries])).toEqual([
      ['disable-next-line', 1, 2, null],
      ['disable-next-line', 2, 3, ['junkie']],
      ['disable-line', 3, 3, null],
      ['disable-line', 4, 4, ['clean', 'junkie']],
      ['disable-next-line', 5, 6, null],
      ['disable-next-line', 6, 7, null],
      ['disable-line', 7, 7, null],
      ['disable-line', 8, 8, null],
    ]);
  });

  it('ignores a reason after " -- " and text that is not in a comment', () => {
    const d = parseDirectives('<!-- harmlex-disable-line junkie -- quoted from a patient -->\nharmlex-disable-line outside\n');
    expect(d).toHaveLength(1);
    expect(d[0]!.entries).toEqual(['junkie']);
  });

  it('next-line after a multi-line comment means the line after its end', () => {
    const d = parseDirectives('<!--\n harmlex-disable-next-line\n-->\nbad\n');
    expect(d[0]!.target).toBe(4);
  });

  it('suppresses by line, by entry and by range', () => {
    const text = 'a\n<!-- harmlex-disable junkie -->\nb\n<!-- harmlex-enable junkie -->\nc\n{# harmlex-disable #}\nd';
    const s = parseSuppressions(text);
    const lines = text.split('\n');
    const off = (needle: string) => lines.slice(0, lines.indexOf(needle)).join('\n').length + (lines.indexOf(needle) ? 1 : 0);
    expect(s.suppressed('junkie', 1, off('a'))).toBe(false);
    expect(s.suppressed('junkie', 3, off('b'))).toBe(true);
    expect(s.suppressed('clean', 3, off('b'))).toBe(false);
    expect(s.suppressed('junkie', 5, off('c'))).toBe(false);
    expect(s.suppressed('clean', 7, off('d'))).toBe(true);
  });
});
