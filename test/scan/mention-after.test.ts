/**
 * Talk about a word may follow it: "junkie is an outdated term", "the handbook names junkie and
 * addict as words to avoid". `settings.mention.after` lists such cues; one starting within
 * `mention.window` words after the match, in its clause, makes the match a mention.
 */
import { describe, expect, it } from 'vitest';
import { scanText } from '../../src/scan/scan.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

const entries = `  - id: label
    category: stigma
    terms: [junkie, junkies, addict, addicts]
`;
const settings = `settings:
  mention:
    window: 3
    cues: [word, term]
    after: ["as (words|terms) to avoid", "(is|are) (a|an) (outdated|stigmatizing) (word|term)"]
`;
const lex = compileYaml(lexiconYaml(entries, settings));
const counted = (text: string, l = lex) => scanText(text, l).filter((m) => m.counted).map((m) => m.text);
const mentions = (text: string) => scanText(text, lex).filter((m) => m.mention).map((m) => m.text);

describe('mention cues after the match (settings.mention.after)', () => {
  it('a cue after the word makes it a mention', () => {
    expect(mentions('Junkie is an outdated term, and our team dropped it.')).toEqual(['Junkie']);
    expect(counted('The handbook names junkie and addict as words to avoid.')).toEqual([]);
  });

  it('a cue beyond the window or past the clause end leaves the label counted', () => {
    expect(counted('The junkies in the lobby were loud as words to avoid go.')).toEqual(['junkies']);
    expect(counted('He is an addict. Addict is an outdated term.')).toEqual(['addict']);
  });

  it('a lexicon without after-cues is unchanged', () => {
    const plain = compileYaml(lexiconYaml(entries, 'settings:\n  mention:\n    cues: [word]\n'));
    expect(counted('Junkie is an outdated term.', plain)).toEqual(['Junkie']);
  });
});
