/**
 * Time buckets for grouping: `--by note_date:month` groups documents by the month of their
 * `note_date` field. Dates are ISO (`2026-01-31`, with or without a time after it; `2026-01` for a
 * month) or the common US `MM/DD/YYYY` (`1/31/2026`). A value that is not a date goes to its own
 * group, named so. Pure.
 */
import { fieldValue, type ResultRecord } from './types.js';

export const PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];

export const NOT_A_DATE = '(not a date)';

export interface GroupField {
  /** As written: `note_date:month`. */
  spec: string;
  field: string;
  period: Period | null;
}

/** `note_date:month` -> the field and its period; a field name without a known period is taken whole. */
export function parseGroupField(spec: string): GroupField {
  const i = spec.lastIndexOf(':');
  if (i > 0) {
    const p = spec.slice(i + 1).toLowerCase();
    if ((PERIODS as readonly string[]).includes(p)) return { spec, field: spec.slice(0, i), period: p as Period };
  }
  return { spec, field: spec, period: null };
}

/** A problem with a grouping spec (`:fortnight`), or null. */
export function groupFieldProblem(spec: string): string | null {
  const i = spec.lastIndexOf(':');
  if (i <= 0) return null;
  const p = spec.slice(i + 1);
  if (/^[a-z]+$/i.test(p) && !(PERIODS as readonly string[]).includes(p.toLowerCase())) return `${spec}: unknown period "${p}" (${PERIODS.join(', ')})`;
  return null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A date value as [year, month, day] (UTC calendar), or null. Day is null for a month (`2026-01`). */
export function parseDate(value: string): [number, number, number | null] | null {
  const v = value.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])/.exec(v);
  let y: number, mo: number, d: number | null;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:$|[T\s,])/.exec(v))) [y, mo, d] = [Number(m[3]), Number(m[1]), Number(m[2])];
  else if ((m = /^(\d{4})-(\d{1,2})$/.exec(v))) [y, mo, d] = [Number(m[1]), Number(m[2]), null];
  else return null;
  if (mo < 1 || mo > 12) return null;
  if (d !== null) {
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  }
  return [y, mo, d];
}

/** ISO 8601 week: `2026-W05` (the year is the week's, which may differ from the date's near new year). */
function isoWeek(y: number, mo: number, d: number): string {
  const t = new Date(Date.UTC(y, mo - 1, d));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow); // the Thursday of its week
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${pad(week)}`;
}

/** The bucket of a date value: `2026-01-31`, `2026-W05`, `2026-01`, `2026-Q1`, `2026`; NOT_A_DATE when it is not one. */
export function bucketOf(value: string, period: Period): string {
  const p = parseDate(value);
  if (!p) return NOT_A_DATE;
  const [y, mo, d] = p;
  switch (period) {
    case 'year':
      return String(y);
    case 'quarter':
      return `${y}-Q${Math.floor((mo - 1) / 3) + 1}`;
    case 'month':
      return `${y}-${pad(mo)}`;
    case 'week':
      return d === null ? NOT_A_DATE : isoWeek(y, mo, d);
    case 'day':
      return d === null ? NOT_A_DATE : `${y}-${pad(mo)}-${pad(d)}`;
  }
}

/** A record's value for a grouping spec (`site`, `meta.site`, `note_date:month`), or undefined. */
export function groupValue(r: ResultRecord, spec: string | GroupField): string | undefined {
  const g = typeof spec === 'string' ? parseGroupField(spec) : spec;
  const v = fieldValue(r, g.field);
  if (v === undefined || g.period === null) return v;
  return bucketOf(v, g.period);
}
