import { describe, expect, it } from 'vitest';
import { adjudicatedPrecision, binaryMetrics, cohenKappa, compareCode, confusionMatrix } from '../../src/research/agreement.js';
import { mean, median, partitionShares, share, wilson } from '../../src/research/stats.js';

// 10 items: coder A says yes on 1-5, coder B on 1-4 and 6.
const A = ['1', '1', '1', '1', '1', '0', '0', '0', '0', '0'];
const B = ['1', '1', '1', '1', '0', '1', '0', '0', '0', '0'];

describe("Cohen's kappa (hand-computed)", () => {
  it('po = 0.8, pe = 0.5, kappa = 0.6; SE (Fleiss, Cohen & Everitt 1969) = sqrt(0.064)', () => {
    // p11 = p22 = .4, p12 = p21 = .1, all marginals .5:
    // t1 = .8 * (1 - 1 * .4)^2 = .288; t2 = .4^2 * (.1 * 1 + .1 * 1) = .032; t3 = (.6 - .5 * .4)^2 = .16
    // Var = (.288 + .032 - .16) / (10 * .25) = .064
    const k = cohenKappa(A, B);
    expect(k.agreement).toBeCloseTo(0.8, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.6, 12);
    expect(k.se).toBeCloseTo(Math.sqrt(0.064), 12);
    expect(k.ci![0]).toBeCloseTo(0.6 - 1.959964 * Math.sqrt(0.064), 6);
    expect(k.ci![1]).toBe(1); // 1.096 clipped to 1
  });

  it('three categories, unequal marginals (hand-computed)', () => {
    // A: x x x y y z ; B: x x y y z z  -> agree on 1,2,4,6: po = 4/6
    // marginals A: x 3/6, y 2/6, z 1/6; B: x 2/6, y 2/6, z 2/6 -> pe = (6 + 4 + 2) / 36 = 1/3
    // kappa = (2/3 - 1/3) / (2/3) = 0.5
    const k = cohenKappa(['x', 'x', 'x', 'y', 'y', 'z'], ['x', 'x', 'y', 'y', 'z', 'z']);
    expect(k.kappa).toBeCloseTo(0.5, 12);
  });

  it('perfect agreement: kappa 1 with a zero-width interval', () => {
    const k = cohenKappa(['a', 'b', 'a'], ['a', 'b', 'a']);
    expect(k.kappa).toBe(1);
    expect(k.se).toBe(0);
    expect(k.ci).toEqual([1, 1]);
  });

  it('both coders constant on the same category: kappa undefined (null with a note), never NaN', () => {
    const k = cohenKappa(['0', '0', '0'], ['0', '0', '0']);
    expect(k.agreement).toBe(1);
    expect(k.kappa).toBeNull();
    expect(k.ci).toBeNull();
    expect(k.note).toMatch(/not defined/);
    const c = compareCode('stigma', 'binary', ['0', '0'], ['0', '0'], { withMetrics: true });
    expect(JSON.stringify(c)).not.toMatch(/NaN/);
    expect(c.precision).toBeNull();
    expect(c.recall).toBeNull();
  });

  it('one coder constant, the other not: kappa 0 (defined)', () => {
    const k = cohenKappa(['1', '1', '1', '1'], ['1', '1', '0', '0']);
    expect(k.kappa).toBeCloseTo(0, 12);
  });

  it('no items: null, not NaN', () => {
    expect(cohenKappa([], []).kappa).toBeNull();
  });
});

describe('precision, recall, F1 and confusion matrix', () => {
  it('counts TP/FP/FN/TN of A against reference B', () => {
    const m = binaryMetrics(A, B);
    expect(m).toMatchObject({ tp: 4, fp: 1, fn: 1, tn: 4 });
    expect(m.precision).toBeCloseTo(0.8);
    expect(m.recall).toBeCloseTo(0.8);
    expect(m.f1).toBeCloseTo(0.8);
    const n = binaryMetrics(['1', '0', '0'], ['1', '1', '1']);
    expect(n.precision).toBe(1);
    expect(n.recall).toBeCloseTo(1 / 3);
    expect(n.f1).toBeCloseTo(0.5);
  });

  it('rows are coder A, columns coder B, in the given label order', () => {
    const c = confusionMatrix(['relational', 'mixed', 'mixed'], ['relational', 'relational', 'mixed'], ['relational', 'mixed', 'antithetical', 'no-evidence']);
    expect(c.labels).toEqual(['relational', 'mixed', 'antithetical', 'no-evidence']);
    expect(c.matrix[0]).toEqual([1, 0, 0, 0]);
    expect(c.matrix[1]).toEqual([1, 1, 0, 0]);
  });
});

describe('adjudicated precision', () => {
  it('per entry, with Wilson intervals; blank verdicts are unjudged', () => {
    const rows = [
      { entry: 'addict', verdict: 'correct' },
      { entry: 'addict', verdict: 'yes' },
      { entry: 'addict', verdict: '0' },
      { entry: 'addict', verdict: '' },
      { entry: 'clean', verdict: 'incorrect' },
    ];
    const [addict, clean] = adjudicatedPrecision(rows);
    expect(addict).toMatchObject({ entry: 'addict', judged: 3, correct: 2, incorrect: 1, unjudged: 1 });
    expect(addict!.precision).toBeCloseTo(2 / 3, 4);
    expect(clean).toMatchObject({ entry: 'clean', judged: 1, correct: 0, precision: 0 });
    // Wilson 95% for 2/3: about [0.208, 0.939]
    expect(addict!.ci95![0]).toBeCloseTo(0.2077, 3);
    expect(addict!.ci95![1]).toBeCloseTo(0.9385, 3);
  });
});

describe('statistics helpers', () => {
  it('partition percentages add up to 100 (largest remainder)', () => {
    const s = partitionShares([1, 1, 1]);
    expect(s.map((x) => x.pct)).toEqual([34, 33, 33]);
    expect(partitionShares([1, 3, 1, 1]).reduce((a, x) => a + x.pct!, 0)).toBe(100);
    expect(partitionShares([2, 1, 0], 1).map((x) => x.pct)).toEqual([66.7, 33.3, 0]);
    expect(partitionShares([0, 0]).every((x) => x.pct === null)).toBe(true);
  });
  it('share states n and N', () => {
    expect(share(19, 23)).toEqual({ n: 19, of: 23, pct: 83 });
    expect(share(0, 0).pct).toBeNull();
  });
  it('mean, median, wilson', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(median([5, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(wilson(0, 0)).toBeNull();
  });
});
