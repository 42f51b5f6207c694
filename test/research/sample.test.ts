import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { readResults } from '../../src/io/results.js';
import { MatchesCollector } from '../../src/research/matches.js';
import { fnv1a as hash32 } from '../../src/fnv.js';
import { drawSample, mulberry32, sampleCsv, sampleMatches } from '../../src/research/sample.js';
import type { ResultRecord } from '../../src/research/types.js';

const FIX = join(__dirname, '../../fixtures/research');
const { records } = readResults(['results.jsonl'], FIX);

function fakeRecords(n: number): ResultRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `d${String(i).padStart(3, '0')}`,
    status: 'ok' as const,
    matches: [
      { entry: 'addict', category: 'stigma' as const, principle: null, text: 'addict', line: 1, column: 1, start: 0, end: 6, negated: false, counted: true, suggest: [], context: null },
      { entry: 'clean', category: 'stigma' as const, principle: null, text: 'clean', line: 1, column: 9, start: 8, end: 13, negated: i % 2 === 0, counted: i % 2 !== 0, suggest: [], context: null },
    ],
  }));
}

describe('seeded sampling', () => {
  it('mulberry32 is deterministic and differs by seed', () => {
    const a = mulberry32(hash32('7'));
    const b = mulberry32(hash32('7'));
    const c = mulberry32(hash32('8'));
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws k distinct items, or all when there are fewer', () => {
    const s = drawSample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4, mulberry32(1));
    expect(new Set(s).size).toBe(4);
    expect(drawSample([1, 2], 5, mulberry32(1))).toEqual([1, 2]);
  });

  it('same seed, same sample, whatever the order of the records; another seed, another sample', () => {
    const rs = fakeRecords(40);
    const s1 = sampleMatches(rs, { perEntry: 5, seed: 'study-1' }).map((x) => `${x.id}:${x.match.entry}`);
    const s2 = sampleMatches([...rs].reverse(), { perEntry: 5, seed: 'study-1' }).map((x) => `${x.id}:${x.match.entry}`);
    const s3 = sampleMatches(rs, { perEntry: 5, seed: 'study-2' }).map((x) => `${x.id}:${x.match.entry}`);
    expect(s1).toEqual(s2);
    expect(s1).not.toEqual(s3);
    expect(s1.filter((x) => x.endsWith(':addict'))).toHaveLength(5);
  });

  it('samples counted matches only unless asked', () => {
    const rs = fakeRecords(6);
    const counted = sampleMatches(rs, { perEntry: 10, seed: '1' }).filter((x) => x.match.entry === 'clean');
    expect(counted).toHaveLength(3);
    expect(sampleMatches(rs, { perEntry: 10, seed: '1', includeUncounted: true }).filter((x) => x.match.entry === 'clean')).toHaveLength(6);
  });

  it('writes an adjudication sheet with an empty verdict column and the entry population', () => {
    const rows = sampleMatches(records, { perEntry: 1, seed: '1', categories: ['stigma'] });
    expect(rows.map((r) => r.match.entry)).toEqual(['addict', 'clean', 'junkie']);
    const csv = parse(sampleCsv(rows), { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(3);
    expect(csv.every((r) => r.verdict === '')).toBe(true);
    expect(csv[0]).toMatchObject({ sample_id: '1', entry: 'addict', entry_matches: '2' });
  });
});

describe('matches file', () => {
  it('CSV: one row per match with metadata columns after the id', () => {
    const c = new MatchesCollector('csv');
    for (const r of records) c.add(r);
    const rows = parse(c.text(), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['id', 'site', 'pid', 'role', 'entry', 'category', 'principle', 'text', 'line', 'column', 'start', 'end', 'negated', 'counted', 'suggest', 'context']);
    expect(rows).toHaveLength(c.count);
    expect(rows[0]).toMatchObject({ id: 'docs/AL.1.txt', site: 'AL', entry: 'addict', start: '10', end: '16', negated: 'false' });
  });
  it('JSONL: one object per match', () => {
    const c = new MatchesCollector('jsonl');
    for (const r of records) c.add(r);
    const first = JSON.parse(c.text().split('\n')[0]!);
    expect(first).toMatchObject({ id: 'docs/AL.1.txt', meta: { site: 'AL' }, entry: 'addict', line: 1, column: 11 });
  });
});
