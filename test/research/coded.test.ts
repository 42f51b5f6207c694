import { describe, expect, it } from 'vitest';
import { codeMeaning, parseCodedCsv, parseCodedJsonl, parseQde, parseXml, placementFromCodes } from '../../src/research/coded.js';
import { buildProject } from '../../src/research/refi.js';
import { analyzeDocument } from '../../src/analyze.js';
import { compileYaml, lexiconYaml } from '../helpers.js';

describe('parseCodedJsonl', () => {
  it('reads the corpus format, keeping other fields as meta', () => {
    const line = JSON.stringify({ id: 'a-1', text: 'T', placement: 'No evidence', principles: ['Humanism', 'accountability_without_termination'], categories: ['structural'], stigma_terms: [], not_stigma_terms: ['clean syringes'], rationale: 'r', constructed: false, split: 'Dev' });
    const { excerpts, problems } = parseCodedJsonl(`\n${line}\n`, 'c.jsonl');
    expect(problems).toEqual([]);
    expect(excerpts).toEqual([
      { id: 'a-1', text: 'T', placement: 'no-evidence', principles: ['humanism', 'accountability'], categories: ['structural'], stigmaTerms: [], notStigmaTerms: ['clean syringes'], split: 'dev', meta: { rationale: 'r', constructed: 'false' } },
    ]);
  });

  it('reports each bad line with file:line and leaves it out', () => {
    const text = ['{"id":"x","text":"a","placement":"rel"}', 'not json', '{"id":"y"}', '{"id":"z","text":"b","principles":["kindness"]}', '{"id":"x","text":"c"}'].join('\n');
    const { excerpts, problems } = parseCodedJsonl(text, 'c.jsonl');
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual(['c.jsonl:1', 'c.jsonl:2', 'c.jsonl:3', 'c.jsonl:4', 'c.jsonl:5']);
    expect(problems[0]!.message).toMatch(/placement "rel" is not one of/);
    expect(problems[3]!.message).toMatch(/"kindness" is not a principle/);
    expect(problems[4]!.message).toMatch(/id "x" appears twice \(first on line 1\)/);
    expect(excerpts.map((e) => e.id)).toEqual(['x', 'z']);
  });
});

describe('parseCodedCsv (the CSV agree reads)', () => {
  const rows = [
    { id: 'AL.1', placement: 'mixed', humanism: '1', autonomy: '0', stigma: '1', note: 'n1' },
    { id: 'AL.2', placement: 'relational', humanism: '0', autonomy: '1', stigma: '0', note: '' },
  ];
  it('codes the principles that have a column, takes texts from the finder, keeps other columns as meta', () => {
    const texts: Record<string, string> = { 'AL.1': 'one', 'AL.2': 'two' };
    const { excerpts, problems } = parseCodedCsv(rows, 'codes.csv', (id) => texts[id]);
    expect(problems).toEqual([]);
    expect(excerpts[0]).toEqual({ id: 'AL.1', text: 'one', placement: 'mixed', principles: ['humanism'], categories: ['stigma'], stigmaTerms: [], notStigmaTerms: [], meta: { note: 'n1' }, scope: { principles: ['humanism', 'autonomy'], categories: ['stigma'] } });
    expect(excerpts[1]).toMatchObject({ principles: ['autonomy'], categories: [] });
  });
  it('a text column wins; a row without text is a problem with its line', () => {
    const { excerpts, problems } = parseCodedCsv([{ ...rows[0]!, text: 'inline' }, { ...rows[1]!, text: '' }], 'codes.csv');
    expect(excerpts.map((e) => e.text)).toEqual(['inline']);
    expect(problems).toEqual([{ file: 'codes.csv', line: 3, message: expect.stringMatching(/"AL.2": no text/) }]);
  });
});

describe('REFI-QDA', () => {
  it('parseXml reads elements, attributes, entities and CDATA', () => {
    const d = parseXml('<?xml version="1.0"?><!-- c --><a x="1 &amp; 2"><b y=\'q\'/>t&lt;<![CDATA[<raw>]]></a>');
    expect(d.children[0]).toMatchObject({ name: 'a', attrs: { x: '1 & 2' }, text: 't<<raw>' });
    expect(d.children[0]!.children[0]).toMatchObject({ name: 'b', attrs: { y: 'q' } });
    expect(() => parseXml('<a><b></a>')).toThrow(/does not close/);
  });

  it('codeMeaning and placementFromCodes', () => {
    expect(codeMeaning('Accountability without termination')).toEqual({ principle: 'accountability' });
    expect(codeMeaning('Stigmatizing language')).toEqual({ category: 'stigma' });
    expect(codeMeaning('Mixed')).toEqual({ placement: 'mixed' });
    expect(codeMeaning('Weather')).toEqual({});
    expect(placementFromCodes(['humanism'], ['stigma'])).toBe('mixed');
    expect(placementFromCodes([], ['structural'])).toBe('no-evidence');
  });

  it('reads back the coded selections of a project that buildProject (export-qdpx) wrote, astral characters included', () => {
    const lex = compileYaml(lexiconYaml(`  - id: addict
    category: stigma
    terms: [addict]
  - id: choice
    category: principle
    principle: autonomy
    terms: [her choice]
`));
    const text = '😀 He is an addict.\nIt is her choice, and he is an addict.';
    const r = analyzeDocument({ id: 'doc1', text }, lex);
    const project = buildProject([{ id: 'doc1', text, placement: r.placement, continuum: r.continuum, matches: r.matches.map((m) => ({ ...m })) }], { name: 'p', origin: 'harmlex test', created: '2026-01-01T00:00:00Z' });
    const files = new Map(project.files.map((f) => [f.path.replace(/^sources\//, ''), f.text]));
    const { excerpts, problems } = parseQde(project.qde, 'p.qdpx', (p) => files.get(p));
    expect(problems).toEqual([]);
    expect(excerpts.map((e) => [e.text, e.placement, e.principles, e.categories, e.stigmaTerms])).toEqual([
      ['addict', 'antithetical', [], ['stigma'], ['addict']],
      ['her choice', 'relational', ['autonomy'], [], []],
      ['addict', 'antithetical', [], ['stigma'], ['addict']],
    ]);
    expect(excerpts[0]!.id).toBe('doc1:11-17');
  });
});
