/** Mistyped suppression comments are findings of their own (`harmlex/invalid-directive`) that show the right form. */
import { describe, expect, it } from 'vitest';
import { directiveProblems, invalidDirectiveFindings, INVALID_DIRECTIVE } from '../../src/check/directives.js';
import { harmlexComments, parseDirectives } from '../../src/check/suppress.js';

const known = new Set(['addict', 'junkie']);
const problems = (text: string, requireReason = false) => directiveProblems(text, parseDirectives(text), harmlexComments(text), known, { requireReason });

describe('directiveProblems', () => {
  it('accepts the documented forms', () => {
    for (const text of [
      '<!-- harmlex-disable-next-line -- quoting the old policy -->\nx',
      '<!-- harmlex-disable-next-line addict junkie -- quoting -->\nx',
      '{# harmlex-disable-line addict #} x',
      '# harmlex-disable\nx\n# harmlex-enable\n',
      '<!-- see the harmlex-docs folder -->',
    ]) {
      expect(problems(text), text).toEqual([]);
    }
  });

  it('a reason written without " -- " names no entry: flagged with the right form', () => {
    const text = '{# harmlex-disable-next-line reason: quoting #}\nDear patient';
    const [p, ...rest] = problems(text);
    expect(rest).toEqual([]);
    expect(text.slice(p!.at, p!.at + p!.length)).toBe('harmlex-disable-next-line');
    expect(p!.message).toContain('"harmlex-disable-next-line -- quoting"');
  });

  it('a word that is not a directive is flagged with the nearest directive', () => {
    const text = 'a\n<!-- harmlex-disabel-line -->\n// harmlex-ignore\n';
    const ps = problems(text);
    expect(ps.map((p) => text.slice(p.at, p.at + p.length))).toEqual(['harmlex-disabel-line', 'harmlex-ignore']);
    expect(ps[0]!.message).toContain('did you mean "harmlex-disable-line"');
  });

  it('a directive without a reason is flagged only when reasons are required', () => {
    const text = '<!-- harmlex-disable-next-line addict -->\naddict';
    expect(problems(text)).toEqual([]);
    expect(problems(text, true)[0]!.message).toContain('has no reason');
    expect(problems('<!-- harmlex-disable-next-line -- ok -->\nx', true)).toEqual([]);
  });

  it('findings carry the rule id, a warning severity and the position', () => {
    const text = 'line one\n<!-- harmlex-disabel-line -->\n';
    const [f] = invalidDirectiveFindings('a.md', text, parseDirectives(text), known);
    expect(f).toMatchObject({ entry: INVALID_DIRECTIVE, severity: 'warning', line: 2, column: 6, text: 'harmlex-disabel-line' });
  });
});
