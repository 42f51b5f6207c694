/**
 * Units of analysis: --group-by FIELD combines the documents that share a metadata value (a
 * participant, a site, an author, a unit) into one scored unit. Pure: records in, records out.
 *
 * A unit's scores are recomputed from the summed evidence of its documents (words, weighted sums,
 * counts; src/score/score.ts), not averaged, so a unit is placed as if its documents were one text.
 * Its `sources` lists the documents' ids, each match says which `document` it is from, and its
 * metadata is the field plus every field on which all its documents agree. Documents without the
 * field are units of their own; skipped inputs pass through as they are. Units come out in the
 * order of their first document.
 */
import type { DocumentResult, RecordResult, ResultMatch, SpeakerResult } from '../analyze.js';
import { addEvidence, countEvidence, emptyEvidence, scoreEvidence, type Evidence } from '../score/score.js';
import type { PlacementSettings } from '../types.js';
import { speakerKey } from '../text/speakers.js';

export interface GroupOptions {
  field: string;
  placement: PlacementSettings;
  /** Told about each document without the field. */
  onMissing?: (r: DocumentResult) => void;
}

/** Build one unit from its documents. */
export function combine(id: string, field: string, value: string, docs: readonly DocumentResult[], placement: PlacementSettings): DocumentResult {
  let evidence: Evidence = emptyEvidence();
  // A truncated document's listed matches are not all of them: its own counts are.
  for (const d of docs) evidence = addEvidence(evidence, d.truncated ? { words: d.words, scores: { ...d.scores }, counts: { ...d.counts }, principles: { ...d.principles } } : countEvidence(d.matches, d.words));
  const meta: Record<string, string> = { [field]: value };
  const first = docs[0]?.meta ?? {};
  for (const [k, v] of Object.entries(first)) if (k !== field && docs.every((d) => d.meta?.[k] === v)) meta[k] = v;
  const matches: ResultMatch[] = docs.flatMap((d) => d.matches.map((m) => ({ ...m, document: d.id })));
  const speakers = combineSpeakers(docs, placement);
  return {
    id,
    status: 'ok',
    meta,
    ...scoreEvidence(evidence, placement),
    ...(speakers ? { speakers } : {}),
    sources: docs.map((d) => d.id),
    ...(docs.some((d) => d.no_context) ? { no_context: true as const } : {}),
    matches,
  };
}

/** Speakers across a unit's documents (by name, case-insensitively), rescored from their summed evidence. */
function combineSpeakers(docs: readonly DocumentResult[], placement: PlacementSettings): SpeakerResult[] | undefined {
  if (!docs.some((d) => d.speakers)) return undefined;
  const acc = new Map<string | null, { name: string | null; turns: number; words: number; excluded: boolean; evidence: Evidence }>();
  for (const d of docs) {
    for (const s of d.speakers ?? []) {
      const key = s.speaker === null ? null : speakerKey(s.speaker);
      let a = acc.get(key);
      if (!a) acc.set(key, (a = { name: s.speaker, turns: 0, words: 0, excluded: 'excluded' in s, evidence: emptyEvidence() }));
      a.turns += s.turns;
      a.words += s.words;
      if (!('excluded' in s)) {
        const own = d.matches.filter((m) => (m.speaker == null ? null : speakerKey(m.speaker)) === key);
        a.evidence = addEvidence(a.evidence, countEvidence(own, s.words));
      }
    }
  }
  return [...acc.values()].map((a) =>
    a.excluded ? { speaker: a.name, turns: a.turns, excluded: true as const, words: a.words } : { speaker: a.name, turns: a.turns, ...scoreEvidence(a.evidence, placement) },
  );
}

export async function* groupRecords(records: AsyncIterable<RecordResult>, options: GroupOptions): AsyncGenerator<RecordResult> {
  const { field } = options;
  const order: ({ kind: 'unit'; value: string } | { kind: 'record'; record: RecordResult })[] = [];
  const units = new Map<string, DocumentResult[]>();
  for await (const r of records) {
    const value = r.status === 'ok' ? r.meta?.[field] : undefined;
    if (r.status !== 'ok' || value === undefined || value === '') {
      if (r.status === 'ok') options.onMissing?.(r);
      order.push({ kind: 'record', record: r });
      continue;
    }
    let docs = units.get(value);
    if (!docs) {
      units.set(value, (docs = []));
      order.push({ kind: 'unit', value });
    }
    docs.push(r);
  }
  for (const o of order) {
    if (o.kind === 'record') yield o.record;
    else yield combine(o.value, field, o.value, units.get(o.value)!, options.placement);
  }
}
