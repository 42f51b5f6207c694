import { describe, expect, it } from 'vitest';
import { analyzeDocument, type DocumentResult, type RecordResult } from '../../src/analyze.js';
import { groupRecords } from '../../src/io/group.js';
import { compilePathMeta, metaFromPath, type PathMeta } from '../../src/io/meta.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

const compiled = compileYaml(
  lexiconYaml(`  - id: addict
    category: stigma
    terms: [addict]
    source: test
  - id: meet
    category: principle
    principle: individualism
    terms: [meet people where they are]
`),
);
const placement = compiled.lexicon.settings.placement;

async function collect(it: AsyncIterable<RecordResult>): Promise<RecordResult[]> {
  const out: RecordResult[] = [];
  for await (const r of it) out.push(r);
  return out;
}

async function* stream(rs: RecordResult[]): AsyncGenerator<RecordResult> {
  yield* rs;
}

describe('--group-by', () => {
  const doc = (id: string, text: string, meta: Record<string, string>) => analyzeDocument({ id, text, meta }, compiled);

  it('one unit per value, scored from summed evidence, with its sources and shared metadata', async () => {
    const records = [
      doc('a', 'She is an addict.', { participant: 'P1', site: 'X' }),
      doc('b', 'We meet people where they are.', { participant: 'P2', site: 'X' }),
      { id: 'bad', status: 'skipped', reason: 'binary' } as RecordResult,
      doc('c', 'We meet people where they are.', { participant: 'P1', site: 'Y' }),
    ];
    const out = await collect(groupRecords(stream(records), { field: 'participant', placement }));
    expect(out.map((r) => r.id)).toEqual(['P1', 'P2', 'bad']);
    const p1 = out[0] as DocumentResult;
    expect(p1.sources).toEqual(['a', 'c']);
    expect(p1.placement).toBe('mixed');
    expect(p1.words).toBe(4 + 6);
    expect(p1.meta).toEqual({ participant: 'P1' }); // site differs: not kept
    expect((out[1] as DocumentResult).meta).toEqual({ participant: 'P2', site: 'X' });
    expect(p1.matches.map((m) => m.document)).toEqual(['a', 'c']);
  });

  it('a document without the field is a unit of its own, and is told about', async () => {
    const missing: string[] = [];
    const out = await collect(groupRecords(stream([doc('a', 'x', {}), doc('b', 'y', { site: '' })]), { field: 'site', placement, onMissing: (r) => missing.push(r.id) }));
    expect(out.map((r) => r.id)).toEqual(['a', 'b']);
    expect(missing).toEqual(['a', 'b']);
  });

  it('speakers are combined across documents by name', async () => {
    const a = analyzeDocument({ id: 'a', text: 'I: hi\nNurse Kim: she is an addict\n', meta: { g: '1' } }, compiled, { speakers: { exclude: ['I'] } });
    const b = analyzeDocument({ id: 'b', text: 'I: hi\nNURSE KIM: we meet people where they are\n', meta: { g: '1' } }, compiled, { speakers: { exclude: ['I'] } });
    const [u] = (await collect(groupRecords(stream([a, b]), { field: 'g', placement }))) as DocumentResult[];
    expect(u!.speakers).toEqual([
      { speaker: 'I', turns: 2, excluded: true, words: 2 },
      expect.objectContaining({ speaker: 'Nurse Kim', turns: 2, placement: 'mixed' }),
    ]);
  });
});

describe('--meta-from-path', () => {
  const m = compilePathMeta('(?<site>[A-Z]{2})\\.(?<participant>\\d+)') as PathMeta;

  it('fills named groups, preferring the part of the path nearest the file', () => {
    expect(m.keys).toEqual(['site', 'participant']);
    expect(metaFromPath('data/AB.1/PA.7.txt', m)).toEqual({ site: 'PA', participant: '7' });
    expect(metaFromPath('data/AB.1/notes.txt', m)).toEqual({ site: 'AB', participant: '1' });
    expect(metaFromPath('data/x.txt', m)).toBeNull();
  });

  it('refuses patterns without named groups, and unsafe ones', () => {
    expect(compilePathMeta('\\d+')).toMatch(/named group/);
    expect(compilePathMeta('(?<a>(x+)+)')).toMatch(/nested quantifiers/);
    expect(compilePathMeta('(?<a>[)')).toMatch(/invalid regular expression/);
  });
});

describe('speakers in a document result', () => {
  it('scores only kept turns, lists every speaker, and marks matches with their speaker', () => {
    const r = analyzeDocument({ id: 'd', text: 'Interviewer: is she an addict?\nHCW: we meet people where they are.\n' }, compiled, { speakers: { exclude: ['interviewer'] } });
    expect(r.placement).toBe('relational');
    expect(r.words).toBe(6);
    expect(r.matches.map((m) => [m.entry, m.speaker, m.line])).toEqual([['meet', 'HCW', 2]]);
    expect(r.speakers).toEqual([
      { speaker: 'Interviewer', turns: 1, excluded: true, words: 4 },
      expect.objectContaining({ speaker: 'HCW', turns: 1, words: 6, placement: 'relational' }),
    ]);
  });

  it('--speaker keeps only the named speakers; a label word is never matched', () => {
    const r = analyzeDocument({ id: 'd', text: 'Addict: hello\nP: she is an addict\n' }, compiled, { speakers: { include: ['p'] } });
    expect(r.matches.map((m) => m.line)).toEqual([2]);
  });

  it('a document without labels has no speakers', () => {
    expect(analyzeDocument({ id: 'd', text: 'She is an addict.' }, compiled).speakers).toBeUndefined();
  });

  it('the lexicon label pattern is used when no option is given', () => {
    const c = compileYaml(lexiconYaml(`  - id: addict\n    category: stigma\n    terms: [addict]\n    source: t\n`, `settings:\n  speakers:\n    label_pattern: '^(SPK\\d) -'\n`));
    const r = analyzeDocument({ id: 'd', text: 'SPK1 - an addict\nSPK2 - fine\n' }, c, { speakers: { exclude: ['spk1'] } });
    expect(r.matches).toEqual([]);
    expect(r.speakers?.map((s) => s.speaker)).toEqual(['SPK1', 'SPK2']);
  });
});
