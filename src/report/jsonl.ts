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

export const jsonlFormatter: Formatter = {
  name: 'jsonl',
  machine: true,
  begin: () => '',
  record: (r) => `${JSON.stringify(recordObject(r))}\n`,
  end: () => '',
};
