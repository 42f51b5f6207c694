import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/check/findings.js';
import { getCheckFormatter, type CheckReport } from '../../../src/report/check/index.js';
import { escapeData, escapeProperty } from '../../../src/report/check/github.js';
import { sarifValidator } from './sarif-validator.js';

const finding = (over: Partial<Finding>): Finding => ({
  file: 'templates/discharge, final.html',
  line: 2,
  column: 24,
  endLine: 2,
  endColumn: 29,
  start: 30,
  end: 35,
  entry: 'clean-screen',
  category: 'stigma',
  principle: null,
  severity: 'warning',
  problem: true,
  text: 'clean',
  message: '"clean" is stigmatizing language',
  suggest: ['negative'],
  lineText: '<p>Your urine screen was clean.</p>',
  ...over,
});

const report = (findings: Finding[]): CheckReport => ({
  tool: { name: 'harmlex', version: '0.1.0', informationUri: 'https://github.com/harmlex/harmlex' },
  findings,
  rules: [
    { id: 'clean-screen', category: 'stigma', severity: 'warning', terms: ['clean'], suggest: ['negative'], note: 'Say what the test showed.', source: 'NIDA, Words Matter (https://nida.nih.gov/words-matter)' },
    { id: 'junkie', category: 'stigma', severity: 'error', terms: ['junkie'], suggest: [] },
    { id: 'choice', category: 'principle', principle: 'autonomy', severity: 'info', terms: ['your choice'], suggest: [] },
  ],
  summary: { files: 2, errors: 1, warnings: 1, infos: 0, suppressed: 1, allowed: 0, baselined: 0 },
  color: false,
});

const two = [finding({}), finding({ file: 'b.md', line: 1, column: 1, endColumn: 7, entry: 'junkie', severity: 'error', text: 'junkie', message: '"junkie" is stigmatizing language', suggest: [] })];

describe('check formatters', () => {
  it('sarif validates against the official SARIF 2.1.0 schema, with one rule per entry and regions', () => {
    const validate = sarifValidator();
    for (const findings of [two, []]) {
      const sarif = JSON.parse(getCheckFormatter('sarif')(report(findings)));
      const ok = validate(sarif);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
    const sarif = JSON.parse(getCheckFormatter('sarif')(report(two)));
    const run = sarif.runs[0];
    // Only the rules that results refer to: the whole lexicon would make a one-finding report megabytes.
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['clean-screen', 'junkie']);
    expect(run.tool.driver.rules[1].shortDescription.text).toBe('stigmatizing language: "junkie"');
    expect(run.tool.driver.rules[0].help.text).toContain('Prefer: negative');
    expect(run.tool.driver.rules[0].helpUri).toBe('https://nida.nih.gov/words-matter');
    expect(run.results[0]).toMatchObject({ ruleId: 'clean-screen', ruleIndex: 0, level: 'warning' });
    expect(run.results[0].locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'templates/discharge%2C%20final.html', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 24, endLine: 2, endColumn: 29 },
    });
    expect(run.results[1].level).toBe('error');
  });

  it('sarif carries findings that did not count as results with a suppression, and still validates', () => {
    const validate = sarifValidator();
    const r: CheckReport = {
      ...report([two[1]!]),
      suppressed: [
        { finding: two[0]!, kind: 'inSource', justification: 'a harmlex-disable comment in the file' },
        { finding: finding({ line: 7, text: 'clean' }), kind: 'external', justification: 'in the baseline baseline.json' },
      ],
    };
    const sarif = JSON.parse(getCheckFormatter('sarif')(r));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const results = sarif.runs[0].results;
    expect(results.map((x: { ruleId: string; suppressions?: { kind: string }[] }) => [x.ruleId, x.suppressions?.[0]?.kind ?? null])).toEqual([
      ['junkie', null],
      ['clean-screen', 'inSource'],
      ['clean-screen', 'external'],
    ]);
    expect(results[2].suppressions[0]).toEqual({ kind: 'external', justification: 'in the baseline baseline.json' });
    expect(results[1].locations[0].physicalLocation.region.startLine).toBe(2);
    // The other formats leave them out: they report what counts.
    expect(JSON.parse(getCheckFormatter('json')(r)).findings).toHaveLength(1);
  });

  it('a schema-breaking document is caught by the validator (the test can fail)', () => {
    const validate = sarifValidator();
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
  });

  it('github prints one workflow command per finding, escaping data and properties', () => {
    const out = getCheckFormatter('github')(report(two));
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      '::warning file=templates/discharge%2C final.html,line=2,col=24,endLine=2,endColumn=29,title=harmlex clean-screen::"clean" is stigmatizing language; prefer "negative"',
    );
    expect(lines[1]).toMatch(/^::error file=b\.md,line=1,col=1,/);
    expect(escapeData('50%\r\nx')).toBe('50%25%0D%0Ax');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });

  it('compact is one line per finding: file:line:col: severity: message [entry]', () => {
    expect(getCheckFormatter('compact')(report(two))).toBe(
      'templates/discharge, final.html:2:24: warning: "clean" is stigmatizing language; prefer "negative" [clean-screen]\nb.md:1:1: error: "junkie" is stigmatizing language [junkie]\n',
    );
    expect(getCheckFormatter('compact')(report([]))).toBe('');
  });

  it('stylish groups by file with the suggestion under each finding and a summary', () => {
    const out = getCheckFormatter('stylish')(report(two));
    expect(out).toContain('templates/discharge, final.html\n  2:24  warning  "clean" is stigmatizing language  clean-screen\n        → prefer "negative"\n');
    expect(out).toContain('✖ 2 problems (1 error, 1 warning) in 2 files; 1 suppressed');
    expect(out).not.toMatch(/\u001b\[/);
    expect(getCheckFormatter('stylish')({ ...report(two), color: true })).toMatch(/\u001b\[/);
  });

  it('json carries findings and summary', () => {
    const j = JSON.parse(getCheckFormatter('json')(report(two)));
    expect(j.summary).toMatchObject({ files: 2, errors: 1 });
    expect(j.findings[0]).toMatchObject({ file: 'templates/discharge, final.html', line: 2, column: 24, entry: 'clean-screen', suggest: ['negative'] });
  });
});
