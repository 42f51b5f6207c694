import { describe, expect, it } from 'vitest';
import { compareRank, rankStream } from '../../src/research/rank.js';
import { allocate, documentSampleCsv, sampleDocuments } from '../../src/research/sample-documents.js';
import type { ResultRecord } from '../../src/research/types.js';

const rec = (id: string, continuum: number | null, anti = 0, stigma = 0, rel = 0, meta: Record<string, string> = {}): ResultRecord => ({
  id,
  status: 'ok',
  continuum,
  scores: { antithetical: anti, stigma, relational: rel, structural: 0 },
  meta,
});

describe('ranking', () => {
  const rs = [rec('a', 0.5, 1, 0, 3), rec('b', -1, 4, 3), rec('c', null), rec('d', -1, 2, 5), { id: 'e', status: 'skipped' as const, reason: 'x' }];
  it.each([
    ['continuum', ['b', 'd', 'a', 'c', 'e']],
    ['antithetical', ['b', 'd', 'a', 'c', 'e']],
    ['stigma', ['d', 'b', 'a', 'c', 'e']],
    ['relational', ['a', 'b', 'c', 'd', 'e']],
  ] as const)('--sort %s', (key, want) => {
    expect([...rs].sort(compareRank(key)).map((r) => r.id)).toEqual(want);
  });

  it('rankStream keeps the first N of a long stream', async () => {
    async function* many() {
      for (let i = 0; i < 5000; i++) yield rec(`n${i}`, ((i * 7919) % 2001) / 1000 - 1, i % 13);
    }
    const top = await rankStream(many(), 'antithetical', 3);
    expect(top).toHaveLength(3);
    expect(top.every((r) => (r.scores as { antithetical?: number } | undefined)?.antithetical === 12)).toBe(true);
  });
});

describe('stratified document sample', () => {
  it('allocates equally, gives a small stratum all it has and the rest to the others; proportionally by largest remainder', () => {
    expect(allocate([100, 100, 100], 12, 'equal')).toEqual([4, 4, 4]);
    expect(allocate([100, 2, 100], 12, 'equal')).toEqual([5, 2, 5]);
    expect(allocate([100, 100, 100], 10, 'equal').reduce((a, b) => a + b)).toBe(10);
    expect(allocate([60, 30, 10], 10, 'proportional')).toEqual([6, 3, 1]);
    expect(allocate([3, 2], 10, 'equal')).toEqual([3, 2]);
  });

  it('is reproducible, independent of input order, every stratum drawn; the sheet is blind (no harmlex codes)', () => {
    const records = Array.from({ length: 90 }, (_, i) => rec(`n${String(i).padStart(3, '0')}`, -1, 3, 3, 0, { unit: ['4W', 'ED', 'ICU'][i % 3]!, mrn: `M${i}` }));
    const a = sampleDocuments(records, { n: 12, by: ['unit'], seed: 's' });
    const b = sampleDocuments([...records].reverse(), { n: 12, by: ['unit'], seed: 's' });
    expect(a.rows.map((r) => r.record.id)).toEqual(b.rows.map((r) => r.record.id));
    expect(a.strata.map((s) => [s.label, s.drawn])).toEqual([['4W', 4], ['ED', 4], ['ICU', 4]]);
    expect(sampleDocuments(records, { n: 12, by: ['unit'], seed: 't' }).rows.map((r) => r.record.id)).not.toEqual(a.rows.map((r) => r.record.id));
    const csv = documentSampleCsv(a);
    expect(csv.split('\n')[0]).toBe('sample_id,stratum,id,source,unit,mrn,placement,stigma,humanism,pragmatism,individualism,autonomy,incrementalism,accountability,note');
    expect(csv).not.toMatch(/antithetical/);
  });
});
