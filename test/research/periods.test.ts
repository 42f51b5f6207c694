import { describe, expect, it } from 'vitest';
import { bucketOf, groupFieldProblem, parseDate, parseGroupField } from '../../src/research/periods.js';

describe('time buckets', () => {
  it.each([
    ['2026-01-31', 'month', '2026-01'],
    ['2026-01-31T23:10:00Z', 'day', '2026-01-31'],
    ['2026-01-31 08:00', 'quarter', '2026-Q1'],
    ['1/31/2026', 'month', '2026-01'],
    ['12/05/2025', 'quarter', '2025-Q4'],
    ['2026-11-02', 'year', '2026'],
    ['2026-03', 'month', '2026-03'],
    // ISO weeks: 1 January 2027 is a Friday, in the last week of 2026; 29 December 2025 is in 2026's first.
    ['2027-01-01', 'week', '2026-W53'],
    ['2025-12-29', 'week', '2026-W01'],
    ['2026-01-05', 'week', '2026-W02'],
    ['2026-02-30', 'month', '(not a date)'],
    ['31/01/2026', 'month', '(not a date)'],
    ['soon', 'year', '(not a date)'],
    ['2026-03', 'day', '(not a date)'],
  ] as const)('%s by %s -> %s', (value, period, want) => {
    expect(bucketOf(value, period)).toBe(want);
  });

  it('parses FIELD:period, leaves other colons alone, names an unknown period', () => {
    expect(parseGroupField('note_date:month')).toEqual({ spec: 'note_date:month', field: 'note_date', period: 'month' });
    expect(parseGroupField('site')).toEqual({ spec: 'site', field: 'site', period: null });
    expect(groupFieldProblem('note_date:fortnight')).toMatch(/unknown period "fortnight"/);
    expect(groupFieldProblem('note_date:month')).toBeNull();
    expect(parseDate('2026-13-01')).toBeNull();
  });
});
