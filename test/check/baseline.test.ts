import { describe, expect, it } from 'vitest';
import { buildBaseline, filterNew, fingerprint, parseBaseline } from '../../src/check/baseline.js';
import type { Finding } from '../../src/check/findings.js';
import { evaluatePolicy } from '../../src/check/policy.js';

const finding = (over: Partial<Finding>): Finding => ({
  file: 'a.html',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 6,
  start: 0,
  end: 5,
  entry: 'junkie',
  category: 'stigma',
  principle: null,
  severity: 'warning',
  problem: true,
  text: 'junkie',
  message: 'm',
  suggest: [],
  lineText: 'He is a junkie.',
  ...over,
});

describe('baseline', () => {
  it('fingerprints the line content, not its number or indentation', () => {
    expect(fingerprint(finding({ line: 9, lineText: '   He is a  JUNKIE. ' }))).toBe(fingerprint(finding({})));
    expect(fingerprint(finding({ lineText: 'She is a junkie.' }))).not.toBe(fingerprint(finding({})));
  });

  it('keeps known findings out, counting duplicates, and lets new ones through', () => {
    const old = [finding({}), finding({ line: 5 })];
    const baseline = buildBaseline(old);
    expect(baseline.findings).toEqual([{ file: 'a.html', entry: 'junkie', fingerprint: fingerprint(finding({})), count: 2 }]);
    const today = [finding({ line: 2 }), finding({ line: 6 }), finding({ line: 7 }), finding({ line: 8, lineText: 'A new junkie line.' })];
    const { fresh, known } = filterNew(today, baseline);
    expect(known).toBe(2);
    expect(fresh.map((f) => f.line)).toEqual([7, 8]);
  });

  it('round-trips through JSON and rejects what is not a baseline', () => {
    const b = buildBaseline([finding({})]);
    expect(parseBaseline(JSON.stringify(b))).toEqual(b);
    expect(parseBaseline('{')).toMatch(/not valid JSON/);
    expect(parseBaseline('{"findings": []}')).toMatch(/not a harmlex baseline/);
  });
});

describe('failure policy', () => {
  it.each([
    ['warning', [finding({})], true],
    ['error', [finding({})], false],
    ['error', [finding({ severity: 'error' })], true],
    ['info', [finding({ severity: 'info' })], true],
    ['info', [finding({ severity: 'info', problem: false, category: 'principle' })], false],
  ] as const)('failOn %s', (failOn, findings, fail) => {
    expect(evaluatePolicy(findings, { failOn }).fail).toBe(fail);
  });

  it('fails on more warnings than --max-warnings even below the threshold', () => {
    const two = [finding({}), finding({ line: 2 })];
    expect(evaluatePolicy(two, { failOn: 'error', maxWarnings: 1 })).toMatchObject({ fail: true, warnings: 2 });
    expect(evaluatePolicy(two, { failOn: 'error', maxWarnings: 2 }).fail).toBe(false);
  });

  it('uses a per-file threshold when given', () => {
    const f = [finding({ file: 'legacy/a.html' })];
    expect(evaluatePolicy(f, { failOnFor: (file) => (file.startsWith('legacy/') ? 'error' : undefined) }).fail).toBe(false);
  });
});
