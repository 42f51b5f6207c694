import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/harmlex.js');

const CODED = [
  { id: 'c1', text: 'He is an addict and always drug seeking.', placement: 'antithetical', principles: [], categories: ['stigma', 'antithetical'], stigma_terms: ['addict'], not_stigma_terms: [], split: 'dev' },
  { id: 'c2', text: 'We meet people where they are, and it is her choice.', placement: 'relational', principles: ['individualism', 'autonomy'], categories: [], stigma_terms: [], not_stigma_terms: [], split: 'test' },
  { id: 'c3', text: 'We hand out clean syringes at the front desk.', placement: 'no-evidence', principles: [], categories: ['structural'], stigma_terms: [], not_stigma_terms: ['clean syringes'], split: 'dev' },
  { id: 'c4', text: 'The weather was fine and the clinic opened at nine.', placement: 'relational', principles: ['humanism'], categories: [], stigma_terms: [], not_stigma_terms: [], split: 'test' },
];

function codedFile(rows: object[] = CODED): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, 'coded.jsonl');
  writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return { dir, file };
}

describe('harmlex eval', () => {
  it('JSON: accuracy, confusion and kappa; exit 0', async () => {
    const { dir } = codedFile();
    const r = await runCli(['eval', 'coded.jsonl', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.placement.accuracy).toBe(0.75);
    expect(j.placement.confusion.labels).toEqual(['relational', 'mixed', 'antithetical', 'no-evidence']);
    expect(typeof j.placement.kappa).toBe('number');
    expect(j.stigma_terms).toMatchObject({ coded: 1, found: 1 });
    expect(j.traps).toMatchObject({ coded: 1, flagged: 0 });
    expect(j.disagreement_count).toBe(1);
    expect(j.disagreements).toBeUndefined();
  });

  it('an id given in two files is exit 2 at file:line, naming where it was first', async () => {
    const { dir } = codedFile();
    writeFileSync(join(dir, 'more.jsonl'), `${JSON.stringify({ ...CODED[0], id: 'c9' })}\n${JSON.stringify(CODED[2])}\n`);
    const r = await runCli(['eval', 'coded.jsonl', 'more.jsonl'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('more.jsonl:2: id "c3" is also in coded.jsonl:3');
  });

  it('--misses lists every disagreement with its evidence (table, markdown, json)', async () => {
    const { dir } = codedFile();
    const t = await runCli(['eval', 'coded.jsonl', '--misses', '--format', 'table'], { cwd: dir });
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/c4: differs in placement, humanism/);
    expect(t.stdout).toMatch(/evidence: no matches/);
    const md = await runCli(['eval', 'coded.jsonl', '--misses', '--format', 'markdown'], { cwd: dir });
    expect(md.stdout).toMatch(/^# harmlex eval/);
    expect(md.stdout).toMatch(/## Disagreements[\s\S]*c4: differs/);
    const j = JSON.parse((await runCli(['eval', 'coded.jsonl', '--misses', '-f', 'json'], { cwd: dir })).stdout);
    expect(j.disagreements.map((d: { id: string }) => d.id)).toEqual(['c4']);
  });

  it('says how far harmlex got on what it missed (table, markdown, json, and per disagreement)', async () => {
    const { dir } = codedFile();
    const t = await runCli(['eval', 'coded.jsonl', '--misses', '--format', 'table'], { cwd: dir });
    expect(t.stdout).toMatch(/Missed codes: how far harmlex got\n +missed code +no-candidate +total\n +humanism +1 +1\n +placement: relational +1 +1/);
    expect(t.stdout).toMatch(/c4: differs[\s\S]*missed: +humanism \(no-candidate\), placement: relational \(no-candidate\)/);
    const md = await runCli(['eval', 'coded.jsonl', '--format', 'markdown'], { cwd: dir });
    expect(md.stdout).toMatch(/## Missed codes: how far harmlex got[\s\S]*\| humanism \| 1 \| 1 \|/);
    const j = JSON.parse((await runCli(['eval', 'coded.jsonl', '-f', 'json'], { cwd: dir })).stdout);
    expect(j.miss_stages).toEqual({ humanism: { 'no-candidate': 1 }, 'placement: relational': { 'no-candidate': 1 } });
  });

  it('--no-context keeps excerpt text out of the report', async () => {
    const { dir } = codedFile([{ ...CODED[0], placement: 'relational', text: 'He is an addict, secretword.' }]);
    for (const f of ['json', 'table', 'markdown']) {
      const r = await runCli(['eval', 'coded.jsonl', '--misses', '--no-context', '-f', f], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/c1/);
      expect(r.stdout).not.toMatch(/secretword|He is an/);
    }
    expect((await runCli(['eval', 'coded.jsonl', '--misses', '-f', 'json'], { cwd: dir })).stdout).toMatch(/secretword/);
  });

  it('--split picks the dev or test rows', async () => {
    const { dir } = codedFile();
    const j = JSON.parse((await runCli(['eval', 'coded.jsonl', '--split', 'test', '-f', 'json'], { cwd: dir })).stdout);
    expect(j.excerpts).toBe(2);
    expect(j.placement.accuracy).toBe(0.5);
    const none = await runCli(['eval', 'coded.jsonl', '--split', 'dev'], { cwd: codedFile(CODED.slice(1, 2)).dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no excerpts with "split": "dev"/);
  });

  it('bad input: exit 2 with file:line for every problem; usage errors exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.jsonl'), '{"id":"a","text":"x","placement":"good"}\n\nnot json\n');
    const r = await runCli(['eval', 'bad.jsonl'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:1: "a": placement "good"/);
    expect(r.stderr).toMatch(/bad\.jsonl:3: not valid JSON/);
    expect((await runCli(['eval', 'missing.jsonl'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['eval', 'bad.jsonl', '--split', 'train'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['eval'], { cwd: dir })).code).toBe(2);
    writeFileSync(join(dir, 'x.txt'), 'hello');
    expect((await runCli(['eval', 'x.txt'], { cwd: dir })).stderr).toMatch(/unknown coded-excerpt format/);
  });

  it('reads the CSV agree reads, with the texts in files named by id (fixtures/eval)', async () => {
    const r = await runCli(['eval', 'fixtures/eval/codes.csv', '-f', 'json'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.excerpts).toBe(40);
    expect(j.placement.n).toBe(40);
    expect(j.principles.humanism.n).toBe(40);
    expect(j.categories.stigma.n).toBe(40);
    expect(j.categories.structural.n).toBe(0);
    // agree, on the same texts and codes, gives the same placement kappa: one implementation.
    const d = tempDir();
    await runCli(['scan', 'fixtures/eval/docs', '-f', 'jsonl', '-o', join(d, 'r.jsonl')], { cwd: ROOT });
    const agree = JSON.parse((await runCli(['agree', join(d, 'r.jsonl'), '--gold', 'fixtures/eval/codes.csv', '-f', 'json'], { cwd: ROOT })).stdout);
    const placement = agree.comparisons[0].codes.find((c: { code: string }) => c.code === 'placement');
    expect(j.placement.kappa).toBe(placement.kappa);
    expect(100 * j.placement.accuracy).toBeCloseTo(placement.percent_agreement, 2);
  });

  it('a CSV row without a text: exit 2 naming its line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'codes.csv'), 'id,placement,humanism\nA1,relational,1\n');
    const r = await runCli(['eval', 'codes.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/codes\.csv:2: "A1": no text/);
    writeFileSync(join(dir, 'A1.txt'), 'We treat everyone with dignity.');
    expect((await runCli(['eval', 'codes.csv'], { cwd: dir })).code).toBe(0);
  });

  it('reads a REFI-QDA project written by export-qdpx (spawned bin)', () => {
    const d = tempDir();
    cpSync(join(ROOT, 'fixtures/research'), d, { recursive: true });
    const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000', HARMLEX_LEXICON_CACHE: 'off' };
    const ex = spawnSync(process.execPath, [BIN, 'export-qdpx', 'results.jsonl', 'docs', '-o', 'p.qdpx', '-l', 'lexicon.yaml'], { cwd: d, encoding: 'utf8', env });
    expect(ex.status, ex.stderr).toBe(0);
    const r = spawnSync(process.execPath, [BIN, 'eval', 'p.qdpx', '-l', 'lexicon.yaml', '-f', 'json'], { cwd: d, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const selections = Number(/(\d+) coded selection/.exec(ex.stderr)![1]);
    expect(selections).toBeGreaterThan(0);
    expect(j.excerpts).toBeGreaterThan(0);
    expect(j.excerpts).toBeLessThanOrEqual(selections);
    // The lexicon that coded the selections finds them again.
    expect(j.placement.accuracy).toBe(1);
    expect(j.stigma_terms.recall).toBe(1);
  });
});
