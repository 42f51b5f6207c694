/**
 * The words a pattern's every match must contain (text/regex-literals.ts), and the prefilter built
 * on them (scan/pattern-filter.ts). Each case says which texts the prefilter must let through (the
 * pattern matches them: letting one of them go would lose a match) and which it should rule out
 * (they lack the words: letting them through would only cost time, but then the analysis found nothing).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
import { expandSetsInPattern } from '../../src/lexicon/terms.js';
import { PatternFilter } from '../../src/scan/pattern-filter.js';
import { LinearRegex } from '../../src/text/linear-regex.js';
import { requiredTokens } from '../../src/text/regex-literals.js';

const root = new URL('../../', import.meta.url).pathname;

/** Does the prefilter of `source` let `text` through? */
function admits(source: string, text: string): boolean {
  const filter = PatternFilter.ofSources(new Map([[0, [source]]]));
  return filter.mayMatch(0, 0, filter.present(text));
}

/** Every text in `yes` matches the pattern and is let through; every text in `no` is ruled out. */
function expectFilter(source: string, yes: string[], no: string[]): void {
  const re = LinearRegex.compile(source);
  for (const text of yes) {
    expect([...re.matchAll(text)].length, `${source} should match "${text}"`).toBeGreaterThan(0);
    expect(admits(source, text), `${source} must let "${text}" through`).toBe(true);
  }
  for (const text of no) expect(admits(source, text), `${source} should rule out "${text}"`).toBe(false);
}

describe('requiredTokens', () => {
  it('reads whole words and pairs of words from literal text', () => {
    expect(requiredTokens('\\bred flags?\\b')).toEqual([['red flag', 'red flags'], ['red']]);
    expectFilter('\\bred flags?\\b', ['a red flag here', 'red flags.'], ['a red herring', 'flags', 'red  flag', 'red-flag', 'redflags']);
  });

  it('an optional group may be absent: its words are not required, the words around it are', () => {
    expectFilter('\\bwatch(es|ed|ing)? (them|him|her) like (a )?hawks?\\b', ['they watch him like a hawk', 'watching her like hawks'], ['they watch him closely', 'like a hawk', 'watches them like owls']);
  });

  it('an alternation with an empty branch', () => {
    expectFilter('\\bno(t|) way\\b', ['no way', 'not way out'], ['nothing way', 'now way', 'no ways']);
    expectFilter('\\b(really |)sure\\b', ['sure', 'really sure'], ['surely', 'really']);
  });

  it('a character class of a few letters is each of them; a large one says nothing', () => {
    expectFilter('\\b[ck]ops?\\b', ['the cops came', 'kop'], ['the caps came', 'copper']);
    expect(requiredTokens('\\b[a-z]+ing\\b')).toEqual([]);
    expect(requiredTokens('[^a-z]the[^a-z]')).toEqual([]);
  });

  it('a class of separators, or \\s, marks a word edge; a class with letters does not', () => {
    expectFilter('[ ,]slip[ ,]', ['a slip, then', 'one slip once'], ['slippery', 'slips']);
    // "[a-z ]" before "bad": "bad" may be the end of "notbad", so it is not required whole; nor
    // is a word at the pattern's end with no \b after it ("x bad daylight" matches).
    expect(requiredTokens('x[a-z ]bad day\\b')).toEqual([['day']]);
    expect(requiredTokens('x[a-z ]bad day')).toEqual([]);
    expectFilter('x[a-z ]bad day\\b', ['xtbad day', 'x bad day'], ['x bad night']);
    expectFilter('x[a-z ]bad day', ['xtbad day', 'x bad daylight'], []);
  });

  it('? on one character', () => {
    expectFilter('\\bslips?\\b', ['a slip', 'slips'], ['slipped', 'slipper']);
  });

  it('* and + : a repeated separator is a separator; anything else repeated says nothing of its edges', () => {
    expectFilter('\\bsee\\s*you\\b', ['see you', 'seeyou', 'see   you'], ['saw them', 'see them']);
    expectFilter('\\bsee\\s+you\\b', ['see you', 'see \t you'], ['seeyou', 'see them']);
    expect(requiredTokens('\\bgo+d\\b')).toEqual([]);
    expectFilter('\\bgo+d\\b', ['good', 'god'], []);
    expectFilter("\\b(not|\\w+n't) serious\\b", ["isn't serious", 'not serious'], ['not seriously', 'serious']);
  });

  it('{0,n} makes a part optional; {m,n} with m > 0 keeps what one copy must hold', () => {
    expectFilter('\\bwhat( \\w+){0,3} now\\b', ['what now', 'what is it now'], ['what is it']);
    expectFilter('\\b(ha ){2,3}funny\\b', ['ha ha funny', 'ha ha ha funny'], ['he he funny', 'ha funnyman']);
    // ("people" is not required whole: "peoples decide for them" matches.)
    expectFilter("\\bpeople[a-z' ]{0,20} decide for them\\b", ['people who decide for them', 'people decide for them', 'peoples decide for them'], ['people decide', 'they decide for him']);
  });

  it('case folding is not analysed: no words, the pattern runs on every text', () => {
    expect(requiredTokens('\\bred flag\\b', { caseInsensitive: true })).toEqual([]);
    expect(requiredTokens('(?i)\\bred flag\\b')).toEqual([]);
    expectFilter('(?i)\\bred flag\\b', ['RED FLAG', 'red flag'], []);
    // An upper-case letter is not a word character to the prefilter, in the pattern and the text alike.
    expectFilter('\\bRed flag\\b', ['Red flag'], ['red herring']);
  });

  it('word classes (<set>) expand to alternations, a wildcard member to a class that says nothing', () => {
    const sets = { verbs: ['give', 'let go', 'hand*'] };
    const plain = expandSetsInPattern('\\b<verbs> them a chance\\b', { verbs: ['give', 'let go'] }).text;
    expectFilter(plain, ['give them a chance', 'let go them a chance', 'let  go them a chance'], ['let them a chance', 'give him a chance']);
    const wild = expandSetsInPattern('\\b<verbs> them a chance\\b', sets).text;
    expectFilter(wild, ['handing them a chance', 'give them a chance'], ['give them a choice']);
  });

  it('gives no words for syntax it does not read (flags, lookaround, POSIX classes, unknown escapes)', () => {
    for (const source of ['(?i)x y', '(?=a)b c', '[[:alpha:]] foo', '\\x41 foo', '\\Qa b\\E', 'a{ b']) expect(requiredTokens(source), source).toEqual([]);
  });
});

/** A random string `source` may match (a small generator for the syntax lexicon patterns use), or null. */
function sample(source: string, random: () => number): string | null {
  let i = 0;
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  function alternation(): string {
    const branches: string[] = [];
    for (;;) {
      branches.push(sequenceAt());
      if (source[i] !== '|') break;
      i++;
    }
    return pick(branches);
  }
  function sequenceAt(): string {
    let out = '';
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const start = i;
      const one = atom();
      const end = i;
      let [min, max] = [1, 1];
      const q = /^(\?|\*|\+|\{(\d+)(,(\d*))?\})/.exec(source.slice(i));
      if (q) {
        i += q[0].length;
        if (q[1] === '?') [min, max] = [0, 1];
        else if (q[1] === '*') [min, max] = [0, 3];
        else if (q[1] === '+') [min, max] = [1, 3];
        else [min, max] = [Number(q[2]), q[3] === undefined ? Number(q[2]) : q[4] === '' ? Number(q[2]) + 3 : Math.min(Number(q[4]), Number(q[2]) + 3)];
      }
      const n = min + Math.floor(random() * (max - min + 1));
      const after = i;
      for (let k = 0; k < n; k++) {
        i = start;
        out += k === 0 ? one : atom();
        i = end;
      }
      i = after;
    }
    return out;
  }
  function atom(): string {
    const c = source[i++]!;
    if (c === '(') {
      if (source[i] === '?') i += 2; // (?:
      const inner = alternation();
      i++; // )
      return inner;
    }
    if (c === '[') {
      const end = source.indexOf(']', i + 1);
      const body = source.slice(i, end);
      i = end + 1;
      const chars: string[] = [];
      for (let k = 0; k < body.length; k++) {
        if (body[k] === '\\') chars.push(body[++k] === 'p' ? (k++, k++, k = body.indexOf('}', k), 'e') : body[k]!);
        else if (body[k + 1] === '-' && k + 2 < body.length) {
          for (let x = body.charCodeAt(k); x <= body.charCodeAt(k + 2); x++) chars.push(String.fromCharCode(x));
          k += 2;
        } else chars.push(body[k]!);
      }
      return pick(chars);
    }
    if (c === '\\') {
      const e = source[i++]!;
      if (e === 'b') return '';
      if (e === 's') return pick([' ', '  ', '\n']);
      if (e === 'w') return pick([...letters]);
      return e;
    }
    return c;
  }
  try {
    return alternation();
  } catch {
    return null;
  }
}

describe('the prefilter never rules out a text a pattern matches', async () => {
  const { compiled } = await loadDefaultLexicon();
  const sources = compiled.entries.flatMap((ce) => (ce.entry.patterns.length ? ce.patterns.map((re) => re.source) : []));
  const filter = PatternFilter.ofSources(new Map(sources.map((s, k) => [k, [s]])));

  it('on random matches of every built-in pattern, in random surroundings', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const around = ['', ' ', 'x', 'the ', ', and ', "'", 'ok. ', '\n'];
    let matched = 0;
    sources.forEach((source, k) => {
      const re = LinearRegex.compile(source);
      for (let n = 0; n < 150; n++) {
        const body = sample(source, random);
        if (body === null) continue;
        const text = `${around[Math.floor(random() * around.length)]}${body}${around[Math.floor(random() * around.length)]}`;
        if ([...re.matchAll(text)].length === 0) continue;
        matched++;
        expect(filter.mayMatch(k, 0, filter.present(text)), `${source} on "${text}"`).toBe(true);
      }
    });
    // Most samples are matches: the test tried the filter on thousands of them.
    expect(matched).toBeGreaterThan(sources.length * 50);
  });

  it('on the shipped documents and dev excerpts, and most patterns are skipped on most of them', () => {
    const texts = [...readdirSync(`${root}fixtures/docs`).map((f) => readFileSync(`${root}fixtures/docs/${f}`, 'utf8')), ...readFileSync(`${root}fixtures/corpus/dev/ca.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text)].map((t) => t.toLowerCase());
    let skipped = 0;
    let tried = 0;
    sources.forEach((source, k) => {
      const re = LinearRegex.compile(source);
      for (const text of texts) {
        const admitted = filter.mayMatch(k, 0, filter.present(text));
        if ([...re.matchAll(text)].length) expect(admitted, `${source} on a text it matches`).toBe(true);
        tried++;
        if (!admitted) skipped++;
      }
    });
    expect(skipped / tried).toBeGreaterThan(0.5);
    expect(filter.filtered).toBeGreaterThan(sources.length * 0.9);
  });
});
