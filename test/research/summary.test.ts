import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResultsText, readResults } from '../../src/io/results.js';
import { formatSummary } from '../../src/research/format-summary.js';
import { summarize } from '../../src/research/summary.js';
import { tempDir } from '../helpers.js';
import { writeFileSync } from 'node:fs';

const FIX = join(__dirname, '../../fixtures/research');

describe('summarize the shipped fixtures by site (counts worked out by hand)', () => {
  const { records } = readResults(['results.jsonl'], FIX);
  const s = summarize(records, { by: ['site'] });
  const al = s.groups.find((g) => g.label === 'AL')!;
  const pa = s.groups.find((g) => g.label === 'PA')!;

  it('counts skipped inputs apart, never as documents without evidence', () => {
    expect(s.overall.documents).toBe(6);
    expect(s.overall.skipped).toBe(1);
    expect(al.documents).toBe(3);
    expect(al.skipped).toBe(1);
    expect(s.overall.placement['no-evidence'].n).toBe(1);
  });

  it('AL: 2 mixed, 1 antithetical; every document has a stigmatizing term', () => {
    expect(al.placement.mixed).toEqual({ n: 2, of: 3, pct: 67 });
    expect(al.placement.antithetical).toEqual({ n: 1, of: 3, pct: 33 });
    expect(al.placement.relational.n).toBe(0);
    expect(al.stigma).toEqual({ n: 3, of: 3, pct: 100 });
    expect(al.any_principle.n).toBe(2); // AL.1 (humanism, pragmatism), AL.3 (autonomy)
    expect(al.principles.humanism.n).toBe(1);
    expect(al.principles.autonomy.n).toBe(1);
    expect(al.principles.incrementalism.n).toBe(0);
    expect(al.continuum.n).toBe(3);
    expect(al.continuum.mean).toBeCloseTo(-0.3333, 3); // (0.3333 - 1 - 0.3333) / 3
    expect(al.continuum.median).toBeCloseTo(-0.3333, 4);
  });

  it('PA: relational, mixed, no-evidence; percentages add up to 100', () => {
    expect([pa.placement.relational.n, pa.placement.mixed.n, pa.placement.antithetical.n, pa.placement['no-evidence'].n]).toEqual([1, 1, 0, 1]);
    const sum = Object.values(pa.placement).reduce((a, x) => a + (x.pct ?? 0), 0);
    expect(sum).toBe(100);
    expect(pa.stigma.n).toBe(0);
    expect(pa.principles.incrementalism).toEqual({ n: 2, of: 3, pct: 67 });
    expect(pa.continuum.n).toBe(2); // PA.2 has no evidence: no continuum
    expect(pa.continuum.mean).toBeCloseTo(0.6667, 3);
  });

  it('the stigma terms table uses counted stigma matches with the entry suggestion', () => {
    const t = s.overall.terms;
    expect(t.map((x) => x.entry)).toEqual(['addict', 'junkie', 'clean']);
    expect(t[0]).toMatchObject({ matches: 2, documents: { n: 2, of: 6 }, suggest: ['person who uses drugs'] });
    expect(t[0]!.forms).toContain('addicts');
  });

  it('markdown is a pipe table with n (%) and N in each column header', () => {
    const md = formatSummary(s, 'markdown');
    expect(md).toMatch(/\| Measure \| Overall \(N = 6\) \| AL \(N = 3\) \| PA \(N = 3\) \|/);
    expect(md).toMatch(/\| Placement: mixed \| 3 \(50%\) \| 2 \(67%\) \| 1 \(33%\) \|/);
    expect(md).toMatch(/1 input was skipped/);
    const csv = formatSummary(s, 'csv');
    expect(csv.split('\n')[0]).toBe('group,site,section,measure,n,of,percent,value,note');
    expect(csv).toContain('AL,AL,placement,mixed,2,3,67,,');
  });

  it('two --by fields make combined groups; missing values are grouped as (none)', () => {
    const s2 = summarize(records, { by: ['site', 'role'] });
    expect(s2.groups.map((g) => g.label)).toContain('site=AL, role=nurse');
    const s3 = summarize(records, { by: ['ward'] });
    expect(s3.groups.map((g) => g.label)).toEqual(['(none)']);
  });
});

describe('reading results back', () => {
  it('merges shards and keeps one record per id (the later one)', () => {
    const d = tempDir();
    const lines = readFileSync(join(FIX, 'results.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(d, 'a.jsonl'), lines.slice(0, 4).join('\n') + '\n');
    writeFileSync(join(d, 'b.jsonl'), lines.slice(3).join('\n') + '\n');
    const { records, warnings } = readResults(['a.jsonl', 'b.jsonl'], d);
    expect(records).toHaveLength(lines.length);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/a\.jsonl and b\.jsonl/);
  });

  it('reads the JSON and CSV that scan writes', () => {
    const json = JSON.stringify({ tool: {}, documents: [{ id: 'x', status: 'ok', placement: 'relational', continuum: 1, principles: { autonomy: 1 }, matches: [] }] });
    expect(parseResultsText(json, 'r.json')[0]!.placement).toBe('relational');
    const csv = 'id,status,reason,words,placement,continuum,score_relational,score_antithetical,score_stigma,score_structural,humanism,autonomy,site\nd1,ok,,10,antithetical,-1,0,1,1,0,0,0,AL\nd2,skipped,empty file,,,,,,,,,,PA\n';
    const rs = parseResultsText(csv, 'r.csv');
    expect(rs[0]).toMatchObject({ id: 'd1', placement: 'antithetical', continuum: -1, meta: { site: 'AL' } });
    expect(rs[1]).toMatchObject({ status: 'skipped', reason: 'empty file' });
    const s = summarize(rs, { by: ['site'] });
    expect(s.overall.stigma.n).toBe(1);
    expect(s.overall.skipped).toBe(1);
    expect(s.overall.terms_available).toBe(false);
  });

  it('refuses what is not a results file, with the line', () => {
    expect(() => parseResultsText('{"id":"a","status":"ok"}\n{oops\n', 'r.jsonl')).toThrow(/r\.jsonl:2/);
    expect(() => parseResultsText('{"id":"a","status":"weird"}\n', 'r.jsonl')).toThrow(/status/);
  });
});
