/**
 * --csv-raw is part of each run's resolved options, passed to the CSV writers: every command that
 * writes CSV honours it, a run does not leak it into the next (or into a run beside it, or into a
 * library call after it), and "--csv-raw" given as another option's value is that value, not the flag.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';
import { formatSummary } from '../../src/research/format-summary.js';
import { summarize } from '../../src/research/summary.js';
import type { ResultRecord } from '../../src/research/types.js';

// Cells that a spreadsheet would take for formulas, none needing CSV quotes.
const NOTES = 'id,text,site,wave\n@id1,he is an addict and we meet people where they are,@SUM(A1),-w1\n@id2,plain text,@SUM(A1),-w1\n';
const LEXICON = `harmlex: 1
name: t
version: '1'
entries:
  - id: addict
    category: stigma
    terms: [addict]
    source: '@src'
`;

let dir = '';
beforeAll(async () => {
  dir = tempDir();
  writeFileSync(join(dir, 'notes.csv'), NOTES);
  writeFileSync(join(dir, 'lex.yaml'), LEXICON);
  writeFileSync(join(dir, '=g.csv'), 'id,placement\n@id1,antithetical\n@id2,no-evidence\n');
  const scan = await runCli(['scan', 'notes.csv', '-f', 'jsonl'], { cwd: dir });
  expect(scan.code).toBe(0);
  writeFileSync(join(dir, 'r.jsonl'), scan.stdout);
});

/** Is `cell` written as it is (raw), with a leading ' (safe), or not at all? */
function written(csv: string, cell: string): 'raw' | 'safe' | 'absent' {
  const esc = cell.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`(^|,)'${esc}(,|$)`, 'm').test(csv)) return 'safe';
  if (new RegExp(`(^|,)${esc}(,|$)`, 'm').test(csv)) return 'raw';
  return 'absent';
}

interface Case {
  name: string;
  argv: string[];
  /** The CSV written: standard output, or a file the run wrote. */
  file?: string;
  cell: string;
}

const CASES: Case[] = [
  { name: 'scan -f csv', argv: ['scan', 'notes.csv', '-f', 'csv'], cell: '@SUM(A1)' },
  { name: 'scan --matches', argv: ['scan', 'notes.csv', '-f', 'jsonl', '--matches', 'm.csv'], file: 'm.csv', cell: '@SUM(A1)' },
  { name: 'scan --summary-output', argv: ['scan', 'notes.csv', '-f', 'jsonl', '--summary-by', 'site', '--summary-output', 's.csv'], file: 's.csv', cell: '@SUM(A1)' },
  { name: 'summarize', argv: ['summarize', 'r.jsonl', '-f', 'csv', '--by', 'site'], cell: '@SUM(A1)' },
  { name: 'summarize --sort', argv: ['summarize', 'r.jsonl', '-f', 'csv', '--by', 'site', '--sort', 'continuum'], cell: '@id1' },
  { name: 'summarize --rows --cols', argv: ['summarize', 'r.jsonl', '-f', 'csv', '--rows', 'site', '--cols', 'wave'], cell: '@SUM(A1)' },
  { name: 'sample --per-entry', argv: ['sample', 'r.jsonl', '--per-entry', '5'], cell: '@id1' },
  { name: 'sample --documents', argv: ['sample', 'r.jsonl', '--documents', '2'], cell: '@SUM(A1)' },
  { name: 'agree -f csv', argv: ['agree', 'r.jsonl', '--gold', '=g.csv', '-f', 'csv'], cell: '=g.csv' },
  { name: 'lexicon list -f csv', argv: ['lexicon', 'list', '-l', 'lex.yaml', '-f', 'csv'], cell: '@src' },
];

async function run(c: Case, extra: string[]): Promise<string> {
  const r = await runCli([...c.argv, ...extra], { cwd: dir });
  expect(r.code, `${c.name}: ${r.stderr}`).toBe(0);
  return c.file ? readFileSync(join(dir, c.file), 'utf8') : r.stdout;
}

describe('--csv-raw', () => {
  it.each(CASES)('$name: safe by default, raw with --csv-raw, safe again after (two runs in a row)', async (c) => {
    expect(written(await run(c, []), c.cell)).toBe('safe');
    expect(written(await run(c, ['--csv-raw']), c.cell)).toBe('raw');
    expect(written(await run(c, []), c.cell)).toBe('safe');
  });

  it('two runs at the same time, one with --csv-raw: each gets its own cells', async () => {
    const c = CASES.find((x) => x.name === 'summarize')!;
    const [raw, safe] = await Promise.all([run(c, ['--csv-raw']), run(c, [])]);
    expect(written(raw, c.cell)).toBe('raw');
    expect(written(safe, c.cell)).toBe('safe');
  });

  it('a run with --csv-raw leaves library calls after it safe', async () => {
    await run(CASES.find((x) => x.name === 'summarize')!, ['--csv-raw']);
    const records = readFileSync(join(dir, 'r.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ResultRecord);
    const csv = formatSummary(summarize(records, { by: ['site'], decimals: 0, top: 10, unit: 'documents' }), 'csv');
    expect(written(csv, '@SUM(A1)')).toBe('safe');
  });

  it('"--csv-raw" as the value of another option is that value, not the flag', async () => {
    const summary = await runCli(['summarize', 'r.jsonl', '-f', 'csv', '--by', 'site', '--unit', '--csv-raw'], { cwd: dir });
    expect(summary.code).toBe(0);
    expect(written(summary.stdout, '@SUM(A1)')).toBe('safe');
    const scan = await runCli(['scan', 'notes.csv', '-f', 'csv', '--matches', 'v.csv', '--stdin-id', '--csv-raw'], { cwd: dir });
    expect(scan.code).toBe(0);
    expect(written(scan.stdout, '@SUM(A1)')).toBe('safe');
    expect(written(readFileSync(join(dir, 'v.csv'), 'utf8'), '@SUM(A1)')).toBe('safe');
  });

  it('"--csv-raw" after "--" is an operand (here a results file of that name), not the flag', async () => {
    writeFileSync(join(dir, '--csv-raw'), readFileSync(join(dir, 'r.jsonl')));
    const r = await runCli(['summarize', '-f', 'csv', '--by', 'site', '--', '--csv-raw'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(written(r.stdout, '@SUM(A1)')).toBe('safe');
  });
});
