import { describe, expect, it } from 'vitest';
import { parseCodedJsonl, type CodedExcerpt } from '../../src/research/coded.js';
import { evaluate, predictExcerpt, termSpans } from '../../src/research/evaluate.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

const LEX = compileYaml(
  lexiconYaml(`  - id: addict
    category: stigma
    terms: [addict, addicts]
    suggest: [person who uses drugs]
  - id: choice
    category: principle
    principle: autonomy
    terms: [their choice]
  - id: clean-naive
    category: stigma
    terms: [clean]
  - id: naloxone
    category: structural
    terms: [naloxone]
`),
);

function excerpts(rows: object[]): CodedExcerpt[] {
  const { excerpts, problems } = parseCodedJsonl(rows.map((r) => JSON.stringify(r)).join('\n'), 'x.jsonl');
  expect(problems).toEqual([]);
  return excerpts;
}

const FOUR = excerpts([
  { id: 'c1', text: 'He is an addict.', placement: 'antithetical', principles: [], categories: ['stigma', 'antithetical'], stigma_terms: ['addict'] },
  { id: 'c2', text: 'It is their choice.', placement: 'relational', principles: ['autonomy'], categories: [] },
  { id: 'c3', text: 'We give out naloxone kits.', placement: 'no-evidence', principles: [], categories: ['structural'] },
  { id: 'c4', text: 'The weather was fine.', placement: 'relational', principles: ['humanism'], categories: [] },
]);

describe('predictExcerpt', () => {
  it('scans and scores one excerpt with the core', () => {
    const p = predictExcerpt(FOUR[1]!, LEX);
    expect(p).toMatchObject({ id: 'c2', placement: 'relational', principles: ['autonomy'], categories: [] });
    expect(p.matches.map((m) => m.entry)).toEqual(['choice']);
    // The antithetical code (framework.md) includes stigmatizing language: a stigma match is both.
    expect(predictExcerpt(FOUR[0]!, LEX)).toMatchObject({ placement: 'antithetical', principles: [], categories: ['stigma', 'antithetical'] });
    expect(predictExcerpt(FOUR[2]!, LEX)).toMatchObject({ placement: 'no-evidence', categories: ['structural'] });
  });
});

describe('evaluate (hand-computed)', () => {
  const report = evaluate(FOUR, FOUR.map((e) => predictExcerpt(e, LEX)));

  it('placement: accuracy 3/4, its Wilson interval, the confusion matrix and kappa', () => {
    expect(report.placement.n).toBe(4);
    expect(report.placement.correct).toBe(3);
    expect(report.placement.accuracy).toBe(0.75);
    // Wilson 95%: (0.75 + z²/8 ± z·sqrt(0.75·0.25/4 + z²/64)) / (1 + z²/4), z = 1.96
    expect(report.placement.accuracy_ci95![0]).toBeCloseTo(0.3006, 3);
    expect(report.placement.accuracy_ci95![1]).toBeCloseTo(0.9544, 3);
    // coded A R N R, harmlex A R N N: p_o = 3/4, p_e = .25·.25 + .5·.25 + .25·.5 = .3125
    expect(report.placement.kappa).toBeCloseTo((0.75 - 0.3125) / (1 - 0.3125), 4);
    expect(report.placement.confusion.labels).toEqual(['relational', 'mixed', 'antithetical', 'no-evidence']);
    // rows: coded; columns: harmlex
    expect(report.placement.confusion.matrix).toEqual([
      [1, 0, 0, 1],
      [0, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
    expect(report.worst_confusions).toEqual([{ coded: 'relational', predicted: 'no-evidence', count: 1 }]);
    expect(report.placement.per_placement['no-evidence']).toEqual({ support: 1, precision: 0.5, recall: 1, f1: 0.6667 });
  });

  it('principles: per-principle P/R/F1 and the macro-F1 over the defined ones', () => {
    expect(report.principles.autonomy).toMatchObject({ n: 4, support: 1, tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    expect(report.principles.humanism).toMatchObject({ support: 1, tp: 0, fp: 0, fn: 1, precision: null, recall: 0, f1: 0 });
    expect(report.principles.pragmatism).toMatchObject({ support: 0, precision: null, recall: null, f1: null });
    expect(report.principle_macro_f1).toBe(0.5);
    expect(report.categories.stigma).toMatchObject({ support: 1, tp: 1, fp: 0, fn: 0, f1: 1 });
    expect(report.categories.structural).toMatchObject({ support: 1, tp: 1 });
  });

  it('lists each disagreement with what differs and the evidence', () => {
    expect(report.disagreements.map((d) => d.id)).toEqual(['c4']);
    expect(report.disagreements[0]).toMatchObject({ differs: ['placement', 'humanism'], coded: { placement: 'relational' }, predicted: { placement: 'no-evidence' }, evidence: [] });
    expect(report.stigma_terms).toMatchObject({ coded: 1, found: 1, recall: 1 });
  });
});

describe('stigma terms and traps', () => {
  const rows = excerpts([
    { id: 't1', text: 'Those ADDICTS and their   junkie friends.', placement: 'antithetical', stigma_terms: ['addicts', 'junkie friends'] },
    { id: 't2', text: 'We hand out clean syringes.', placement: 'no-evidence', principles: [], categories: [], not_stigma_terms: ['clean syringes'] },
    { id: 't3', text: 'Nothing here.', placement: 'no-evidence', stigma_terms: ['dope fiend'] },
  ]);
  const report = evaluate(rows, rows.map((e) => predictExcerpt(e, LEX)));

  it('a coded term is found when a counted stigma match overlaps it; a term not in its text is listed apart', () => {
    expect(report.stigma_terms).toMatchObject({ coded: 2, found: 1, recall: 0.5 });
    expect(report.stigma_terms.missed).toEqual([{ id: 't1', term: 'junkie friends', entries: [] }]);
    expect(report.stigma_terms.not_in_text).toEqual([{ id: 't3', term: 'dope fiend', entries: [] }]);
  });

  it('a trap is flagged when a counted stigma match overlaps it', () => {
    expect(report.traps).toMatchObject({ coded: 1, flagged: 1, list: [{ id: 't2', term: 'clean syringes', entries: ['clean-naive'] }] });
    expect(report.disagreements.find((d) => d.id === 't2')!.differs).toEqual(['placement', 'stigma', 'antithetical', 'trap']);
  });

  it('a row without categories or principles is scored only on what it codes', () => {
    const [row] = excerpts([{ id: 's1', text: 'It is their choice, the addict said.', placement: 'relational', stigma_terms: [] }]);
    expect(row!.scope).toEqual({ principles: [], categories: ['stigma'] });
    const r = evaluate([row!], [predictExcerpt(row!, LEX)]);
    expect(r.principles.autonomy.n).toBe(0);
    expect(r.categories.structural!.n).toBe(0);
    expect(r.categories.stigma).toMatchObject({ n: 1, fp: 1 });
  });

  it('termSpans: case and spacing ignored, whole words only', () => {
    expect(termSpans('An Addict,  addicts; addict', 'addict')).toEqual([[3, 9], [21, 27]]);
    expect(termSpans('frequent\n flyers', 'frequent flyers')).toEqual([[0, 16]]);
  });
});

describe('miss stages: how far harmlex got on the codes it missed', () => {
  const lex = compileYaml(
    lexiconYaml(`  - id: choice
    category: principle
    principle: autonomy
    terms: [their choice]
  - id: dignity
    category: principle
    principle: humanism
    terms: [dignity]
    requires: {any: [patients, clinic], window: 6}
  - id: meet-where
    category: principle
    principle: individualism
    near:
      all:
        - [meet them]
        - [where they are]
      within: 4
  - id: small-steps
    category: principle
    principle: incrementalism
    weight: 0.5
    terms: [small steps]
`),
  );
  const rows = excerpts([
    { id: 's1', text: 'The weather was fine all week.', placement: 'relational', principles: ['humanism'], categories: [] },
    { id: 's2', text: 'We try to meet them at the door.', placement: 'relational', principles: ['individualism'], categories: [] },
    { id: 's3', text: 'Everyone deserves dignity, of course.', placement: 'relational', principles: ['humanism'], categories: [] },
    { id: 's4', text: 'It is not their choice.', placement: 'relational', principles: ['autonomy'], categories: [] },
    { id: 's5', text: 'Small steps count.', placement: 'relational', principles: ['incrementalism'], categories: [] },
  ]);
  const report = evaluate(rows, rows.map((e) => predictExcerpt(e, lex, { diagnose: true })));
  const stageOf = (id: string) => report.disagreements.find((d) => d.id === id)!.missed_stages;

  it('names the furthest stage per missed code and per missed side of the placement', () => {
    expect(stageOf('s1')).toEqual([{ code: 'humanism', stage: 'no-candidate' }, { code: 'placement: relational', stage: 'no-candidate' }]);
    expect(stageOf('s2')).toContainEqual({ code: 'individualism', stage: 'proximity-incomplete' });
    expect(stageOf('s3')).toContainEqual({ code: 'humanism', stage: 'context-rule' });
    expect(stageOf('s4')).toContainEqual({ code: 'autonomy', stage: 'negated' });
    // Counted (weight 0.5) but under relational_min: the principle is found, the placement is not.
    expect(stageOf('s5')).toEqual([{ code: 'placement: relational', stage: 'below-threshold' }]);
  });
  it('sums the stages over excerpts', () => {
    expect(report.miss_stages.humanism).toEqual({ 'no-candidate': 1, 'context-rule': 1 });
    expect(report.miss_stages['placement: relational']).toMatchObject({ 'no-candidate': 1, 'proximity-incomplete': 1, 'context-rule': 1, negated: 1, 'below-threshold': 1 });
  });
  it('is left out without diagnose (resampling does not pay for it)', () => {
    const plain = evaluate(rows, rows.map((e) => predictExcerpt(e, lex)));
    expect(plain.miss_stages).toEqual({});
    expect(plain.disagreements.every((d) => d.missed_stages.length === 0)).toBe(true);
  });
});
