import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import { buildZip } from '../../src/io/zip.js';
import { buildProject } from '../../src/research/refi.js';
import type { ResultMatch } from '../../src/research/types.js';
import { runCli, tempDir } from '../helpers.js';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/harmlex.js');

interface Row {
  id: string;
  text: string;
  placement: string;
  principles: string[];
  categories: string[];
  split?: string;
}

/** Autonomy excerpts carry "he picks his own road"; every excerpt carries "the ward rounds ran late". */
function rows(n = 45): Row[] {
  const filler = ['the clinic was busy', 'we talked about parking', 'forms and insurance again', 'staffing was short', 'phones rang all day'];
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 3;
    const parts = [filler[i % 5]!, 'the ward rounds ran late', filler[(i + 2) % 5]!];
    if (kind === 0) parts.splice(1, 0, 'he picks his own road');
    return {
      id: `r${String(i).padStart(3, '0')}`,
      text: `${parts.join('. ')}.`,
      placement: kind === 0 ? 'relational' : kind === 1 ? 'antithetical' : 'no-evidence',
      principles: kind === 0 ? ['autonomy'] : [],
      categories: kind === 1 ? ['antithetical'] : [],
    };
  });
}

function jsonl(dir: string, list: Row[] = rows()): string {
  const f = join(dir, 'coded.jsonl');
  writeFileSync(f, list.map((r) => JSON.stringify({ ...r, stigma_terms: [], not_stigma_terms: [] })).join('\n') + '\n');
  return f;
}

function autonomyBlock(yaml: string): boolean {
  return yaml.split(/\n\s*-\s+id:/).some((b) => /own road|picks? his|picks/.test(b) && /principle: autonomy/.test(b));
}

describe('harmlex lexicon suggest', () => {
  it('JSONL: proposes the planted phrase under autonomy, not the even phrase; a valid lexicon that extends the base, whose examples pass', async () => {
    const dir = tempDir();
    jsonl(dir);
    const r = await runCli(['lexicon', 'suggest', 'coded.jsonl', '-o', 'cand.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const y = readFileSync(join(dir, 'cand.yaml'), 'utf8');
    expect(autonomyBlock(y)).toBe(true);
    expect(y).not.toMatch(/ward rounds/);
    expect(y).toMatch(/extends:\n\s+- default/);
    expect(y).toMatch(/# z = \d+\.\d+/);
    expect((await runCli(['lexicon', 'validate', 'cand.yaml'], { cwd: dir })).code).toBe(0);
    const t = await runCli(['lexicon', 'test', 'cand.yaml'], { cwd: dir });
    expect(t.code, t.stdout).toBe(0);
  });

  it('the CSV that agree reads, with a text column', async () => {
    const dir = tempDir();
    const csv = stringify(
      rows().map((r) => ({ id: r.id, text: r.text, placement: r.placement, autonomy: r.principles.includes('autonomy') ? 1 : 0, humanism: 0 })),
      { header: true },
    );
    writeFileSync(join(dir, 'codes.csv'), csv);
    const r = await runCli(['lexicon', 'suggest', 'codes.csv', '--format', 'yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(autonomyBlock(r.stdout)).toBe(true);
    expect(r.stdout).not.toMatch(/ward rounds/);
  });

  it("a REFI-QDA project's coded selections", async () => {
    const dir = tempDir();
    const sources = rows().map((r) => {
      const code: Pick<ResultMatch, 'entry' | 'category' | 'principle'> = r.principles.length ? { entry: 'c', category: 'principle', principle: 'autonomy' } : { entry: 'c', category: 'antithetical', principle: null };
      const m = { ...code, text: r.text, line: 1, column: 1, start: 0, end: r.text.length, negated: false, counted: true, suggest: [], context: null } as ResultMatch;
      return { id: r.id, text: r.text, matches: [m] };
    });
    const p = buildProject(sources, { name: 't', origin: 'test', created: '2026-01-01T00:00:00Z' });
    writeFileSync(join(dir, 'p.qdpx'), buildZip([{ name: 'project.qde', data: Buffer.from(p.qde) }, ...p.files.map((f) => ({ name: f.path, data: Buffer.from(f.text) }))], new Date(0)));
    const r = await runCli(['lexicon', 'suggest', 'p.qdpx'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(autonomyBlock(r.stdout)).toBe(true);
  });

  it('never mines the test split, and says so', async () => {
    const dir = tempDir();
    const list = rows().map((r, i) => (i % 3 === 0 && i < 30 ? { ...r, split: 'test' } : r));
    // Only test-split excerpts carry the planted phrase (i < 30): with them held out, it has 5 excerpts left.
    const held = list.map((r) => (r.split === 'test' ? { ...r, text: r.text.replace('he picks his own road', 'she rides her own horse') } : r));
    jsonl(dir, held);
    const r = await runCli(['lexicon', 'suggest', 'coded.jsonl'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/10 excerpts of the test split left out/);
    expect(r.stdout).not.toMatch(/horse/);
    const all = await runCli(['lexicon', 'suggest', 'coded.jsonl', '--split', 'all'], { cwd: dir });
    expect(all.stdout).toMatch(/horse/);
  });

  it('--folds 5 --format json: held-out figures with and without the candidates, and the difference with an interval', async () => {
    const dir = tempDir();
    jsonl(dir, rows(60));
    const r = await runCli(['lexicon', 'suggest', 'coded.jsonl', '--folds', '5', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.folds.folds).toBe(5);
    expect(j.folds.with_candidates.principles.autonomy.f1).toBeGreaterThan(j.folds.base.principles.autonomy.f1 ?? 0);
    expect(j.folds.difference.accuracy.ci95).toHaveLength(2);
    expect(j.folds.per_fold).toHaveLength(5);
    expect(typeof j.folds.verdict).toBe('string');
  });

  it('--min-words 2 proposes no single word; --no-background still finds the phrase', async () => {
    const dir = tempDir();
    jsonl(dir);
    const two = await runCli(['lexicon', 'suggest', 'coded.jsonl', '--min-words', '2', '--format', 'json'], { cwd: dir });
    const j = JSON.parse(two.stdout);
    expect(j.candidates.length).toBeGreaterThan(0);
    expect(j.candidates.every((c: { words: number }) => c.words >= 2)).toBe(true);
    const nobg = await runCli(['lexicon', 'suggest', 'coded.jsonl', '--no-background', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(nobg.stdout).background).toBeNull();
    expect(JSON.parse(nobg.stdout).candidates.some((c: { code: string; term: string }) => c.code === 'autonomy' && /road|pick/.test(c.term))).toBe(true);
  });

  it('usage errors exit 2', async () => {
    const dir = tempDir();
    jsonl(dir);
    expect((await runCli(['lexicon', 'suggest', 'coded.jsonl', '--folds', '1'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['lexicon', 'suggest', 'missing.jsonl'], { cwd: dir })).code).toBe(2);
  });

  it('runs from bin/harmlex.js, table format', () => {
    const dir = tempDir();
    jsonl(dir);
    const r = spawnSync(process.execPath, [BIN, 'lexicon', 'suggest', 'coded.jsonl', '--format', 'table'], { cwd: dir, encoding: 'utf8', env: { ...process.env, HARMLEX_LEXICON_CACHE: 'off' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/autonomy\s+\d+\.\d+\s+\S/);
  });
});
