import { describe, expect, it } from 'vitest';
import { countEvidence, emptyPrinciples, placeEvidence, scoreEvidence, scoreMatches } from '../../src/score/score.js';
import { PRINCIPLES, type Match, type PlacementSettings } from '../../src/types.js';

const settings: PlacementSettings = { relational_min: 1, antithetical_min: 1, mixed_min_share: 0 };

function m(category: Match['category'], weight = 1, extra: Partial<Match> = {}): Match {
  return {
    entry: 'e', category, principle: category === 'principle' ? 'autonomy' : null, group: null, text: 'x', line: 1, column: 1, start: 0, end: 1,
    negated: false, cue: null, mention: false, attributed: false, counted: true, weight, severity: 'info', suggest: [], context: null, ...extra,
  };
}

describe('placement', () => {
  it.each([
    [0, 0, 'no-evidence'],
    [1, 0, 'relational'],
    [0, 1, 'antithetical'],
    [0.5, 0, 'no-evidence'],
    [3, 1, 'mixed'],
    [1, 3, 'mixed'],
  ])('R=%d A=%d -> %s', (r, a, want) => {
    expect(placeEvidence(r, a, settings)).toBe(want);
  });
  it('mixed_min_share sends a lopsided document to its larger side', () => {
    const s = { ...settings, mixed_min_share: 0.3 };
    expect(placeEvidence(9, 1, s)).toBe('relational');
    expect(placeEvidence(1, 9, s)).toBe('antithetical');
    expect(placeEvidence(6, 4, s)).toBe('mixed');
  });
});

describe('scores', () => {
  it('counts first, then the formula', () => {
    const matches = [m('principle'), m('principle', 0.5, { principle: 'humanism' }), m('stigma'), m('antithetical'), m('structural'), m('stigma', 1, { counted: false, negated: true })];
    const e = countEvidence(matches, 200);
    expect(e.counts).toEqual({ relational: 2, antithetical: 2, stigma: 1, structural: 1 });
    expect(e.scores).toEqual({ relational: 1.5, antithetical: 2, stigma: 1, structural: 1 });
    const s = scoreEvidence(e, settings);
    expect(s.continuum).toBeCloseTo((1.5 - 2) / 3.5, 4);
    expect(s.placement).toBe('mixed');
    expect(s.rates).toEqual({ relational: 10, antithetical: 10, stigma: 5, structural: 5 });
    expect(s.principles).toMatchObject({ autonomy: 1, humanism: 1, pragmatism: 0 });
    expect(s.principles_present).toBe(2);
  });
  it('structural mentions stay out of the continuum', () => {
    const s = scoreMatches([m('structural'), m('structural')], 10, settings);
    expect(s.placement).toBe('no-evidence');
    expect(s.continuum).toBeNull();
    expect(s.scores.structural).toBe(2);
  });
  it('one clear stigmatizing label is antithetical evidence', () => {
    expect(scoreMatches([m('stigma')], 10, settings)).toMatchObject({ placement: 'antithetical', continuum: -1 });
  });
  it('zero words gives zero rates, not NaN', () => {
    expect(scoreMatches([], 0, settings).rates).toEqual({ relational: 0, antithetical: 0, stigma: 0, structural: 0 });
  });
});

describe('emptyPrinciples', () => {
  it('has every principle at 0, in the order of PRINCIPLES (the order of the output columns and fields)', () => {
    expect(Object.entries(emptyPrinciples())).toEqual(PRINCIPLES.map((p) => [p, 0]));
  });
});
