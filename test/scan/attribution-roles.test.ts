/**
 * Reported speech with the built-in reporting settings: teachers of the speaker (an instructor, a
 * preceptor) are third-party subjects; muttering and a record that "reads" report words; a subject
 * six words before its verb ("the officers who drove him in kept calling him ...") still reports;
 * a negated verb of writing rejects the label as a naming verb does ("we stopped writing ...").
 */
import { describe, expect, it } from 'vitest';
import { scanText } from '../../src/scan/scan.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

const lex = compileYaml(
  lexiconYaml(`  - id: label
    category: stigma
    terms: [junkie, junkies, addicts, liars]
`),
);
const first = (text: string) => {
  const m = scanText(text, lex)[0]!;
  return { attributed: m.attributed, mention: m.mention, counted: m.counted };
};

describe('reporting roles and verbs of the default attribution settings', () => {
  it('an instructor or a preceptor reports the label', () => {
    expect(first('Our clinical instructor told the class that addicts cannot change.')).toMatchObject({ attributed: true, counted: false });
    expect(first('My preceptor liked to say junkies never change.')).toMatchObject({ attributed: true, counted: false });
  });

  it('muttering and a record that reads report the label', () => {
    expect(first('The pharmacist muttered something about junkies under her breath.')).toMatchObject({ attributed: true, counted: false });
    expect(first('The outside chart reads known junkie, history of falls.')).toMatchObject({ attributed: true, counted: false });
  });

  it('a subject six words before its verb', () => {
    expect(first('The officers who drove him in kept calling him a junkie.')).toMatchObject({ attributed: true, counted: false });
  });

  it('a negated verb of writing makes the label a mention', () => {
    expect(first('We stopped writing junkie in triage notes.')).toMatchObject({ mention: true, counted: false });
  });

  it('a specialist, a handoff record or a form reports the label', () => {
    expect(first('His neurologist once told him he was just another junkie.')).toMatchObject({ attributed: true, counted: false });
    expect(first('The overnight signout described him as a known junkie.')).toMatchObject({ attributed: true, counted: false });
    expect(first('The old consent form labeled everyone in the program as addicts.')).toMatchObject({ attributed: true, counted: false });
  });

  it('the quotative "would go" reports the label', () => {
    expect(first('The day nurse would go, well, junkies never change.')).toMatchObject({ attributed: true, counted: false });
  });

  it('the speaker using the label is still counted', () => {
    expect(first('Honestly the junkies on this unit wear me out.')).toMatchObject({ attributed: false, mention: false, counted: true });
  });
});
