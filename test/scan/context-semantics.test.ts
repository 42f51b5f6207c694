/**
 * What the words around a match mean (issue 14): a negated or quantified stigma label is still the
 * label, while a negated principle indicator is not evidence; a cue followed by a comma does not
 * negate; speech reported from others is attributed and, by default, not counted for the speaker;
 * sense rules (`unless`) tell a result's "dirty" from a person's.
 */
import { describe, expect, it } from 'vitest';
import { scanText } from '../../src/scan/scan.js';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
import { compileYaml, lexiconYaml, runCli, tempDir } from '../helpers.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ENTRIES = `  - id: addict
    category: stigma
    terms: [addict, addicts, junkie, junkies, frequent flyers]
    suggest: [person who uses drugs]
  - id: choice
    category: principle
    principle: autonomy
    terms: [their choice]
  - id: discharge
    category: antithetical
    terms: [discharged for using]
`;
const lex = compileYaml(lexiconYaml(ENTRIES));
const first = (text: string, l = lex) => scanText(text, l)[0];

describe('negation by category', () => {
  it('a negated or quantified stigma label is still the label', () => {
    expect(first('No addicts will be given early refills.')).toMatchObject({ entry: 'addict', counted: true });
    expect(first('Not all addicts are like that.')).toMatchObject({ entry: 'addict', counted: true });
    expect(first('He is not an addict.')).toMatchObject({ entry: 'addict', counted: true });
  });
  it('a negated principle indicator or framing is still cancelled', () => {
    expect(first('It is not their choice.')).toMatchObject({ entry: 'choice', negated: true, counted: false });
    expect(first('Nobody is discharged for using here.')).toMatchObject({ entry: 'discharge', negated: true, counted: false });
  });
  it('a negated structural service is still the topic', () => {
    const l = compileYaml(lexiconYaml('  - id: ssp\n    category: structural\n    terms: [syringe exchange]\n'));
    expect(first("Back then they wouldn't fund syringe exchange.", l)).toMatchObject({ entry: 'ssp', counted: true });
  });
  it('the lexicon chooses: a per-category default and a per-entry override', () => {
    const byCategory = compileYaml(lexiconYaml(ENTRIES, 'settings:\n  negation:\n    categories: {stigma: cancel, principle: keep}\n'));
    expect(first('No addicts will be given early refills.', byCategory)).toMatchObject({ negated: true, counted: false });
    expect(first('It is not their choice.', byCategory)).toMatchObject({ negated: false, counted: true });
    const byGroup = compileYaml(lexiconYaml(ENTRIES.replace('    suggest: [person who uses drugs]', '    suggest: [person who uses drugs]\n    group: credibility'), 'settings:\n  negation:\n    groups: {credibility: cancel}\n'));
    expect(first('No addicts will be given early refills.', byGroup)).toMatchObject({ negated: true, counted: false });
    const byEntry = compileYaml(lexiconYaml(ENTRIES.replace('    suggest: [person who uses drugs]', '    suggest: [person who uses drugs]\n    negation: cancel')));
    expect(first('No addicts will be given early refills.', byEntry)).toMatchObject({ negated: true, counted: false });
  });
});

describe('a negation cue followed by a comma', () => {
  it('does not negate', () => {
    expect(first('No, it is their choice.')).toMatchObject({ entry: 'choice', negated: false, counted: true });
    expect(first('Never, and I mean it, their choice.')).toMatchObject({ negated: false, counted: true });
  });
  it('a pseudo-negation negates nothing ("I won\'t lie, ...", "not only")', () => {
    expect(first("I won't lie, it is their choice.")).toMatchObject({ entry: 'choice', negated: false, counted: true });
    expect(first('Not only is it their choice, it is their right.')).toMatchObject({ negated: false, counted: true });
    expect(first("I won't lie to you, it is not their choice.")).toMatchObject({ negated: true, cue: 'not' });
  });
  it('a price is not a negation ("at no cost", "no charge"): it negates the noun, not what follows', () => {
    expect(first('She got the visit at no cost, and it is their choice.')).toMatchObject({ entry: 'choice', negated: false, counted: true });
    expect(first('No charge for the kit; it is their choice.')).toMatchObject({ negated: false, counted: true });
    expect(first('At no cost it is not their choice.')).toMatchObject({ negated: true, cue: 'not' });
  });
  it('a no-show is an event, not a negation ("after the third no-show I dismiss them")', async () => {
    expect(first('After the second no-show it is their choice.')).toMatchObject({ entry: 'choice', negated: false, counted: true });
    const { compiled } = await loadDefaultLexicon();
    const m = scanText('After the third no-show I dismiss them from the practice.', compiled).find((x) => x.entry === 'fired-from-care');
    expect(m).toMatchObject({ category: 'antithetical', negated: false, counted: true });
  });
  it('a cue inside a condition closed by a comma does not reach the main clause ("If she doesn\'t stop, ...")', () => {
    expect(first("If she doesn't want to stop, it is their choice.")).toMatchObject({ entry: 'choice', negated: false, counted: true });
    expect(first("Unless they never come back, it is their choice.")).toMatchObject({ negated: false, counted: true });
    // The main clause's own cue still negates, and a condition without its comma is one clause.
    expect(first("If she doesn't stop, it is not their choice.")).toMatchObject({ negated: true, cue: 'not' });
    expect(first("It is not their choice if she can't stop.")).toMatchObject({ negated: true });
  });
  it('a later cue in the clause still does', () => {
    expect(first('No, it is not their choice.')).toMatchObject({ negated: true, cue: 'not', counted: false });
  });
  it('No, he is an addict. (default lexicon)', async () => {
    const { compiled } = await loadDefaultLexicon();
    expect(scanText('No, he is an addict.', compiled).find((m) => m.category === 'stigma')).toMatchObject({ counted: true });
  });
});

describe('attributed stance (reported speech)', () => {
  const attributed = (text: string, l = lex) => scanText(text, l).filter((m) => m.category === 'stigma');
  it('speech reported from others is attributed and not counted', () => {
    for (const text of [
      'Some of the doctors here say they are all just junkies, which I hate.',
      'My colleagues call them frequent flyers.',
      "Some doctors say they're just addicts.",
      'A lot of the nurses would call him a junkie.',
      'People think they are all addicts.',
    ]) {
      const [m] = attributed(text);
      expect(m, text).toMatchObject({ attributed: true, counted: false });
    }
  });
  it('a subject a few words before the verb ("staff on the ward still call")', () => {
    expect(attributed('Some of the older staff on the ward still call them junkies.')[0]).toMatchObject({ attributed: true, counted: false });
  });
  it('a label in quotation marks is someone else\'s word, held at a distance', () => {
    for (const text of ["Another nurse wouldn't give him Tylenol because he was a 'drug addict'.", 'They still say "junkies" at handover.', 'They are \u201cfrequent flyers\u201d here.']) {
      const m = attributed(text, compileYaml(lexiconYaml(ENTRIES.replace('terms: [addict,', 'terms: [drug addict, addict,'))))[0];
      expect(m, text).toMatchObject({ attributed: true, counted: false });
    }
    expect(attributed("The addicts' needs come first.")[0]).toMatchObject({ attributed: false, counted: true });
  });
  it('the speaker\'s own words are not attributed', () => {
    for (const text of ['I call them junkies.', 'We call them frequent flyers.', 'They are all junkies.', 'Doctors say naloxone works. He is a junkie.', 'My colleagues and I call them junkies.']) {
      const [m] = attributed(text);
      expect(m, text).toMatchObject({ attributed: false, counted: true });
    }
  });
  it('a negated naming verb rejects the label: a mention, not counted', () => {
    for (const text of ['I would never call anyone an addict.', "We don't call them junkies here.", 'Staff stopped calling them frequent flyers.']) {
      const [m] = attributed(text);
      expect(m, text).toMatchObject({ mention: true, counted: false });
    }
    expect(attributed('I call them junkies, never mind what they say.')[0]).toMatchObject({ mention: false, counted: true });
  });
  it('a single person, a relative or a record as the subject ("her father refers to her as", "his PCP\'s note calls him")', () => {
    for (const text of ['Her father refers to her as the junkie.', 'A tech called the patient in 12 a junkie.', "His PCP's note calls him an addict.", 'The outside discharge summary says addict in three places.', 'Other providers have written him off as an addict.', 'Triage flagged her as one of the frequent flyers.']) {
      const [m] = attributed(text);
      expect(m, text).toMatchObject({ attributed: true, counted: false });
    }
  });
  it('a frame that sets a view apart without naming its holder ("there\'s this idea that")', () => {
    for (const text of ["There's this idea that addicts can't change.", 'The myth that junkies never get better does damage.', 'There is a culture of calling them frequent flyers here.', "There's this attitude on the unit that they're all junkies."]) {
      const [m] = attributed(text);
      expect(m, text).toMatchObject({ attributed: true, counted: false });
    }
    for (const text of ['I had this idea that addicts are lazy.', 'We have this idea that junkies never change.', 'We have a culture of calling them frequent flyers.']) {
      const [m] = attributed(text);
      expect(m, text).toMatchObject({ attributed: false, counted: true });
    }
  });
  it("the patient's own words, quoted or stated, are the patient's", () => {
    for (const text of ['Pt states: "I\'m a recovering addict, no opioids please."', 'In his words he was "a junkie for twenty years".', 'Pt asked, "Are you going to treat me like an addict?"']) {
      const [m] = attributed(text);
      expect(m, text).toMatchObject({ attributed: true, counted: false });
    }
  });
  it("scare quotes after the patient's reporting frame are the writer's (Beach et al. 2021); a third party's label in quotes is the third party's", async () => {
    const { compiled } = await loadDefaultLexicon();
    const quotes = (text: string) => scanText(text, compiled).filter((m) => m.entry === 'scare-quotes');
    for (const text of ["Pt states she had a 'reaction' to that medication.", 'She says her pain is "still a 10" but she is eating lunch.']) {
      expect(quotes(text)[0], text).toMatchObject({ attributed: false, counted: true });
    }
    expect(quotes("The probation officer described the patient as 'a typical criminal' at intake.")[0]).toMatchObject({ attributed: true, counted: false });
  });
  it('a passive verb of telling is not a reporting frame: "pt was told" is the team\'s rule, "she was called" still reports', () => {
    const l = compileYaml(lexiconYaml(ENTRIES + '  - id: not-allowed\n    category: stigma\n    terms: [not allowed]\n'));
    expect(attributed('Pt was told he is not allowed to use while enrolled.', l)[0]).toMatchObject({ attributed: false, counted: true });
    expect(attributed('She was called a junkie by the triage nurse.')[0]).toMatchObject({ attributed: true, counted: false });
  });
  it('a note\'s "pt told" without its auxiliary is passive too ("Pt told if ..."); "pt told me" still reports the patient', () => {
    const l = compileYaml(lexiconYaml(ENTRIES + '  - id: not-allowed\n    category: stigma\n    terms: [not allowed]\n'));
    for (const text of ['Pt told he is not allowed to use while enrolled.', 'Patient told that he is not allowed to use on the unit.', 'Pt told if he uses again he is not allowed back.']) {
      expect(attributed(text, l)[0], text).toMatchObject({ attributed: false, counted: true });
    }
    for (const text of ['Pt told me she is not allowed to use at her sister\'s place.', 'Pt told the nurse he is not allowed to use at home.']) {
      expect(attributed(text, l)[0], text).toMatchObject({ attributed: true, counted: false });
    }
  });
  it('the lexicon chooses whether attributed speech counts', () => {
    const counting = compileYaml(lexiconYaml(ENTRIES, 'settings:\n  attribution:\n    count: true\n'));
    expect(attributed('My colleagues call them frequent flyers.', counting)[0]).toMatchObject({ attributed: true, counted: true });
  });
  it('the default lexicon attributes the reported junkies', async () => {
    const { compiled } = await loadDefaultLexicon();
    const m = scanText('Some of the doctors here say they are all just junkies, which I hate.', compiled).filter((x) => x.category === 'stigma');
    expect(m.length).toBeGreaterThan(0);
    for (const x of m) expect(x).toMatchObject({ attributed: true, counted: false });
  });
  it("a note's own label after the reported words is the writer's: 'Patient claims pain 10/10 and is a known addict' (found in review)", async () => {
    const { compiled } = await loadDefaultLexicon();
    const own = scanText('Patient claims pain 10/10 and is a known addict.', compiled).filter((x) => x.text === 'addict');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ attributed: false, counted: true });
    // Still reported speech when the label is inside what was said.
    const said = scanText('Patient says his brother is an addict.', compiled).filter((x) => x.text === 'addict');
    expect(said[0]?.counted ?? false).toBe(false);
  });
});

describe('coordination', () => {
  const l = compileYaml(lexiconYaml(`  - id: hostile
    category: stigma
    negation: cancel
    terms: [combative, belligerent]
  - id: label
    category: stigma
    terms: [junkie, drug abuser]
`));
  it('a negation or a mention carries over "or" / "and" to the next match', () => {
    expect(scanText('Calm, not combative or belligerent.', l).map((m) => [m.text, m.negated, m.counted])).toEqual([
      ['combative', true, false],
      ['belligerent', true, false],
    ]);
    expect(scanText("We practised replacing 'drug abuser' and 'junkie' with person-first terms.", l).map((m) => [m.text, m.mention, m.counted])).toEqual([
      ['drug abuser', true, false],
      ['junkie', true, false],
    ]);
  });
  it('but not across other words', () => {
    expect(scanText('Not combative today, belligerent yesterday.', l).map((m) => [m.text, m.counted])).toEqual([
      ['combative', false],
      ['belligerent', true],
    ]);
  });
});

describe('sense rules', () => {
  it('unless: a phrase nearby in the same sentence rules the match out', () => {
    const l = compileYaml(lexiconYaml(`  - id: dirty-person
    category: stigma
    terms: ["came back dirty"]
    unless: {any: [urine, tox, screen, sample], window: 6}
`));
    expect(scanText('He came back dirty again.', l).map((m) => m.entry)).toEqual(['dirty-person']);
    expect(scanText('The tox screen came back dirty.', l)).toEqual([]);
    expect(scanText('The screen was fine. He came back dirty.', l).map((m) => m.entry)).toEqual(['dirty-person']);
  });
  it('"came back dirty" about a result is the result sense (default lexicon)', async () => {
    const { compiled } = await loadDefaultLexicon();
    for (const text of ['The toxicology screen came back dirty.', 'His urine sample came back dirty again.', 'The UDS came back dirty for fentanyl.']) {
      const m = scanText(text, compiled).filter((x) => x.category === 'stigma');
      expect(m.length, text).toBeGreaterThan(0);
      for (const x of m) expect(`${x.entry} ${x.suggest.join(' ')}`, text).not.toMatch(/person/i);
    }
  });
});

describe('check on a negated stigma label', () => {
  it('"No addicts will be given early refills." is a finding: exit 1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'letter.txt'), 'No addicts will be given early refills.\n');
    const r = await runCli(['check', 'letter.txt', '--no-config'], { cwd: dir });
    expect(r.code).toBe(1);
  });
});

describe('a stigma term inside an antithetical phrase', () => {
  const l = compileYaml(lexiconYaml(`  - id: clean-person
    category: stigma
    terms: [get clean, dirty urines]
    suggest: [stop using drugs]
  - id: abstinence-first
    category: antithetical
    terms: [get clean first, dirty urines and you're out]
  - id: choice
    category: principle
    principle: autonomy
    terms: [clean first]
`));
  it('is a match of its own, and the antithetical phrase is kept', () => {
    expect(scanText('Get clean first, then we talk.', l).map((m) => [m.entry, m.text, m.counted])).toEqual([
      ['abstinence-first', 'Get clean first', true],
      ['clean-person', 'Get clean', true],
    ]);
    expect(scanText("Two dirty urines and you're out.", l).map((m) => m.entry)).toEqual(['abstinence-first', 'clean-person']);
  });
  it('only stigma terms, only inside', () => {
    expect(scanText('You get clean first.', l).map((m) => m.entry)).toEqual(['abstinence-first', 'clean-person']);
    expect(scanText('Get clean.', l).map((m) => m.entry)).toEqual(['clean-person']);
  });
});

describe('negation inside a proximity rule', () => {
  const near = compileYaml(
    lexiconYaml(`  - id: hr-surrender
    category: antithetical
    negation: {becomes: pragmatism}
    near:
      all: [[harm reduction], [giving up, enabling]]
      within: 6
  - id: doubt
    category: antithetical
    near:
      all: [[believe], [pain]]
      within: 5
`),
  );
  it('a cue between its parts negates it, as a cue before it does', () => {
    expect(first('Harm reduction is giving up on people.', near)).toMatchObject({ entry: 'hr-surrender', negated: false, counted: true });
    expect(first("Harm reduction isn't giving up on people.", near)).toMatchObject({ entry: 'hr-surrender', negated: true, cue: "isn't", counted: true, category: 'principle', principle: 'pragmatism' });
    expect(first('Giving up? No. Harm reduction is never enabling.', near)).toMatchObject({ entry: 'hr-surrender', negated: true, cue: 'never' });
  });
  it('but not a cue that belongs to another clause, or one followed by a comma', () => {
    expect(first("Harm reduction isn't cheap but it's giving up.", near)).toMatchObject({ entry: 'hr-surrender', negated: false });
    expect(first('Harm reduction, no, is giving up.', near)).toMatchObject({ entry: 'hr-surrender', negated: false });
    expect(first('Harm reduction and never judging is enabling.', near)).toMatchObject({ entry: 'hr-surrender', negated: false });
  });
});

describe('a dropped phrase does not hide a shorter one at the same word', () => {
  const lexicon = compileYaml(
    lexiconYaml(`  - id: burned-by-patients
    category: antithetical
    terms: [been burned by]
    unless: {any: [system]}
  - id: burned-by-care
    category: principle
    principle: humanism
    terms: [been burned]
`),
  );
  it('the longer phrase ruled out by its sense rule leaves the shorter one to its entry', () => {
    expect(scanText('They have been burned by the system before.', lexicon).map((m) => m.entry)).toEqual(['burned-by-care']);
    expect(scanText('I have been burned by patients before.', lexicon).map((m) => m.entry)).toEqual(['burned-by-patients']);
  });
});

describe('direct speech: a label inside a quotation that another person speaks', () => {
  const stigma = (text: string) => scanText(text, lex).filter((m) => m.category === 'stigma');
  it('is attributed, even past the quotation\'s own sentence ends', () => {
    for (const text of [
      "The charge nurse leaned over and said, 'Have you seen his record? He's a junkie.' I didn't know what to say.",
      'My attending told me, "Careful with that one. Addicts will say anything."',
    ]) {
      const [m] = stigma(text);
      expect(m, text).toMatchObject({ entry: 'addict', attributed: true, counted: false });
    }
  });
  it('but not when the speaker quotes themself, nor outside the quotation, nor with an apostrophe for a quote mark', () => {
    expect(stigma("I said, 'Look, he's an addict, that's the whole story.'")[0]).toMatchObject({ attributed: false, counted: true });
    expect(stigma("She said, 'Check his chart.' He's a junkie anyway.")[0]).toMatchObject({ attributed: false, counted: true });
    expect(stigma("The doctor's notes say nothing, but he's a junkie.")[0]).toMatchObject({ attributed: false, counted: true });
  });
});

describe('a reporting frame after the quotation', () => {
  const stigma = (text: string) => scanText(text, lex).filter((m) => m.category === 'stigma');
  it("'He's a junkie,' the charge nurse said: the quoted person's words", () => {
    for (const text of ["'Did you see his chart? He's a junkie,' the charge nurse said.", '"They are all addicts," says my attending, every single shift.', "\"I was a junkie for ten years,\" pt stated at intake."]) {
      expect(stigma(text)[0], text).toMatchObject({ attributed: true, counted: false });
    }
  });
  it("but not the speaker's own quotation, nor a quotation that ends its sentence", () => {
    for (const text of ["'He's a junkie,' I told the team, and I meant it.", '"They are all addicts." The nurse said it twice.']) {
      expect(stigma(text)[0], text).toMatchObject({ attributed: false, counted: true });
    }
  });
});

describe('a reflexive right after its subject is an intensifier, not a mention cue', () => {
  it('"pt himself is a junkie" is the writer\'s label; "calls himself a junkie" is a mention', () => {
    const first = (text: string) => scanText(text, lex).find((m) => m.category === 'stigma');
    expect(first('Pt himself is a junkie, per the whole team.')).toMatchObject({ mention: false, counted: true });
    expect(first('He calls himself a junkie.')).toMatchObject({ mention: true, counted: false });
  });
});

describe('a refusal is not turned around by its negation', () => {
  it('"I\'m not gonna waste my time on him" refuses care: antithetical, not humanism (default lexicon)', async () => {
    const { compiled } = await loadDefaultLexicon();
    const waste = scanText("Honestly I'm not gonna waste my time on him when he keeps using.", compiled).filter((m) => m.text.startsWith('waste'));
    expect(waste).toHaveLength(1);
    expect(waste[0]).toMatchObject({ category: 'antithetical', principle: null, counted: true });
    // The noun form negated is still humanism: "it's never a waste of naloxone on them".
    const noun = scanText("It's never a waste of naloxone on them, even the fifth time he overdoses.", compiled).filter((m) => m.counted);
    expect(noun.map((m) => m.principle)).toContain('humanism');
  });
});

describe('a proximity rule across sentence ends (near.across)', () => {
  const rule = (across: boolean) =>
    compileYaml(
      lexiconYaml(`  - id: revisit
    category: principle
    principle: autonomy
    near:
      all:
        - [will revisit]
        - [pt declined]
      within: 8${across ? '\n      across: true' : ''}
`),
    );
  it('reaches the other part in the next sentence, still within `within` words', () => {
    expect(scanText('Pt declined induction today. Will revisit next week.', rule(true)).map((m) => m.entry)).toEqual(['revisit']);
    expect(scanText('Pt declined induction today. Will revisit next week.', rule(false))).toEqual([]);
  });
  it('stops at a blank line and at `within` words', () => {
    expect(scanText('Pt declined induction today.\n\nWill revisit next week.', rule(true))).toEqual([]);
    expect(scanText('Pt declined induction today and then we talked about the weather and football. Will revisit.', rule(true))).toEqual([]);
  });
});

describe('speech reported in one sentence does not cover a proximity match judged in the next (near.across)', () => {
  const lex = compileYaml(
    lexiconYaml(`  - id: moud-hooked
    category: antithetical
    near:
      all:
        - [just staying hooked]
        - [methadone]
      within: 12
      across: true
`),
  );
  const counted = (text: string) => scanText(text, lex).map((m) => [m.entry, m.counted, m.attributed]);
  it("the speaker's own judgement after a sentence of someone else's words counts", () => {
    expect(counted('My colleagues say methadone works for him. Honestly, that is just staying hooked.')).toEqual([['moud-hooked', true, false]]);
  });
  it("a frame in the judgement's own sentence still attributes it", () => {
    expect(counted('He is back on methadone. My colleagues say he is just staying hooked.')).toEqual([['moud-hooked', false, true]]);
    expect(counted('My colleagues say methadone is just staying hooked.')).toEqual([['moud-hooked', false, true]]);
  });
});
