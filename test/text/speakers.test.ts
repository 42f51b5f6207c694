import { describe, expect, it } from 'vitest';
import { DEFAULT_LABEL_PATTERN, findLabels, keepsTurn, prepareTurns, splitTurns } from '../../src/text/speakers.js';

describe('speaker labels', () => {
  it.each([
    ['Interviewer: hello', 'Interviewer'],
    ['I: hello', 'I'],
    ['P: hello', 'P'],
    ['HCW: hello', 'HCW'],
    ['Participant 3: hello', 'Participant 3'],
    ['Dr. Lee: hello', 'Dr. Lee'],
    ['INTERVIEWER: hello', 'INTERVIEWER'],
    ['[00:01:02] Interviewer: hello', 'Interviewer'],
    ['00:01:02 P3: hello', 'P3'],
    ['(1:02) Nurse Kim: hello', 'Nurse Kim'],
    ['[Interviewer]: hello', 'Interviewer'],
    ['**Interviewer:** hello', 'Interviewer'],
  ])('%s -> %s', (line, name) => {
    expect(findLabels(`${line}\n`).map((l) => l.speaker)).toEqual([name]);
  });

  it.each(['Plan: naloxone kit', 'Assessment: stable', 'the nurse said: no', 'Time 10:30 today', 'Note: none', 'http://example.org'])('%s is not a label', (line) => {
    expect(findLabels(line)).toEqual([]);
  });

  it('the default pattern, tried only at lines with a colon, finds what a search of every line start finds', () => {
    // The reference: the same pattern searched at every line start with a plain RegExp (user
    // patterns take the linear-time engine, which has no lookahead, so this one cannot).
    const everyLine = (text: string) =>
      [...text.matchAll(new RegExp(DEFAULT_LABEL_PATTERN, 'gm'))].filter((m) => m[0].length > 0 && m[1]!.trim()).map((m) => ({ start: m.index!, end: m.index! + m[0].length, speaker: m[1]!.trim() }));
    const pieces = ['Interviewer: ', 'P3:', '[00:01:02] Dr. Lee: ', '**Nurse Kim**: ', '(1:02) I:', 'time 10:30 pm ', 'a: b ', ': ', '::', 'Participant 2 ', 'words here ', '\n', '\r\n', '\r', '\u2028', '\u2029', ' ', '\t'];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % pieces.length;
    for (let round = 0; round < 500; round++) {
      let text = '';
      for (let k = 0; k < 30; k++) text += pieces[next()];
      expect(findLabels(text), JSON.stringify(text)).toEqual(everyLine(text));
    }
  });

  it('a custom pattern with a named group', () => {
    expect(findLabels('SPEAKER_01 >> hi\nSPEAKER_02 >> yo\n', '^(?<speaker>SPEAKER_\\d+) >>').map((l) => l.speaker)).toEqual(['SPEAKER_01', 'SPEAKER_02']);
  });

  it('text before the first label is a turn without a speaker; no labels, no turns', () => {
    const s = splitTurns('Title line\nI: q\nP: a\n')!;
    expect(s.turns.map((t) => t.speaker)).toEqual([null, 'I', 'P']);
    expect(splitTurns('just a note')).toBeNull();
  });
});

describe('keeping and blanking turns', () => {
  it('matches names case-insensitively', () => {
    expect(keepsTurn('INTERVIEWER', { exclude: ['interviewer'] })).toBe(false);
    expect(keepsTurn('Dr. Lee', { include: ['dr lee'] })).toBe(true);
    expect(keepsTurn('P', { include: ['HCW'] })).toBe(false);
    expect(keepsTurn(null, { exclude: ['I'] })).toBe(true);
    expect(keepsTurn(null, { include: ['P'] })).toBe(false);
  });

  it('blanks labels and left-out turns without moving offsets or lines', () => {
    const text = 'I: are they addicts?\r\nP: we meet them\r\n';
    const p = prepareTurns(text, undefined, undefined, { exclude: ['I'] })!;
    expect(p.text.length).toBe(text.length);
    expect(p.text).not.toMatch(/addict/);
    expect(p.text.indexOf('we meet')).toBe(text.indexOf('we meet'));
    expect(p.text.split('\n').length).toBe(text.split('\n').length);
    expect(p.text).toMatch(/^ :/); // the label's colon is kept: a phrase never runs across turns
    expect(p.turns.map((t) => [t.speaker, t.kept])).toEqual([
      ['I', false],
      ['P', true],
    ]);
    // Snippets are cut from a text with the same offsets where only the left-out turn is blank.
    expect(p.display).toBe(text.replace(' are they addicts?', ' '.repeat(' are they addicts?'.length)));
  });

  it('evidence reads as the transcript does: labels in the snippets, a left-out turn never', async () => {
    const { analyzeDocument } = await import('../../src/analyze.js');
    const { loadDefaultLexicon } = await import('../../src/io/lexicon-files.js');
    const { compiled } = await loadDefaultLexicon();
    const text = '[00:00:05] Interviewer: Some staff call patients addicts.\n[00:00:19] HCW: No. We meet people where they are.\n';
    const all = analyzeDocument({ id: 't', text }, compiled);
    const meet = all.matches.find((m) => m.entry === 'meet-where-they-are')!;
    expect(meet.context).toContain('[00:00:19] HCW: No. We meet people where they are.');
    expect(all.matches.every((m) => !/: :/.test(m.context ?? ''))).toBe(true);
    const hcw = analyzeDocument({ id: 't', text }, compiled, { speakers: { exclude: ['Interviewer'] } });
    expect(hcw.matches.map((m) => m.entry)).toEqual(['meet-where-they-are']);
    expect(hcw.matches[0]!.context).not.toMatch(/staff|addict/);
    expect(hcw.matches[0]!.context).toContain('HCW: No. We meet');
  });
});

describe('transcript exports people get (issue 17)', () => {
  it.each([
    ['Sarah Kim  0:03', 'Sarah Kim'],
    ['Speaker 1   00:01:02', 'Speaker 1'],
    ['Jordan (P10): hello', 'Jordan (P10)'],
    ['[00:01:02] Jordan (P10): hello', 'Jordan (P10)'],
    ['i: hello', 'i'],
    ['p: hello', 'p'],
    ['p2: hello', 'p2'],
  ])('%s -> %s', (line, name) => {
    expect(findLabels(`${line}\n`).map((l) => l.speaker)).toEqual([name]);
  });

  it('an Otter/Teams name-and-time line starts a turn of the lines below it', () => {
    const text = 'Sarah Kim  0:03\nHow do you talk with patients?\n\nJordan (P10)  0:09\nThey are addicts.\n\nSarah Kim  0:15\nThanks.\n';
    const p = prepareTurns(text, undefined, undefined, { exclude: ['Sarah Kim'] })!;
    expect(p.turns.map((t) => [t.speaker, t.kept])).toEqual([['Sarah Kim', false], ['Jordan (P10)', true], ['Sarah Kim', false]]);
    expect(p.text).toContain('They are addicts.');
    expect(p.text).not.toContain('How do you');
  });

  it('a Zoom display name answers to its name and to its part in parentheses', () => {
    expect(keepsTurn('Jordan (P10)', { include: ['P10'] })).toBe(true);
    expect(keepsTurn('Jordan (P10)', { include: ['jordan'] })).toBe(true);
    expect(keepsTurn('Jordan (P10)', { include: ['Jordan (P10)'] })).toBe(true);
    expect(keepsTurn('Jordan (P10)', { include: ['P1'] })).toBe(false);
  });

  it('a title before the first label is not a turn: never scored', () => {
    const text = 'Interview 3, clinic B, 12 March\nI: Tell me about addicts on the ward.\nP: We meet people where they are.\nI: Thanks.\n';
    const p = prepareTurns(text, undefined, undefined, undefined)!;
    expect(p.turns[0]).toMatchObject({ speaker: null, title: true, kept: false });
    expect(p.text).not.toContain('Interview 3');
    const long = `${'An introduction of several lines.\n'.repeat(4)}I: q\nP: a\nI: b\n`;
    expect(prepareTurns(long, undefined, undefined, undefined)!.turns[0]).toMatchObject({ speaker: null, kept: true });
  });

  it('prose with heading-like lines is not a transcript; labels that recur as turns are', () => {
    const prose = 'The storm came at night and the river rose.\nRemember: the bridge was closed.\nMany waited for hours on the far bank.\nNOTICE: shelters opened at dawn.\nBy noon the water fell.\n';
    expect(prepareTurns(prose, undefined, undefined, undefined)).toBeNull();
    expect(prepareTurns('I: q\nP: a\nI: b\n', undefined, undefined, undefined)).not.toBeNull();
    expect(prepareTurns('NOTICE: shelters.\nRemember: the bridge.\n', undefined, undefined, undefined)).toBeNull();
    // Asked for by name, any label counts.
    expect(prepareTurns(prose, undefined, undefined, { exclude: ['Remember'] })).not.toBeNull();
  });
});
