import { csvStringifySync } from '../lazy.js';
import { safeCsvOptions } from '../csv-safe.js';

const stringify: typeof import('csv-stringify/sync').stringify = (...args) => csvStringifySync().stringify(...args);
import type { RecordResult } from '../analyze.js';
import { CSV_COLUMNS, CSV_SCORE_KEYS as SCORE_KEYS, PRINCIPLES } from '../types.js';
import type { Formatter, ReportContext } from './types.js';

export { CSV_COLUMNS };

const TOP_TERMS = 5;

/** "addict (2); dirty (1)": the most frequent counted matches, by lower-cased text. */
export function topTerms(r: RecordResult, n = TOP_TERMS): string {
  if (r.status !== 'ok') return '';
  const counts = new Map<string, number>();
  for (const m of r.matches) {
    if (!m.counted) continue;
    const k = m.text.toLowerCase().replace(/\s+/g, ' ');
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([t, c]) => `${t} (${c})`)
    .join('; ');
}

export function csvRow(r: RecordResult, ctx: ReportContext): (string | number)[] {
  const meta = ctx.metaKeys.map((k) => r.meta?.[k] ?? '');
  if (r.status === 'skipped') return [r.id, 'skipped', r.reason, ...new Array<string>(CSV_COLUMNS.length - 3).fill(''), ...meta];
  return [
    r.id,
    'ok',
    '',
    r.words,
    r.placement,
    r.continuum ?? '',
    ...SCORE_KEYS.map((k) => r.scores[k]),
    ...SCORE_KEYS.map((k) => r.rates[k]),
    ...PRINCIPLES.map((p) => r.principles[p]),
    r.principles_present,
    r.matches.filter((m) => m.counted).length,
    topTerms(r),
    ...meta,
  ];
}

export const csvFormatter: Formatter = {
  name: 'csv',
  machine: true,
  begin: (ctx) => (ctx.noHeader ? '' : csvHeader(ctx)),
  record: (r, ctx) => stringify([csvRow(r, ctx)], safeCsvOptions({}, { raw: ctx.csvRaw === true })),
  end: () => '',
};

function csvHeader(ctx: ReportContext): string {
  return stringify([[...CSV_COLUMNS, ...ctx.metaKeys.filter((k) => !(CSV_COLUMNS as readonly string[]).includes(k))]], safeCsvOptions({}, { raw: ctx.csvRaw === true }));
}
