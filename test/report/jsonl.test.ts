/**
 * The record object is built by assignment for speed; it must serialize exactly as the plain
 * description of the public shape below (key order, optional keys, pass-through fields) does, for
 * every kind of record.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeDocument, skippedResult, type DocumentResult, type RecordResult } from '../../src/analyze.js';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
import { recordJson } from '../../src/report/jsonl.js';

const KNOWN = new Set(['id', 'source', 'meta', 'status', 'words', 'placement', 'continuum', 'scores', 'counts', 'rates', 'principles', 'principles_present', 'matches']);

/** The public record shape, written plainly (docs/output.md): the reference for recordJson. */
function recordObject(r: RecordResult): Record<string, unknown> {
  if (r.status === 'skipped') return { id: r.id, ...(r.source !== undefined ? { source: r.source } : {}), ...(r.meta ? { meta: r.meta } : {}), status: r.status, reason: r.reason };
  const extra = Object.fromEntries(Object.entries(r).filter(([k, v]) => !KNOWN.has(k) && v !== undefined));
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
    ...extra,
    matches: r.matches.map((m) => ({
      entry: m.entry, category: m.category, principle: m.principle, group: m.group, text: m.text, line: m.line, column: m.column, start: m.start, end: m.end,
      negated: m.negated, cue: m.cue, mention: m.mention, counted: m.counted, weight: m.weight, severity: m.severity, suggest: m.suggest, context: m.context,
      ...(m.attributed ? { attributed: true } : {}),
      ...(m.speaker !== undefined ? { speaker: m.speaker } : {}),
      ...(m.time !== undefined ? { time: m.time } : {}),
      ...(m.document !== undefined ? { document: m.document } : {}),
    })),
  };
}

const root = new URL('../../', import.meta.url).pathname;

describe('recordJson', async () => {
  const { compiled } = await loadDefaultLexicon();
  const docs = readdirSync(`${root}fixtures/docs`).map((f) => ({ id: f, text: readFileSync(`${root}fixtures/docs/${f}`, 'utf8') }));
  const transcript = readFileSync(`${root}fixtures/inputs/transcript.txt`, 'utf8');

  it('is JSON.stringify(recordObject(r)) for documents with and without context, speakers, metadata and sources', () => {
    const records: RecordResult[] = [
      ...docs.map((d) => analyzeDocument({ ...d, source: `fixtures/docs/${d.id}` }, compiled)),
      ...docs.map((d) => analyzeDocument(d, compiled, { noContext: true })),
      analyzeDocument({ id: 't', text: transcript, meta: { site: 'AB', participant: '7' } }, compiled, { speakers: { exclude: ['Interviewer'] } }),
      { ...(analyzeDocument({ id: 'unit', text: transcript }, compiled) as DocumentResult), sources: ['a.txt', 'b.txt'] },
    ];
    let matches = 0;
    for (const r of records) {
      expect(recordJson(r), r.id).toBe(JSON.stringify(recordObject(r)));
      if (r.status === 'ok') matches += r.matches.length;
    }
    expect(matches).toBeGreaterThan(20);
    expect(records.some((r) => 'speakers' in r)).toBe(true);
  });

  it('leaves out what JSON.stringify leaves out (undefined fields), and writes skips and empty documents', () => {
    const base = analyzeDocument({ id: 'x', text: 'He is an addict, she said; I offer naloxone.' }, compiled) as DocumentResult;
    const odd: DocumentResult = {
      ...base,
      source: undefined,
      meta: {},
      extra: undefined,
      matches: base.matches.map((m, i) => ({ ...m, principle: i === 0 ? (undefined as unknown as null) : m.principle, speaker: i === 0 ? null : undefined, time: i === 0 ? '00:01' : undefined })),
    } as DocumentResult;
    const empty = analyzeDocument({ id: 'e', text: '' }, compiled);
    const skipped = skippedResult({ id: 's', source: 's.txt', reason: 'binary file', meta: { a: '1' } });
    for (const r of [odd, empty, skipped]) expect(recordJson(r), r.id).toBe(JSON.stringify(recordObject(r)));
    expect(base.matches.length).toBeGreaterThan(1);
  });
});

describe('recordJson on odd values', () => {
  it('writes numbers, NaN, infinities, booleans and nulls as JSON.stringify does', () => {
    const r = { id: 'n', status: 'ok', words: 0, placement: 'no-evidence', continuum: null, scores: { relational: NaN }, counts: {}, rates: { a: Infinity }, principles: {}, principles_present: -0, weird: () => 1, matches: [{ entry: 'e', line: NaN, column: -Infinity, start: 1e21, end: 0.1 + 0.2, negated: true, mention: false, cue: null }] } as unknown as RecordResult;
    expect(recordJson(r)).toBe(JSON.stringify(recordObject(r)));
  });
});
