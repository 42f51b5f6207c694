/**
 * Reliability catalogue, cases 7 and 8 (issue 16): spreadsheet-safe CSV in every CSV output (a
 * cell starting with = + - @, a tab or a carriage return gets a leading ', numbers stay numbers,
 * --csv-raw turns it off) and terminal-safe text in the human formats and messages (control
 * characters shown as \x1b, never sent raw).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const INJECT = 'id,text,site,score\n"=HYPERLINK(""http://evil.example"",""x"")",he is an addict,@SUM(A1),-1.5\n+cmd,we meet people where they are,"\tTAB",2\n-3,plain,-x,+4\n';
const rows = (s: string) => parse(s, { columns: true, bom: true }) as Record<string, string>[];

describe('spreadsheet-safe CSV', () => {
  it('scan --format csv: ids and metadata that start like a formula get a leading \', plain numbers do not', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.csv'), INJECT);
    const r = await runCli(['scan', 'notes.csv', '--format', 'csv'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = rows(r.stdout);
    expect(out.map((o) => o.id)).toEqual([`'=HYPERLINK("http://evil.example","x")`, "'+cmd", '-3']);
    expect(out.map((o) => o.site)).toEqual(["'@SUM(A1)", "'\tTAB", "'-x"]);
    expect(out.map((o) => o.score)).toEqual(['-1.5', '2', '+4']);
    expect(out[0]!.continuum).toBe('-1');
    const raw = rows((await runCli(['scan', 'notes.csv', '--format', 'csv', '--csv-raw'], { cwd: dir })).stdout);
    expect(raw[0]!.id).toBe('=HYPERLINK("http://evil.example","x")');
  });

  it('the --matches CSV, the summary CSV and the sample CSV are safe too', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.csv'), INJECT);
    const scan = await runCli(['scan', 'notes.csv', '--format', 'jsonl', '--matches', 'm.csv', '--summary-by', 'site', '--summary-output', 's.csv'], { cwd: dir });
    expect(scan.code).toBe(0);
    const m = readFileSync(join(dir, 'm.csv'), 'utf8');
    expect(m).not.toMatch(/(^|,|")[=@+]/m);
    expect(rows(m)[0]!.id).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(readFileSync(join(dir, 's.csv'), 'utf8')).toContain("'@SUM(A1)");
    writeFileSync(join(dir, 'r.jsonl'), scan.stdout);
    const sample = await runCli(['sample', 'r.jsonl', '--seed', '1', '--per-entry', '5'], { cwd: dir });
    expect(sample.code).toBe(0);
    expect(sample.stdout).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe('terminal-safe text', () => {
  const ESC = '\u001b';
  it('scan --format table: escape sequences in a file name, an id and the text are shown escaped', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd', `evil${ESC}]0;pwned\u0007.txt`), `he is an addict ${ESC}[2J${ESC}]0;title\u0007 here\n`);
    writeFileSync(join(dir, 'notes.csv'), `id,text\n"a${ESC}[31mred",he is an addict\n`);
    const r = await runCli(['scan', 'd', 'notes.csv', '--format', 'table'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toContain('\u0007');
    expect(r.stdout).toContain('\\x1b]0;pwned\\x07');
    expect(r.stdout).toContain('a\\x1b[31mred');
  });

  it('check: stylish and compact escape file names and text; messages on standard error too', async () => {
    const dir = tempDir();
    const name = `doc${ESC}[2K.md`;
    writeFileSync(join(dir, name), 'He is an addict.\n');
    for (const format of ['stylish', 'compact']) {
      const r = await runCli(['check', name, '--format', format], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain(ESC);
      expect(r.stdout).toContain('doc\\x1b[2K.md');
    }
    const missing = await runCli(['scan', `gone${ESC}[2J.txt`, '--format', 'jsonl'], { cwd: dir });
    expect(missing.stderr).not.toContain(ESC);
    expect(missing.stderr).toContain('gone\\x1b[2J.txt');
  });

  it('summaries (table, markdown), agree tables and explain show escapes too', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.csv'), `id,text,site\na,he is an addict,"x${ESC}]0;t\u0007"\n`);
    const scan = await runCli(['scan', 'notes.csv', '--format', 'jsonl'], { cwd: dir });
    writeFileSync(join(dir, 'r.jsonl'), scan.stdout);
    for (const format of ['table', 'markdown']) {
      const r = await runCli(['summarize', 'r.jsonl', '--by', 'site', '--format', format], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain(ESC);
      expect(r.stdout).toContain('\\x1b]0;t\\x07');
    }
    const e = await runCli(['explain', `he is an addict ${ESC}[2J`], { cwd: dir });
    expect(e.stdout).not.toContain(ESC);
  });
});
