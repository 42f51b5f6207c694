/**
 * The researcher's and the QI analyst's jobs end to end (issue 17): formats by extension, outputs
 * that are not regular files, speakers that never fail silently, privacy downstream of --no-context,
 * one way to read a source, joins, time buckets, ranking, samples, encodings.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/harmlex.js');

/** A folder with these files (text). */
function folder(files: Record<string, string | Buffer>): string {
  const dir = tempDir('harmlex-wf-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const NOTES = 'a.txt';
const notes = () => folder({ [NOTES]: 'The patient is an addict. It is her choice.\n', 'b.txt': 'We meet people where they are.\n' });

describe('formats by extension', () => {
  it('scan -o FILE without -f writes the format its extension names', async () => {
    const d = notes();
    for (const [file, test] of [
      ['r.jsonl', (s: string) => s.split('\n').filter(Boolean).every((l) => JSON.parse(l).id)],
      ['r.json', (s: string) => Array.isArray(JSON.parse(s).documents)],
      ['r.csv', (s: string) => s.startsWith('id,status,')],
    ] as const) {
      const r = await runCli(['scan', 'a.txt', 'b.txt', '-o', file], { cwd: d });
      expect(r.code, r.stderr).toBe(0);
      expect(test(readFileSync(join(d, file), 'utf8')), file).toBe(true);
    }
  });

  it('summarize, check, agree and lexicon list pick their format from -o too; a format a command cannot write is a warning', async () => {
    const d = notes();
    await runCli(['scan', 'a.txt', 'b.txt', '-o', 'r.jsonl'], { cwd: d });
    const s = await runCli(['summarize', 'r.jsonl', '-o', 's.csv'], { cwd: d });
    expect(s.code, s.stderr).toBe(0);
    expect(readFileSync(join(d, 's.csv'), 'utf8')).not.toMatch(/^\*\*Table/);
    const sj = await runCli(['summarize', 'r.jsonl', '-o', 's.json'], { cwd: d });
    expect(sj.code).toBe(0);
    expect(JSON.parse(readFileSync(join(d, 's.json'), 'utf8')).overall).toBeTruthy();
    const c = await runCli(['check', 'a.txt', '-o', 'c.sarif'], { cwd: d });
    expect(c.code).toBe(1);
    expect(JSON.parse(readFileSync(join(d, 'c.sarif'), 'utf8')).version).toBe('2.1.0');
    const l = await runCli(['lexicon', 'list', '-o', 'l.md'], { cwd: d });
    expect(l.code).toBe(0);
    expect(readFileSync(join(d, 'l.md'), 'utf8')).toMatch(/\|/);
    const h = await runCli(['scan', 'a.txt', '-o', 'r.html'], { cwd: d });
    expect(h.code).toBe(0);
    expect(h.stderr).toMatch(/does not write html; writing csv/);
  });

  it('-o creates missing parent folders', async () => {
    const d = notes();
    const r = await runCli(['scan', 'a.txt', '-o', 'out/deep/r.jsonl'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(d, 'out/deep/r.jsonl'))).toBe(true);
    const s = await runCli(['summarize', 'out/deep/r.jsonl', '-o', 'tables/s.md'], { cwd: d });
    expect(s.code, s.stderr).toBe(0);
    expect(readFileSync(join(d, 'tables/s.md'), 'utf8')).toMatch(/\*\*Table/);
  });

  it.each([
    ['scan', ['scan', 'a.txt', '-f', 'jsonl', '-o', '/dev/stdout'], /"status":"ok"/],
    ['scan -o -', ['scan', 'a.txt', '-f', 'jsonl', '-o', '-'], /"status":"ok"/],
    ['check -f sarif', ['check', 'a.txt', '-f', 'sarif', '-o', '/dev/stdout'], /"version": ?"2\.1\.0"/],
    ['summarize', ['summarize', 'r.jsonl', '-f', 'csv', '-o', '/dev/stdout'], /stigma/i],
  ])('%s -o /dev/stdout in a pipe (spawned)', (_name, args, want) => {
    const d = notes();
    spawnSync(process.execPath, [BIN, 'scan', 'a.txt', 'b.txt', '-o', 'r.jsonl'], { cwd: d });
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: d, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBeLessThanOrEqual(1);
    expect(r.stdout).toMatch(want);
  });

  it('-o /dev/null (a device) is written, not refused', async () => {
    const d = notes();
    const r = await runCli(['scan', 'a.txt', '-o', '/dev/null'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
  });
});

const TRANSCRIPT = 'Interviewer: Tell me about the clinic.\nP03: Junkies, all of them.\nInterviewer: Anything else?\nP03: We meet people where they are.\n';

describe('speakers never fail silently', () => {
  it('a --speaker name that matches no label: a warning per document listing the labels found, exit 2 when it matches none in the run', async () => {
    const d = folder({ 'tr/a.txt': TRANSCRIPT, 'tr/b.txt': TRANSCRIPT.replace(/P03/g, 'P04') });
    const r = await runCli(['scan', 'tr', '--speaker', 'Participant', '-f', 'jsonl'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tr\/a\.txt: speaker "Participant" matches no label; labels found: Interviewer, P03/);
    expect(r.stderr).toMatch(/matches no label in any document \(labels found: Interviewer, P03, P04\)/);
    const one = await runCli(['scan', 'tr', '--speaker', 'P03', '-f', 'jsonl'], { cwd: d });
    expect(one.code).toBe(0);
    expect(one.stderr).toMatch(/tr\/b\.txt: speaker "P03" matches no label; labels found: Interviewer, P04/);
    expect(one.stderr).not.toMatch(/tr\/a\.txt/);
  });

  it('a document without labels is named too: its whole text was scored', async () => {
    const d = folder({ 'n.txt': 'The patient is an addict.\n' });
    const r = await runCli(['scan', 'n.txt', '--exclude-speaker', 'Interviewer', '-f', 'jsonl'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/n\.txt: no speaker labels found/);
  });

  it('names are repeatable and comma-separated, never variadic: a path after --exclude-speaker stays a path', async () => {
    const d = folder({ 'tr/a.txt': TRANSCRIPT });
    const r = await runCli(['scan', '--exclude-speaker', 'Interviewer', 'tr', '-f', 'jsonl'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.id).toBe('tr/a.txt');
    expect(rec.matches.every((m: { speaker: string }) => m.speaker === 'P03')).toBe(true);
    const s = await runCli(['summarize', '--by', 'site', 'r.jsonl'], { cwd: d });
    expect(s.stderr).not.toMatch(/no results/);
  });
});
