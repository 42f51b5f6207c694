import type { RecordResult } from '../analyze.js';
import type { Formatter } from './types.js';

/** The fields `recordObject` writes itself. */
const KNOWN_FIELDS = new Set(['id', 'source', 'meta', 'status', 'words', 'placement', 'continuum', 'scores', 'counts', 'rates', 'principles', 'principles_present', 'matches']);

/**
 * The public record shape: stable key order, documented in the README ("Output"). Built by
 * assignment, in order (spreading optional parts made each record several times slower to build
 * and to serialize); fields that inputs and grouping add (speakers, sources of a unit) are passed
 * through before the matches.
 */
export function recordObject(r: RecordResult): Record<string, unknown> {
  const o: Record<string, unknown> = { id: r.id };
  if (r.source !== undefined) o.source = r.source;
  if (r.meta) o.meta = r.meta;
  o.status = r.status;
  if (r.status === 'skipped') {
    o.reason = r.reason;
    return o;
  }
  o.words = r.words;
  o.placement = r.placement;
  o.continuum = r.continuum;
  o.scores = r.scores;
  o.counts = r.counts;
  o.rates = r.rates;
  o.principles = r.principles;
  o.principles_present = r.principles_present;
  const record = r as unknown as Record<string, unknown>;
  for (const k in record) if (!KNOWN_FIELDS.has(k) && record[k] !== undefined) o[k] = record[k];
  const matches = new Array<Record<string, unknown>>(r.matches.length);
  for (let i = 0; i < matches.length; i++) {
    const m = r.matches[i]!;
    const x: Record<string, unknown> = {
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
    };
    // Present only on speech reported from others (most matches are the speaker's own).
    if (m.attributed) x.attributed = true;
    if (m.speaker !== undefined) x.speaker = m.speaker;
    if (m.time !== undefined) x.time = m.time;
    if (m.document !== undefined) x.document = m.document;
    matches[i] = x;
  }
  o.matches = matches;
  return o;
}

/** A record as one line of JSON. */
export function recordJson(r: RecordResult): string {
  return JSON.stringify(recordObject(r));
}

export const jsonlFormatter: Formatter = {
  name: 'jsonl',
  machine: true,
  begin: () => '',
  record: (r) => `${recordJson(r)}\n`,
  end: () => '',
};
