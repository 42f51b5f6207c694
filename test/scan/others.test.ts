/**
 * A descriptor whose subject is someone other than the patient (a relative, a friend, a staff member)
 * is not about the patient: "her husband belligerent on the phone", "the charge nurse was curt and
 * hostile". `settings.others` names the people (term syntax, sets allowed), the entry groups it
 * applies to, and the linking words that may stand between the person and the descriptor.
 */
import { describe, expect, it } from 'vitest';
import { findCandidates, scanText } from '../../src/scan/scan.js';
import { compileYaml, lexiconYaml, problemsOf } from '../helpers.js';

const entries = `  - id: hostile
    category: stigma
    group: difficult-patient
    terms: [hostile, belligerent, uncooperative]
  - id: label
    category: stigma
    group: person-label
    terms: [junkie]
`;
const settings = `sets:
  kin: [husband, wife, brother, "brother-in-law", mother, nurse, "security officer"]
settings:
  others:
    groups: [difficult-patient]
    people: ["<kin>", staff]
    links: [was, is, very, so, not]
    window: 4
`;
const lex = compileYaml(lexiconYaml(entries, settings));
const counted = (text: string) => scanText(text, lex).filter((m) => m.counted).map((m) => m.entry);

describe('descriptors of people other than the patient (settings.others)', () => {
  it('leaves out a descriptor right after a relative or a staff member', () => {
    expect(counted('Husband belligerent on the phone with the clerk.')).toEqual([]);
    expect(counted("Pt's brother-in-law uncooperative at the desk.")).toEqual([]);
    expect(counted('The security officer was curt and hostile during the search.')).toEqual([]);
    expect(counted('Staff very hostile to the visitors tonight.')).toEqual([]);
  });

  it('still counts the descriptor when the patient is its subject', () => {
    expect(counted('Pt belligerent with her husband all evening.')).toEqual(['hostile']);
    expect(counted('Yelled at the nurse and hostile afterwards.')).toEqual(['hostile']);
    expect(counted('Nurse reports pt hostile overnight.')).toEqual(['hostile']);
    expect(counted('Per nurse, uncooperative with the exam.')).toEqual(['hostile']);
    expect(counted('Wife present when he was hostile at home.')).toEqual(['hostile']);
    expect(counted("Shouted at pt's mother and uncooperative with the exam.")).toEqual(['hostile']);
  });

  it('a person after a preposition is still the subject when a verb follows it ("caring for her mother is ...")', () => {
    expect(counted('Caring for her mother is very hostile work, she says.')).toEqual([]);
    expect(counted('Shouted at her husband and was hostile.')).toEqual(['hostile']);
  });

  it('applies only to the groups named', () => {
    expect(counted('Her brother junkie, she said.')).toEqual(['label']);
  });

  it('names the person as the reason the candidate was dropped (explain)', () => {
    expect(findCandidates('Husband belligerent on the phone.', lex).map((c) => c.dropped)).toEqual(['others: said of "husband", not the patient']);
  });

  it('changes nothing for a lexicon without the setting', () => {
    const plain = compileYaml(lexiconYaml(entries));
    expect(scanText('Husband belligerent on the phone.', plain).filter((m) => m.counted).map((m) => m.entry)).toEqual(['hostile']);
  });

  it('reports a bad person phrase at its own line', () => {
    const problems = problemsOf(lexiconYaml(entries, 'settings:\n  others:\n    people: [husband, "(wife"]\n'));
    expect(problems.map((p) => [p.line, p.code])).toEqual([[6, expect.any(String)]]);
  });
});
