import { describe, expect, it } from 'vitest';
import { findCandidates, scanText } from '../../src/scan/scan.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

const lex = compileYaml(
  lexiconYaml(`  - id: user
    category: stigma
    terms: [user, drug user, IV drug user]
  - id: addict
    category: stigma
    negation: cancel
    terms: [addict*]
    exceptions: {after: [medicine, psychiatry]}
  - id: abuse
    category: stigma
    terms: [substance abuse, abuse]
    exceptions: {before: [physical, sexual, verbal, emotional], window: 3}
  - id: clean
    category: stigma
    terms: [clean]
    requires: {any: [urine, screen, tox, sober, using], window: 6}
    exceptions: {after: [syringes, needles, supplies, works]}
  - id: where-they-are
    category: principle
    principle: individualism
    terms: ["meet (them|people|patients) where they('re at| are)"]
  - id: no-judgment
    category: principle
    principle: humanism
    negation: keep
    terms: [no judgment, non-judgmental]
  - id: terminate
    category: antithetical
    stem: true
    terms: [terminate, kick out]
    negation: {becomes: accountability}
`),
);

const ids = (text: string) => scanText(text, lex).map((m) => m.entry);

describe('word boundaries', () => {
  it('never fires inside a longer word', () => {
    expect(ids('The username field')).toEqual([]);
    expect(ids('superuser access')).toEqual([]);
    expect(ids('a user.')).toEqual(['user']);
  });
  it('takes the longest phrase', () => {
    const m = scanText('He is an IV drug user.', lex);
    expect(m).toHaveLength(1);
    expect(m[0]!.text).toBe('IV drug user');
    expect(m[0]!.start).toBe(9);
    expect(m[0]!.end).toBe(21);
  });
  it('matches case-insensitively and reports the text as written', () => {
    const m = scanText('DRUG USER', lex);
    expect(m.map((x) => x.text)).toEqual(['DRUG USER']);
  });
  it('handles non-ASCII letters next to a term as part of the word', () => {
    expect(ids('éuser')).toEqual([]);
    expect(ids('café user')).toEqual(['user']);
  });
});

describe('wildcards, stems, alternatives, apostrophes, hyphens', () => {
  it('suffix wildcard', () => {
    expect(scanText('addicts and addicted people', lex).map((m) => m.text)).toEqual(['addicts', 'addicted']);
  });
  it('stem matching', () => {
    expect(scanText('She was terminated. They terminate people.', lex).map((m) => m.text)).toEqual(['terminated', 'terminate']);
  });
  it('alternatives and typographic apostrophes', () => {
    expect(ids('We meet them where they’re at')).toEqual(['where-they-are']);
    expect(ids("We meet patients where they are")).toEqual(['where-they-are']);
    expect(ids('We meet patients where theyre at')).toEqual(['where-they-are']);
    expect(ids('We meet folks where they are')).toEqual([]);
  });
  it('hyphen variants', () => {
    for (const t of ['non-judgmental', 'non judgmental', 'non–judgmental', 'nonjudgmental', 'Non‑judgmental']) expect(ids(t)).toEqual(['no-judgment']);
  });
  it('phrases span a line break but not a sentence end', () => {
    expect(ids('we meet people\nwhere they are')).toEqual(['where-they-are']);
    expect(ids('we meet people. Where they are')).toEqual([]);
    expect(ids('a drug\r\nuser')).toEqual(['user']);
  });
});

describe('context rules', () => {
  it('exceptions before the match cancel it', () => {
    expect(ids('history of physical abuse')).toEqual([]);
    expect(ids('physical and sexual abuse')).toEqual([]);
    expect(ids('history of substance abuse')).toEqual(['abuse']);
    expect(ids('she reports abuse of alcohol')).toEqual(['abuse']);
  });
  it('exceptions after the match cancel it', () => {
    expect(ids('a fellowship in addiction medicine')).toEqual([]);
    expect(ids('he is an addict')).toEqual(['addict']);
  });
  it('requires: counts only with a context word nearby, and exceptions win', () => {
    expect(ids('his urine was clean')).toEqual(['clean']);
    expect(ids('the room was clean')).toEqual([]);
    expect(ids('she got clean syringes and a clean urine screen')).toEqual(['clean']);
  });
  it('the trace says why a candidate was dropped', () => {
    const c = findCandidates('history of physical abuse', lex);
    expect(c).toHaveLength(1);
    expect(c[0]!.dropped).toMatch(/physical/);
  });
});

describe('negation', () => {
  it('cancels a stigma match but keeps it as evidence', () => {
    const [m] = scanText('He is not an addict.', lex);
    expect(m).toMatchObject({ entry: 'addict', negated: true, cue: 'not', counted: false });
  });
  it('stops at a clause boundary', () => {
    const [m] = scanText('No. He is an addict.', lex);
    expect(m).toMatchObject({ negated: false, counted: true });
    const [m2] = scanText('Not sure, but he is an addict.', lex);
    expect(m2).toMatchObject({ negated: false, counted: true });
  });
  it('turns a negated framing into principle evidence when the entry says so', () => {
    const [never, fired] = scanText('We never terminate anyone. She was terminated from the program.', lex);
    expect(never).toMatchObject({ category: 'principle', principle: 'accountability', negated: true, counted: true, cue: 'never' });
    expect(fired).toMatchObject({ category: 'antithetical', negated: false, counted: true });
  });
  it('ignores negation for negation: keep, and the words of a match are not cues for the next', () => {
    const m = scanText('no judgment, and not an addict', lex);
    expect(m.map((x) => [x.entry, x.negated])).toEqual([
      ['no-judgment', false],
      ['addict', true],
    ]);
  });
});

describe('positions', () => {
  it('reports 1-based line and column and 0-based offsets, CRLF included', () => {
    const text = 'First line.\r\nHe is an addict.\r\n';
    const [m] = scanText(text, lex);
    expect(m).toMatchObject({ line: 2, column: 10, start: 22, end: 28 });
    expect(text.slice(m!.start, m!.end)).toBe('addict');
  });
  it('context snippets are optional', () => {
    expect(scanText('an addict here', lex)[0]!.context).toContain('addict');
    expect(scanText('an addict here', lex, { context: false })[0]!.context).toBeNull();
  });
  it('is linear: a long document with many matches', () => {
    const text = 'he is an addict and we meet people where they are. '.repeat(20000);
    const m = scanText(text, lex);
    expect(m).toHaveLength(40000);
    expect(m[39999]!.line).toBe(1);
  });
});

describe('mentions', () => {
  it('talk about a word, or self-description, is kept but not counted', () => {
    const [a] = scanText('I dislike the word addict.', lex);
    expect(a).toMatchObject({ entry: 'addict', mention: true, cue: 'word', counted: false });
    const [b] = scanText('She calls herself an addict.', lex);
    expect(b).toMatchObject({ mention: true, cue: 'herself', counted: false });
  });
  it('does not touch principle indicators or plain uses', () => {
    expect(scanText('He is an addict.', lex)[0]).toMatchObject({ mention: false, counted: true });
    expect(scanText('In a word, we meet people where they are.', lex)[0]).toMatchObject({ mention: false, counted: true });
  });
});
