import { describe, expect, it } from 'vitest';
import { maskTemplate } from '../../src/check/mask.js';

/** Input, what is left (white space collapsed), markup. */
const cases: [string, string, boolean][] = [
  ['Dear {{ patient.first_name }}, hi', 'Dear , hi', false],
  ['a {% if x %}b{% endif %} c', 'a b c', false],
  ['a {# note #} b', 'a b', false],
  ['Hello ${name}!', 'Hello !', false],
  ['Hi [[Name]].', 'Hi .', false],
  ['x <%= y %> z', 'x z', false],
  ['{{!-- a --}}b', 'b', false],
  ['substance {{#if x}}abuser{{/if}}', 'substance abuser', false],
  ['<p>Hi</p> &amp; <!-- c -->', '<p>Hi</p> &amp;', false],
  ['<p>Hi</p> &amp; <!-- c -->', 'Hi', true],
];

describe('maskTemplate', () => {
  it.each(cases)('masks %j', (input, expected, markup) => {
    const out = maskTemplate(input, { markup });
    expect(out.replace(/\s+/g, ' ').trim()).toBe(expected);
    expect(out.length).toBe(input.length);
  });

  it('keeps newlines inside masked spans, so lines stay right', () => {
    const input = 'a {{#if x\n  y}} b\nc';
    const out = maskTemplate(input);
    expect(out.split('\n')).toHaveLength(3);
    expect(out.endsWith('b\nc')).toBe(true);
  });

  it('masks script and style bodies in markup', () => {
    expect(maskTemplate('<script>var addict = 1;</script>ok', { markup: true }).trim()).toBe('ok');
  });

  it('leaves an unclosed placeholder alone', () => {
    expect(maskTemplate('a {{ b')).toBe('a {{ b');
  });
});
