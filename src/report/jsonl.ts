import type { RecordResult } from '../analyze.js';
import type { Formatter } from './types.js';

/** The public record shape: stable key order, documented in the README ("Output"). */
export function recordObject(r: RecordResult): Record<string, unknown> {
  if (r.status === 'skipped') {
    return { id: r.id, ...(r.source !== undefined ? { source: r.source } : {}), ...(r.meta ? { meta: r.meta } : {}), status: r.status, reason: r.reason };
  }
  return {
    id: r.id,
    ...(r.source !== undefined ? { source: r.source } : {}),
    ...(r.meta ? { meta: r.meta } : {}),
    status: r.status,
    words: r.words,
    placement: r.placement,
    continuum: r.continuum,
    scores: r.scores,
    counts: r.counts,
    rates: r.rates,
    principles: r.principles,
    principles_present: r.principles_present,
    ...(extraFields(r)),
    matches: r.matches.map((m) => ({
      entry: m.entry,
      category: m.category,
      principle: m.principle,
      group: m.group,
      text: m.text,
      line: m.line,
      column: m.column,
      start: m.start,
      end: m.end,
      negated: m.negated,
      cue: m.cue,
      mention: m.mention,
      counted: m.counted,
      weight: m.weight,
      severity: m.severity,
      suggest: m.suggest,
      context: m.context,
      ...(m as { speaker?: string }).speaker !== undefined ? { speaker: (m as { speaker?: string }).speaker } : {},
      ...(m as { time?: string }).time !== undefined ? { time: (m as { time?: string }).time } : {},
      ...(m as { document?: string }).document !== undefined ? { document: (m as { document?: string }).document } : {},
    })),
  };
}

/** The fields `recordObject` writes itself. */
const KNOWN_FIELDS = new Set(['id', 'source', 'meta', 'status', 'words', 'placement', 'continuum', 'scores', 'counts', 'rates', 'principles', 'principles_present', 'matches']);

/** Fields that inputs and grouping add (speakers, sources of a unit): passed through as they are. */
function extraFields(r: RecordResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!KNOWN_FIELDS.has(k) && v !== undefined) out[k] = v;
  return out;
}

/** `,"key":value`, or nothing for undefined (as JSON.stringify leaves such a key out). */
function field(key: string, value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return '';
    case 'number':
      // As JSON.stringify writes numbers (NaN and infinities as null), without a call per number.
      return `,"${key}":${Number.isFinite(value) ? String(value) : 'null'}`;
    case 'boolean':
      return value ? `,"${key}":true` : `,"${key}":false`;
    default: {
      if (value === null) return `,"${key}":null`;
      const json = JSON.stringify(value) as string | undefined; // (undefined for a function, which JSON.stringify leaves out)
      return json === undefined ? '' : `,"${key}":${json}`;
    }
  }
}

/**
 * `JSON.stringify(recordObject(r))`, written directly: no copy of each record and its matches is
 * made to be serialized (this runs for every document; a test holds the two equal).
 */
export function recordJson(r: RecordResult): string {
  if (r.status === 'skipped') return JSON.stringify(recordObject(r));
  let head = `${field('id', r.id)}${field('source', r.source)}${r.meta ? field('meta', r.meta) : ''}${field('status', r.status)}`;
  head += `${field('words', r.words)}${field('placement', r.placement)}${field('continuum', r.continuum)}${field('scores', r.scores)}${field('counts', r.counts)}`;
  head += `${field('rates', r.rates)}${field('principles', r.principles)}${field('principles_present', r.principles_present)}`;
  for (const k in r) if (!KNOWN_FIELDS.has(k)) head += field(k, (r as unknown as Record<string, unknown>)[k]);
  let out = `{${head.slice(1)},"matches":[`;
  const matches = r.matches;
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i]!;
    let body = `${field('entry', m.entry)}${field('category', m.category)}${field('principle', m.principle)}${field('group', m.group)}`;
    body += `${field('text', m.text)}${field('line', m.line)}${field('column', m.column)}${field('start', m.start)}${field('end', m.end)}${field('negated', m.negated)}`;
    body += `${field('cue', m.cue)}${field('mention', m.mention)}${field('counted', m.counted)}${field('weight', m.weight)}${field('severity', m.severity)}`;
    body += `${field('suggest', m.suggest)}${field('context', m.context)}${field('speaker', m.speaker)}${field('time', m.time)}${field('document', m.document)}`;
    out += `${i === 0 ? '{' : ',{'}${body.slice(1)}}`;
  }
  return `${out}]}`;
}

export const jsonlFormatter: Formatter = {
  name: 'jsonl',
  machine: true,
  begin: () => '',
  record: (r) => `${recordJson(r)}\n`,
  end: () => '',
};
